package dev.firstresponder.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts {@link TestApp}s for a test class and ends each test the same way: the fake Slack saw no
 * call the real Slack would refuse, then everything started (restarts included) is stopped. It
 * plays the part Jdbi's {@code JdbiExtension} plays for databases.
 *
 * <pre>{@code
 * @RegisterExtension final TestApps apps = new TestApps();
 *
 * @Test void something() throws Exception {
 *   TestApp t = apps.start(Map.of("ONCALL_TIMEZONE", "Europe/Berlin"), clock);
 *   ...
 * }
 * }</pre>
 *
 * Registered on a static field with {@link #perClass()}, apps started in {@code @BeforeAll} live
 * for the whole class; the check still runs after each test.
 */
public final class TestApps implements AfterEachCallback, AfterAllCallback {
  private final boolean perClass;
  private final List<TestApp> started = new ArrayList<>();
  private final List<Runnable> onClose = new ArrayList<>();

  public TestApps() {
    this(false);
  }

  private TestApps(boolean perClass) {
    this.perClass = perClass;
  }

  /** Apps that live for the whole test class (start them in {@code @BeforeAll}). */
  public static TestApps perClass() {
    return new TestApps(true);
  }

  public TestApp start() throws Exception {
    return start(Map.of());
  }

  public TestApp start(Map<String, String> overrides) throws Exception {
    return start(overrides, Clock.systemUTC());
  }

  /** The default environment plus overrides (an empty value removes a setting). */
  public TestApp start(Map<String, String> overrides, Clock clock) throws Exception {
    TestApp t = TestApp.start(overrides, clock);
    started.add(t);
    return t;
  }

  /** Something else to stop with the apps, after them (a mail server, say). */
  public void onClose(Runnable stop) {
    onClose.add(stop);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perClass) checkViolations();
    else checkAndClose();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (perClass) close();
  }

  private void checkAndClose() {
    try {
      checkViolations();
    } finally {
      close();
    }
  }

  private void checkViolations() {
    for (TestApp t : started) {
      assertThat(t.slack.violations()).as("calls the real Slack would have refused").isEmpty();
    }
  }

  private void close() {
    // A restarted app is closed through the one it replaced (TestApp#restart).
    for (TestApp t : started) t.close();
    started.clear();
    for (Runnable r : onClose) r.run();
    onClose.clear();
  }
}
