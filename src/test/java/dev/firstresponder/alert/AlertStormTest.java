package dev.firstresponder.alert;

import static dev.firstresponder.alert.AlertDriver.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.TestApps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many groups at once: each pages once, and Slack's rate of about one message per second per
 * channel is kept by pacing the posts, not by dropping them (the fake refuses faster posting).
 */
class AlertStormTest {
  @RegisterExtension final TestApps apps = new TestApps();

  static final int GROUPS = 5;
  static final int LATE = 3;

  @Test
  void manyGroupsAtOnceArePagedOnceEachAtSlacksPacePerChannel() throws Exception {
    AlertDriver d = AlertDriver.start(apps, Map.of(), Clock.systemUTC()).rota(ALICE);
    // The rota's own announcement goes to the same channel first; the rate is measured after it.
    Await.until(() -> !d.t.slack.messages(AlertDriver.CHANNEL).isEmpty(), "the rota announcement");
    d.t.slack.enforcePostRate(Duration.ofMillis(950));
    Instant now = Instant.now();
    List<Notifications> groups = new ArrayList<>();
    for (int g = 0; g < GROUPS; g++) {
      Notifications n = Notifications.group(Map.of("alertname", "Storm" + g, "cluster", "prod"));
      for (int a = 0; a < 4; a++) n.firing("s" + g + "a" + a, now, Map.of("instance", "i" + a));
      groups.add(n);
    }
    ExecutorService senders = Executors.newFixedThreadPool(GROUPS);
    List<Future<Integer>> answers = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (Notifications n : groups)
        answers.add(senders.submit(() -> d.send(n.json()).statusCode()));
    }
    for (Future<Integer> f : answers) assertThat(f.get()).isEqualTo(200);
    senders.shutdown();

    Await.until(() -> d.pages().size() == GROUPS, GROUPS + " pages", Duration.ofSeconds(30));
    Await.until(() -> d.dms(ALICE).size() == GROUPS, GROUPS + " DMs", Duration.ofSeconds(30));
    // Stragglers right after the burst, into a conversation that has just been posted to.
    for (int g = GROUPS; g < GROUPS + LATE; g++) {
      d.accepted(
          Notifications.group(Map.of("alertname", "Late" + g, "cluster", "prod"))
              .firing("l" + g, now, Map.of()));
      Thread.sleep(300);
    }
    Await.until(() -> d.pages().size() == GROUPS + LATE, "the late pages", Duration.ofSeconds(30));
    d.drain();

    assertThat(d.pages()).hasSize(GROUPS + LATE);
    assertThat(d.dms(ALICE)).hasSize(GROUPS + LATE);
    assertThat(d.sql("SELECT count(*) FROM alert_page", Integer.class)).isEqualTo(GROUPS + LATE);
    assertThat(d.t.slack.violations()).isEmpty();
  }
}
