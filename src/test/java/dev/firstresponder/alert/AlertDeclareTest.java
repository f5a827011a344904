package dev.firstresponder.alert;

import static dev.firstresponder.alert.AlertDriver.ALICE;
import static dev.firstresponder.alert.AlertDriver.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeGitHub;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.SlackPayloads;
import dev.firstresponder.testing.TestApps;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Declare incident on an alert: the usual form, pre-filled, and the two linked both ways. */
class AlertDeclareTest {
  @RegisterExtension final TestApps apps = new TestApps();

  static final Instant T0 = Instant.now().minusSeconds(120);
  AlertDriver d;

  /** The initial values of the form's inputs, by block id. */
  static Map<String, String> initialValues(JsonObject view) {
    Map<String, String> out = new HashMap<>();
    for (var b : view.getAsJsonArray("blocks")) {
      JsonObject block = b.getAsJsonObject();
      if (block.has("element") && block.getAsJsonObject("element").has("initial_value")) {
        out.put(
            block.get("block_id").getAsString(),
            block.getAsJsonObject("element").get("initial_value").getAsString());
      }
    }
    return out;
  }

  @Test
  void declaringFromAnAlertPrefillsTheFormAcknowledgesAndLinksBothWays() throws Exception {
    d = AlertDriver.start(apps, Map.of(), Clock.systemUTC()).rota(ALICE, BOB);
    d.accepted(Notifications.highLatency().firing("a1", T0, Map.of("instance", "api-1")));
    d.awaitPage(m -> true, "the page");
    long episode = d.episode();

    String responseUrl = d.t.slack.responseUrl("declare");
    HttpResponse<String> click =
        d.t.interaction(
            SlackPayloads.blockAction(
                AlertViews.DECLARE,
                Long.toString(episode),
                BOB,
                AlertDriver.CHANNEL,
                "1.000200",
                responseUrl));
    assertThat(click.statusCode()).isEqualTo(200);

    JsonObject view =
        JsonParser.parseString(d.t.slack.awaitCall("views.open").param("view")).getAsJsonObject();
    assertThat(view.get("callback_id").getAsString()).isEqualTo("incident.declare");
    assertThat(view.get("private_metadata").getAsString()).isEqualTo("alert:" + episode);
    Map<String, String> initial = initialValues(view);
    assertThat(initial)
        .containsEntry("incident.declare.cluster", "prod")
        .containsEntry("incident.declare.service", "api")
        .containsEntry("incident.declare.short", "p99 latency over 2s");
    assertThat(initial.get("incident.declare.links").lines().toList())
        .hasSize(3)
        .startsWith(
            "http://prometheus.example:9090/graph?g0.expr=latency",
            "https://runbooks.example/high-latency")
        .last()
        .asString()
        .startsWith("http://alertmanager.example:9093/#/alerts?filter=");
    assertThat(d.t.slack.violations()).isEmpty();

    HttpResponse<String> submitted =
        d.t.interaction(
            SlackPayloads.viewSubmission(
                "incident.declare", BOB, "V0ALERTDECL", "alert:" + episode, declaration(initial)));
    assertThat(submitted.statusCode()).isEqualTo(200);

    assertThat(d.sql("SELECT acknowledged_by FROM alert_episode", String.class)).isEqualTo(BOB);
    long incident = d.sql("SELECT incident_id FROM alert_episode", Long.class);
    assertThat(d.sql("SELECT declared_by FROM incident WHERE id = " + incident, String.class))
        .isEqualTo(BOB);
    String channel =
        Await.until(
            () ->
                d.t
                    .app
                    .database()
                    .jdbi()
                    .withHandle(
                        h ->
                            h.createQuery("SELECT channel_id FROM incident WHERE id = " + incident)
                                .mapTo(String.class)
                                .findOne()
                                .orElse(null)),
            "the incident channel");

    FakeSlack.Message page =
        Await.until(
            () ->
                d.pages().stream()
                    .filter(m -> m.shown().contains("Incident: <#" + channel + ">"))
                    .findFirst()
                    .orElse(null),
            "the alert linking the incident channel");
    assertThat(page.shown()).contains("Acknowledged by <@" + BOB + ">");
    assertThat(AlertDriver.buttons(page))
        .doesNotContain(AlertViews.DECLARE, AlertViews.ACKNOWLEDGE);

    FakeSlack.Message start =
        Await.until(
            () ->
                d.t.slack.messages(channel).stream()
                    .filter(m -> m.text().contains("Declared from"))
                    .findFirst()
                    .orElse(null),
            "the incident's start message naming the alert");
    assertThat(start.text())
        .contains("Declared from the alert HighLatency (prod/api), firing since ");
    FakeGitHub.Issue issue = d.t.github.awaitIssue(i -> i.title.startsWith("[INCIDENT][prod/api]"));
    assertThat(issue.body)
        .contains("**Declared from:** the alert HighLatency (prod/api), firing since");
    d.drain();
    assertThat(d.t.slack.violations()).isEmpty();
  }

  @Test
  void aResolvedAlertOffersNoForm() throws Exception {
    d = AlertDriver.start(apps, Map.of(), Clock.systemUTC()).rota(ALICE);
    d.accepted(Notifications.highLatency().firing("a1", T0, Map.of()));
    d.accepted(Notifications.highLatency().resolved("a1", T0, T0.plusSeconds(60), Map.of()));

    assertThat(d.click(AlertViews.DECLARE, d.episode(), ALICE))
        .isEqualTo("This alert group has resolved; use `/incident` to declare an incident anyway.");
    assertThat(d.t.slack.calls("views.open")).isEmpty();
  }

  /** The form as the person submits it: the pre-filled fields plus what only a person can say. */
  static Map<String, Map<String, JsonObject>> declaration(Map<String, String> initial) {
    return new SlackPayloads.Values()
        .put(
            "incident.declare.cluster",
            SlackPayloads.text("incident.declare.cluster", initial.get("incident.declare.cluster")))
        .put(
            "incident.declare.service",
            SlackPayloads.text("incident.declare.service", initial.get("incident.declare.service")))
        .put(
            "incident.declare.short",
            SlackPayloads.text("incident.declare.short", initial.get("incident.declare.short")))
        .put(
            "incident.declare.impact",
            SlackPayloads.text("incident.declare.impact", "API users see slow pages"))
        .put(
            "incident.declare.links",
            SlackPayloads.text("incident.declare.links", initial.get("incident.declare.links")))
        .put(
            "incident.declare.criteria",
            SlackPayloads.checkboxes("incident.declare.criteria", List.of("visible")))
        .put("incident.declare.ots", SlackPayloads.users("incident.declare.ots", List.of(ALICE)))
        .put("incident.declare.cc", SlackPayloads.user("incident.declare.cc", BOB))
        .put("incident.declare.next", SlackPayloads.select("incident.declare.next", "30"))
        .build();
  }
}
