package dev.firstresponder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.alert.AlertSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert settings: defaults, Go-style durations, and one clear line per mistake. */
class AlertConfigTest {
  static Map<String, String> env(String... kv) {
    Map<String, String> env = ConfigTest.minimal();
    for (int i = 0; i < kv.length; i += 2) env.put(kv[i], kv[i + 1]);
    return env;
  }

  static List<String> problems(Map<String, String> env) {
    try {
      Config.fromEnv(env);
    } catch (Config.ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected configuration problems");
  }

  @Test
  void defaultsPageInTheOncallChannelAfterFiveThenTenMinutes() throws Exception {
    AlertSettings a =
        Config.fromEnv(env("ALERTMANAGER_TOKEN", "s3cret", "ONCALL_CHANNEL", "C0ONCALL1")).alerts();

    assertThat(a.enabled()).isTrue();
    assertThat(a.channel()).contains("C0ONCALL1");
    assertThat(a.toLevel2()).isEqualTo(Duration.ofMinutes(5));
    assertThat(a.toLevel3()).isEqualTo(Duration.ofMinutes(10));
    assertThat(a.secondary()).isEmpty();
    assertThat(a.alertmanagerUrl()).isEmpty();
    assertThat(a.issues()).isFalse();
    assertThat(a.autoClose()).isTrue();
    assertThat(a.toString()).doesNotContain("s3cret");
    assertThat(Config.fromEnv(env()).alerts().enabled()).isFalse();
  }

  @Test
  void everyAlertSettingIsRead() throws Exception {
    AlertSettings a =
        Config.fromEnv(
                env(
                    "ALERTMANAGER_TOKEN", "s3cret",
                    "ONCALL_CHANNEL", "C0ONCALL1",
                    "ALERT_CHANNEL", "C0ALERTS1",
                    "ALERT_ESCALATION", "30s, 1h30m",
                    "ONCALL_SECONDARY", "U0SEC0001,U0SEC0002",
                    "ALERTMANAGER_URL", "http://alertmanager:9093/",
                    "GITHUB_TOKEN", "ghp_x",
                    "GITHUB_REPOSITORY", "acme/sre",
                    "ALERT_ISSUES", "true",
                    "ALERT_ISSUES_AUTO_CLOSE", "false"))
            .alerts();

    assertThat(a)
        .isEqualTo(
            new AlertSettings(
                Optional.of("s3cret"),
                Optional.of("C0ALERTS1"),
                Duration.ofSeconds(30),
                Duration.ofMinutes(90),
                List.of("U0SEC0001", "U0SEC0002"),
                Optional.of("http://alertmanager:9093"),
                true,
                false));
  }

  @Test
  void theServiceRefusesToStartWithExitCode2AndOneLinePerMistake(@TempDir Path dir)
      throws Exception {
    Map<String, String> env = env("ALERT_ESCALATION", "5m,soon", "ALERT_CHANNEL", "alerts");
    env.put("DATABASE_URL", "jdbc:sqlite:" + dir.resolve("t.db"));
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.firstresponder.Main")
            .directory(dir.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(err.lines().filter(l -> l.contains("ALERT_ESCALATION"))).hasSize(1);
    assertThat(err.lines().filter(l -> l.contains("ALERT_CHANNEL"))).hasSize(1);
    assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void goStyleDurations() {
    assertThat(AlertSettings.goDuration("30s")).contains(Duration.ofSeconds(30));
    assertThat(AlertSettings.goDuration("5m")).contains(Duration.ofMinutes(5));
    assertThat(AlertSettings.goDuration("1h")).contains(Duration.ofHours(1));
    assertThat(AlertSettings.goDuration("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(AlertSettings.goDuration("1.5h")).contains(Duration.ofMinutes(90));
    assertThat(AlertSettings.goDuration("2m30s")).contains(Duration.ofSeconds(150));
    assertThat(AlertSettings.goDuration("500ms")).contains(Duration.ofMillis(500));
    for (String bad :
        List.of("", "5", "m", "5 m", "-5m", "5d", "0s", "5m10", "1h 5m", "8d", "169h")) {
      assertThat(AlertSettings.goDuration(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void eachMistakeIsOneLineNamingItsVariable() {
    List<String> p =
        problems(
            env(
                "ALERTMANAGER_TOKEN", "s3cret",
                "ALERT_ESCALATION", "5 minutes",
                "ONCALL_SECONDARY", "bob",
                "ALERTMANAGER_URL", "alertmanager:9093",
                "ALERT_ISSUES", "maybe",
                "ALERT_ISSUES_AUTO_CLOSE", "sometimes"));

    assertThat(p)
        .anyMatch(s -> s.startsWith("ALERT_CHANNEL: required when ALERTMANAGER_TOKEN is set"))
        .anyMatch(
            s -> s.startsWith("ALERT_ESCALATION: '5 minutes' is not two durations such as 5m,10m"))
        .anyMatch(s -> s.startsWith("ONCALL_SECONDARY: 'bob' is not a Slack user ID"))
        .anyMatch(s -> s.startsWith("ALERTMANAGER_URL: 'alertmanager:9093' is not an http(s) URL"))
        .anyMatch(s -> s.startsWith("ALERT_ISSUES: 'maybe' is not true or false"))
        .anyMatch(s -> s.startsWith("ALERT_ISSUES_AUTO_CLOSE: 'sometimes' is not true or false"))
        .allMatch(s -> !s.contains("\n"));
    assertThat(problems(env("ALERT_ESCALATION", "5m")))
        .anyMatch(s -> s.startsWith("ALERT_ESCALATION:"));
    assertThat(problems(env("ALERT_ESCALATION", "5m,10m,15m")))
        .anyMatch(s -> s.startsWith("ALERT_ESCALATION:"));
    assertThat(problems(env("ALERT_CHANNEL", "#alerts")))
        .anyMatch(s -> s.startsWith("ALERT_CHANNEL: '#alerts'"));
    assertThat(problems(env("ALERT_ISSUES", "true")))
        .anyMatch(
            s -> s.startsWith("ALERT_ISSUES: 'true' needs GITHUB_TOKEN and GITHUB_REPOSITORY"));
  }
}
