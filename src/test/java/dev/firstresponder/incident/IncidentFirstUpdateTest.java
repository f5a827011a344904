package dev.firstresponder.incident;

import static dev.firstresponder.incident.IncidentDriver.ALICE;
import static dev.firstresponder.incident.IncidentDriver.CAROL;
import static dev.firstresponder.incident.IncidentDriver.GENERAL;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.firstresponder.testing.FakeGitHub;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.MutableClock;
import dev.firstresponder.testing.SlackPayloads;
import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The declaration already says when the first update comes, and the promise is kept. */
class IncidentFirstUpdateTest {
  @RegisterExtension final TestApps apps = new TestApps();

  TestApp t;
  IncidentDriver d;

  void start(Map<String, String> env, Clock clock) throws Exception {
    t = apps.start(env, clock);
    d = new IncidentDriver(t);
  }

  @Test
  void theDeclarationPromisesTheFirstUpdateAndTheCcIsRemindedOnceWhenItPasses() throws Exception {
    MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
    start(Map.of(), clock);
    SlackPayloads.Values v =
        IncidentDriver.declaration("moc-infra", "grafana", "dashboards do not load")
            .put(
                IncidentViews.DECLARE_NEXT, SlackPayloads.select(IncidentViews.DECLARE_NEXT, "15"));

    HttpResponse<String> r = d.submitDeclaration(ALICE, "V0PROMISE1", v);

    assertThat(IncidentDriver.errors(r)).isEmpty();
    String channel = d.awaitChannel("grafana");
    FakeGitHub.Issue issue = t.github.awaitIssue(i -> true);
    FakeSlack.Message announcement = d.awaitMessage(TestApp.ANNOUNCE, "/issues/" + issue.number);
    assertThat(announcement.text()).contains("Next update: in 15 minutes (by 10:15 UTC)");
    assertThat(d.awaitStartMessage(channel).text())
        .contains("Next update: in 15 minutes (by 10:15 UTC)");
    assertThat(issue.body)
        .doesNotContain("update will")
        .doesNotContain("Next update")
        .contains("We will provide updates to this issue thread as the incident progresses.");

    clock.advance(Duration.ofMinutes(16));
    FakeSlack.Message reminder =
        d.awaitMessage(channel, "the next update was promised for 10:15 UTC");
    assertThat(reminder.text()).contains("<@" + CAROL + ">");

    // A later reminder run (it reminds a second incident) must not repeat the first one.
    d.submitDeclaration(
        ALICE,
        "V0PROMISE2",
        IncidentDriver.declaration("moc-infra", "prometheus", "no metrics")
            .put(
                IncidentViews.DECLARE_NEXT,
                SlackPayloads.select(IncidentViews.DECLARE_NEXT, "15")));
    String second = d.awaitChannel("prometheus");
    d.awaitStartMessage(second);
    clock.advance(Duration.ofMinutes(16));
    d.awaitMessage(second, "the next update was promised for 10:31 UTC");
    assertThat(t.slack.messages(channel).stream().filter(m -> m.text().contains("was promised")))
        .hasSize(1);
  }

  @Test
  void theDeclarationModalAsksWhenTheFirstUpdateComes() throws Exception {
    start(Map.of(), MutableClock.at("2026-11-23T10:00:00Z"));

    t.command("/incident", "", ALICE, GENERAL);

    FakeSlack.Call open = t.slack.awaitCall("views.open");
    JsonObject next =
        open.json("view").getAsJsonArray("blocks").asList().stream()
            .map(b -> b.getAsJsonObject())
            .filter(
                b ->
                    b.has("block_id")
                        && b.get("block_id").getAsString().equals(IncidentViews.DECLARE_NEXT))
            .findFirst()
            .orElseThrow();
    assertThat(next.getAsJsonObject("label").get("text").getAsString()).isEqualTo("Next update in");
    assertThat(
            next.getAsJsonObject("element")
                .getAsJsonObject("initial_option")
                .get("value")
                .getAsString())
        .isEqualTo("30");
    assertThat(next.getAsJsonObject("element").getAsJsonArray("options"))
        .hasSize(IncidentRules.NEXT_UPDATE_MINUTES.size());
  }
}
