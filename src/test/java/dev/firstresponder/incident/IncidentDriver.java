package dev.firstresponder.incident;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.SlackPayloads;
import dev.firstresponder.testing.TestApp;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Drives incidents through signed requests, as Slack would send them. */
final class IncidentDriver {
  static final String ALICE = "U0ALICE01";
  static final String BOB = "U0BOB0001";
  static final String CAROL = "U0CAROL01";
  static final String MALLORY = "U0MALLORY";
  static final String GENERAL = "C0GENERAL";

  private final TestApp t;

  IncidentDriver(TestApp t) {
    this.t = t;
    t.slack
        .addUser(ALICE, "alice")
        .addUser(BOB, "bob")
        .addUser(CAROL, "carol")
        .addUser(MALLORY, "mallory");
    t.slack.addChannel(GENERAL, "general", true);
  }

  static SlackPayloads.Values declaration(String cluster, String service, String shortMessage) {
    return new SlackPayloads.Values()
        .put(
            IncidentViews.DECLARE_CLUSTER,
            SlackPayloads.text(IncidentViews.DECLARE_CLUSTER, cluster))
        .put(
            IncidentViews.DECLARE_SERVICE,
            SlackPayloads.text(IncidentViews.DECLARE_SERVICE, service))
        .put(
            IncidentViews.DECLARE_SHORT,
            SlackPayloads.text(IncidentViews.DECLARE_SHORT, shortMessage))
        .put(
            IncidentViews.DECLARE_IMPACT,
            SlackPayloads.text(IncidentViews.DECLARE_IMPACT, "all users of the dashboards"))
        .put(
            IncidentViews.DECLARE_LINKS,
            SlackPayloads.text(
                IncidentViews.DECLARE_LINKS,
                "https://status.example/grafana\nhttps://runbook.example/g"))
        .put(
            IncidentViews.DECLARE_CRITERIA,
            SlackPayloads.checkboxes(IncidentViews.DECLARE_CRITERIA, List.of("visible")))
        .put(
            IncidentViews.DECLARE_OTS, SlackPayloads.users(IncidentViews.DECLARE_OTS, List.of(BOB)))
        .put(IncidentViews.DECLARE_CC, SlackPayloads.user(IncidentViews.DECLARE_CC, CAROL))
        .put(
            IncidentViews.DECLARE_SEVERITY,
            SlackPayloads.select(IncidentViews.DECLARE_SEVERITY, "SEV2 - major"))
        // What Slack submits when the preselected "Next update in" is left as it is.
        .put(IncidentViews.DECLARE_NEXT, SlackPayloads.select(IncidentViews.DECLARE_NEXT, "30"));
  }

  HttpResponse<String> submitDeclaration(String user, String viewId, SlackPayloads.Values values)
      throws Exception {
    return t.interaction(
        SlackPayloads.viewSubmission(IncidentViews.DECLARE, user, viewId, "", values.build()));
  }

  /**
   * Declares grafana on moc-infra (Alice declares, Bob OT, Carol CC) and returns the incident
   * channel.
   */
  String declareGrafana() throws Exception {
    HttpResponse<String> r =
        submitDeclaration(
            ALICE, "V0DECLARE1", declaration("moc-infra", "grafana", "dashboards do not load"));
    if (r.statusCode() != 200)
      throw new AssertionError("declaration refused: " + r.statusCode() + " " + r.body());
    return awaitChannel("grafana");
  }

  /** The channel the bot created for the incident (a taken name it tried first is not it). */
  String awaitChannel(String service) {
    return Await.until(
        () ->
            t.slack.calls("conversations.create").stream()
                .filter(c -> c.param("name").contains("-" + service))
                .map(c -> t.slack.channelIdByName(c.param("name")))
                .filter(id -> id != null && t.slack.members(id).contains(FakeSlack.BOT_USER))
                .findFirst()
                .orElse(null),
        "the incident channel; calls: " + t.slack.summary());
  }

  FakeSlack.Message awaitStartMessage(String channel) {
    return Await.until(
        () ->
            t.slack.messages(channel).stream()
                .filter(
                    m -> m.blocks() != null && m.blocks().contains(IncidentBlocks.ACTION_RESOLVE))
                .findFirst()
                .orElse(null),
        "the start message in " + channel);
  }

  FakeSlack.Message awaitMessage(String channel, String containing) {
    return Await.until(
        () ->
            t.slack.messages(channel).stream()
                .filter(m -> m.text() != null && m.text().contains(containing))
                .findFirst()
                .orElse(null),
        "a message containing '"
            + containing
            + "' in "
            + channel
            + "; messages: "
            + t.slack.messages(channel));
  }

  HttpResponse<String> submitUpdate(
      String user,
      String viewId,
      long incidentId,
      String impact,
      String action,
      String users,
      String next)
      throws Exception {
    SlackPayloads.Values v =
        new SlackPayloads.Values()
            .put(
                IncidentViews.UPDATE_IMPACT,
                SlackPayloads.text(IncidentViews.UPDATE_IMPACT, impact))
            .put(
                IncidentViews.UPDATE_ACTION,
                SlackPayloads.text(IncidentViews.UPDATE_ACTION, action))
            .put(IncidentViews.UPDATE_USERS, SlackPayloads.text(IncidentViews.UPDATE_USERS, users))
            .put(IncidentViews.UPDATE_NEXT, SlackPayloads.select(IncidentViews.UPDATE_NEXT, next));
    return t.interaction(
        SlackPayloads.viewSubmission(
            IncidentViews.UPDATE, user, viewId, Long.toString(incidentId), v.build()));
  }

  HttpResponse<String> submitResolve(String user, String viewId, long incidentId, String lingering)
      throws Exception {
    SlackPayloads.Values v =
        new SlackPayloads.Values()
            .put(
                IncidentViews.RESOLVE_LINGERING,
                SlackPayloads.text(IncidentViews.RESOLVE_LINGERING, lingering));
    return t.interaction(
        SlackPayloads.viewSubmission(
            IncidentViews.RESOLVE, user, viewId, Long.toString(incidentId), v.build()));
  }

  HttpResponse<String> submitRoles(
      String user, String viewId, long incidentId, String cc, List<String> ots) throws Exception {
    SlackPayloads.Values v =
        new SlackPayloads.Values()
            .put(IncidentViews.ROLES_CC, SlackPayloads.user(IncidentViews.ROLES_CC, cc))
            .put(IncidentViews.ROLES_OTS, SlackPayloads.users(IncidentViews.ROLES_OTS, ots));
    return t.interaction(
        SlackPayloads.viewSubmission(
            IncidentViews.ROLES, user, viewId, Long.toString(incidentId), v.build()));
  }

  /** The text of a slash command's immediate (ephemeral) answer. */
  static String ackText(HttpResponse<String> r) {
    if (r.body() == null || r.body().isBlank()) return "";
    JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
    return o.has("text") ? o.get("text").getAsString() : "";
  }

  /** Field errors of a view submission's ack, by block id. */
  static Map<String, String> errors(HttpResponse<String> r) {
    if (r.body() == null || r.body().isBlank()) return Map.of();
    JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
    if (!o.has("errors")) return Map.of();
    Map<String, String> out = new LinkedHashMap<>();
    o.getAsJsonObject("errors")
        .entrySet()
        .forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
    return out;
  }
}
