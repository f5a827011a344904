package dev.firstresponder.alert;

import static dev.firstresponder.alert.AlertDriver.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.testing.FakeGitHub;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.TestApps;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The largest and most hostile notification the webhook accepts still gives messages Slack takes
 * and an issue GitHub takes, and no label or annotation can mention anyone or link anywhere.
 */
class AlertLimitsTest {
  @RegisterExtension final TestApps apps = new TestApps();

  @Test
  void aHugeHostileGroupStaysWithinSlackAndGitHubLimits() throws Exception {
    AlertDriver d =
        AlertDriver.start(apps, Map.of("ALERT_ISSUES", "true"), Clock.systemUTC()).rota(ALICE);
    String hostile = "<!channel> <@U0MALLORY> <https://evil.example|click> @here fixes #1 ";
    Notifications n =
        Notifications.group(
            Map.of("alertname", hostile + "x".repeat(300), "cluster", hostile + "c".repeat(200)));
    Instant now = Instant.now();
    for (int a = 0; a < 150; a++) {
      Map<String, String> labels = new HashMap<>();
      for (int l = 0; l < 8; l++) labels.put("label" + l, hostile + "v".repeat(200));
      labels.put("instance", "i" + a);
      n.firing("f" + a, now, labels);
    }
    String json = n.json();
    assertThat(json.length()).isLessThan(AlertmanagerServlet.MAX_BODY);

    d.accepted(n);

    FakeSlack.Message page = d.awaitPage(m -> true, "the page");
    FakeGitHub.Issue issue = d.t.github.awaitIssue(i -> i.title.startsWith("[ALERT]"));
    d.drain();
    assertThat(d.t.slack.violations()).isEmpty();
    String shown = page.shown();
    assertThat(shown).doesNotContain("<!channel>", "<@U0MALLORY>", "<https://evil.example");
    assertThat(shown).contains("…and 140 more");
    assertThat(page.text()).startsWith("<@" + ALICE + ">");
    assertThat(issue.title.length()).isLessThanOrEqualTo(256);
    assertThat(issue.body.length()).isLessThanOrEqualTo(65_536);
    assertThat(issue.body)
        .contains("more alerts: see Alertmanager")
        .doesNotContain("@here", "fixes #1");
    String list = OncallAnswer.of(d.t.command("/oncall", "alerts", ALICE, "C0GENERAL"));
    assertThat(list).doesNotContain("<!channel>", "<@U0MALLORY>");
  }
}
