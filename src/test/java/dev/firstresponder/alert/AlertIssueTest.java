package dev.firstresponder.alert;

import static dev.firstresponder.alert.AlertDriver.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeGitHub;
import dev.firstresponder.testing.MutableClock;
import dev.firstresponder.testing.TestApps;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ALERT_ISSUES: one GitHub issue per firing episode, kept up to date and closed on resolution. */
class AlertIssueTest {
  @RegisterExtension final TestApps apps = new TestApps();

  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  final MutableClock clock = new MutableClock(T0);
  AlertDriver d;

  FakeGitHub.Issue alertIssue() {
    return d.t.github.awaitIssue(i -> i.title.startsWith("[ALERT]"));
  }

  static Notifications one() {
    return Notifications.highLatency().firing("a1", T0, Map.of("instance", "api-1"));
  }

  @Test
  void anEpisodeOpensOneIssueThatFollowsItsAlertsAndClosesWhenItResolves() throws Exception {
    d = AlertDriver.start(apps, Map.of("ALERT_ISSUES", "true"), clock).rota(ALICE);

    d.accepted(one());

    FakeGitHub.Issue issue = alertIssue();
    assertThat(issue.title).isEqualTo("[ALERT] HighLatency (prod/api)");
    assertThat(issue.labels).containsExactly("alert", "critical");
    assertThat(issue.body)
        .contains("Alertmanager reports **HighLatency** on prod/api")
        .contains("**Summary:** p99 latency over 2s")
        .contains("**Runbook:** <https://runbooks.example/high-latency>")
        .contains("### 1. firing — fingerprint `a1`")
        .contains("- Started: 2026-11-23T10:00:00Z")
        .contains("- Source: <http://prometheus.example:9090/graph?g0.expr=latency>")
        .contains("| instance | api-1 |")
        .contains("| summary | p99 latency over 2s |");
    Await.until(
        () -> d.pages().get(0).shown().contains("GitHub issue #" + issue.number),
        "the page linking the issue");

    d.advance(clock, Duration.ofMinutes(1));
    d.accepted(one().firing("a2", T0.plusSeconds(50), Map.of("instance", "api-2")));
    Await.until(() -> issue.body.contains("fingerprint `a2`"), "the body listing the new alert");
    assertThat(issue.body).contains("(2 firing, 0 resolved)");

    d.drain();
    int writes = d.t.github.requests("PATCH", ".*/issues/" + issue.number).size();
    d.accepted(one().firing("a2", T0.plusSeconds(50), Map.of("instance", "api-2")));
    d.drain();
    assertThat(d.t.github.requests("PATCH", ".*/issues/" + issue.number)).hasSize(writes);

    d.advance(clock, Duration.ofMinutes(9));
    d.accepted(
        Notifications.highLatency()
            .resolved("a1", T0, T0.plusSeconds(590), Map.of("instance", "api-1"))
            .resolved("a2", T0.plusSeconds(50), T0.plusSeconds(590), Map.of("instance", "api-2")));

    Await.until(() -> "closed".equals(issue.state), "the issue closed");
    assertThat(issue.comments).hasSize(1);
    assertThat(issue.comments.get(0).body)
        .startsWith(
            "All alerts of this group resolved at 2026-11-23T10:10:00Z, after 10m 0s firing.");
    assertThat(issue.body).contains("(0 firing, 2 resolved)");
    d.drain();
    assertThat(d.t.github.issues().stream().filter(i -> i.title.startsWith("[ALERT]"))).hasSize(1);
  }

  @Test
  void withoutAutoCloseTheIssueGetsTheResolutionButStaysOpen() throws Exception {
    d =
        AlertDriver.start(
                apps, Map.of("ALERT_ISSUES", "true", "ALERT_ISSUES_AUTO_CLOSE", "false"), clock)
            .rota(ALICE);
    d.accepted(one());
    FakeGitHub.Issue issue = alertIssue();

    d.accepted(
        Notifications.highLatency()
            .resolved("a1", T0, T0.plusSeconds(30), Map.of("instance", "api-1")));

    Await.until(() -> issue.comments.size() == 1, "the resolution comment");
    d.drain();
    assertThat(issue.state).isEqualTo("open");
  }

  @Test
  void withoutAlertIssuesNothingGoesToGitHub() throws Exception {
    d = AlertDriver.start(apps, Map.of(), clock).rota(ALICE);

    d.accepted(one());
    d.awaitPage(m -> true, "the page");
    d.drain();

    assertThat(d.t.github.issues()).noneMatch(i -> i.title.startsWith("[ALERT]"));
  }
}
