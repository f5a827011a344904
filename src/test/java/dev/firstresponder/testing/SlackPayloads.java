package dev.firstresponder.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Interactivity and Events API payloads shaped as Slack sends them. Input values are built with
 * {@link #text}, {@link #users}, {@link #user}, {@link #checkboxes}, {@link #select}, {@link
 * #date}.
 *
 * <pre>
 * t.interaction(SlackPayloads.viewSubmission("incident.declare", "U0ALICE01", "V0001", "",
 *     Map.of("incident.declare.cluster", SlackPayloads.text("incident.declare.cluster", "prod"))));
 * </pre>
 */
public final class SlackPayloads {
  private SlackPayloads() {}

  /** One input block's state: {action_id: value}. */
  public static Map<String, JsonObject> text(String actionId, String value) {
    return Map.of(actionId, FakeSlack.obj("type", "plain_text_input", "value", value));
  }

  public static Map<String, JsonObject> users(String actionId, List<String> userIds) {
    JsonArray a = new JsonArray();
    userIds.forEach(a::add);
    JsonObject o = FakeSlack.obj("type", "multi_users_select");
    o.add("selected_users", a);
    return Map.of(actionId, o);
  }

  public static Map<String, JsonObject> user(String actionId, String userId) {
    return Map.of(actionId, FakeSlack.obj("type", "users_select", "selected_user", userId));
  }

  public static Map<String, JsonObject> checkboxes(String actionId, List<String> values) {
    JsonArray a = new JsonArray();
    for (String v : values)
      a.add(FakeSlack.obj("value", v, "text", FakeSlack.obj("type", "plain_text", "text", v)));
    JsonObject o = FakeSlack.obj("type", "checkboxes");
    o.add("selected_options", a);
    return Map.of(actionId, o);
  }

  public static Map<String, JsonObject> select(String actionId, String value) {
    JsonObject o = FakeSlack.obj("type", "static_select");
    o.add(
        "selected_option",
        value == null
            ? null
            : FakeSlack.obj(
                "value", value, "text", FakeSlack.obj("type", "plain_text", "text", value)));
    return Map.of(actionId, o);
  }

  public static Map<String, JsonObject> radio(String actionId, String value) {
    JsonObject o = FakeSlack.obj("type", "radio_buttons");
    o.add(
        "selected_option",
        value == null
            ? null
            : FakeSlack.obj(
                "value", value, "text", FakeSlack.obj("type", "plain_text", "text", value)));
    return Map.of(actionId, o);
  }

  public static Map<String, JsonObject> date(String actionId, String isoDate) {
    return Map.of(actionId, FakeSlack.obj("type", "datepicker", "selected_date", isoDate));
  }

  public static Map<String, JsonObject> time(String actionId, String hhmm) {
    return Map.of(actionId, FakeSlack.obj("type", "timepicker", "selected_time", hhmm));
  }

  /** A view_submission: {@code values} maps block_id to that block's {action_id: value}. */
  public static String viewSubmission(
      String callbackId,
      String userId,
      String viewId,
      String privateMetadata,
      Map<String, Map<String, JsonObject>> values) {
    JsonObject state = new JsonObject();
    JsonObject vals = new JsonObject();
    for (Map.Entry<String, Map<String, JsonObject>> block : values.entrySet()) {
      JsonObject actions = new JsonObject();
      block.getValue().forEach(actions::add);
      vals.add(block.getKey(), actions);
    }
    state.add("values", vals);
    JsonObject view =
        FakeSlack.obj(
            "id",
            viewId,
            "team_id",
            FakeSlack.TEAM,
            "type",
            "modal",
            "callback_id",
            callbackId,
            "private_metadata",
            privateMetadata == null ? "" : privateMetadata,
            "hash",
            "h-" + viewId,
            "title",
            FakeSlack.obj("type", "plain_text", "text", "Modal"),
            "app_id",
            "A0APP0001",
            "bot_id",
            "BBOT00001");
    view.add("state", state);
    view.add("blocks", new JsonArray());
    return viewSubmission(userId, view);
  }

  /**
   * A view_submission of a whole view as Slack sends it back: its blocks, metadata and {@code
   * state}, with an {@code id}.
   */
  public static String viewSubmission(String userId, JsonObject view) {
    String viewId = view.get("id").getAsString();
    JsonObject payload =
        FakeSlack.obj(
            "type",
            "view_submission",
            "team",
            FakeSlack.obj("id", FakeSlack.TEAM, "domain", "fake"),
            "user",
            FakeSlack.obj(
                "id",
                userId,
                "username",
                userId.toLowerCase(),
                "name",
                userId.toLowerCase(),
                "team_id",
                FakeSlack.TEAM),
            "api_app_id",
            "A0APP0001",
            "token",
            "deprecated",
            "trigger_id",
            "trigger-view-" + viewId,
            "view",
            view);
    payload.add("response_urls", new JsonArray());
    return payload.toString();
  }

  /** A block_actions payload: a button (or other element) clicked in a message in a channel. */
  public static String blockAction(
      String actionId,
      String value,
      String userId,
      String channelId,
      String messageTs,
      String responseUrl) {
    JsonObject action =
        FakeSlack.obj(
            "type",
            "button",
            "action_id",
            actionId,
            "block_id",
            actionId + ".block",
            "value",
            value,
            "action_ts",
            "1700000000.000001",
            "text",
            FakeSlack.obj("type", "plain_text", "text", "Button"));
    JsonArray actions = new JsonArray();
    actions.add(action);
    JsonObject payload =
        FakeSlack.obj(
            "type",
            "block_actions",
            "team",
            FakeSlack.obj("id", FakeSlack.TEAM, "domain", "fake"),
            "user",
            FakeSlack.obj(
                "id",
                userId,
                "username",
                userId.toLowerCase(),
                "name",
                userId.toLowerCase(),
                "team_id",
                FakeSlack.TEAM),
            "api_app_id",
            "A0APP0001",
            "token",
            "deprecated",
            "trigger_id",
            "trigger-action-" + messageTs,
            "channel",
            FakeSlack.obj("id", channelId, "name", "channel"),
            "container",
            FakeSlack.obj(
                "type",
                "message",
                "message_ts",
                messageTs,
                "channel_id",
                channelId,
                "is_ephemeral",
                false),
            "message",
            FakeSlack.obj("type", "message", "ts", messageTs, "text", "message"),
            "response_url",
            responseUrl);
    payload.add("actions", actions);
    return payload.toString();
  }

  /** A person's edit of their message {@code ts}, as Slack reports it. */
  public static String messageChanged(
      String channel, String userId, String ts, String before, String after) {
    JsonObject message =
        FakeSlack.obj(
            "type",
            "message",
            "user",
            userId,
            "text",
            after,
            "ts",
            ts,
            "edited",
            FakeSlack.obj("user", userId, "ts", ts + "1"));
    JsonObject e = hidden(channel, "message_changed", ts + "1", userId, before, ts);
    e.add("message", message);
    return e.toString();
  }

  /** The deletion of message {@code ts}, as Slack reports it. */
  public static String messageDeleted(String channel, String userId, String ts) {
    JsonObject e = hidden(channel, "message_deleted", ts + "2", userId, "x", ts);
    e.addProperty("deleted_ts", ts);
    return e.toString();
  }

  private static JsonObject hidden(
      String channel, String subtype, String eventTs, String userId, String before, String ts) {
    JsonObject e =
        FakeSlack.obj(
            "type",
            "message",
            "subtype",
            subtype,
            "channel",
            channel,
            "hidden",
            true,
            "ts",
            eventTs,
            "event_ts",
            eventTs,
            "channel_type",
            "channel");
    e.add(
        "previous_message",
        FakeSlack.obj("type", "message", "user", userId, "text", before, "ts", ts));
    return e;
  }

  /** A human's message event in a channel (threadTs may be null). */
  public static String message(
      String channel, String userId, String ts, String text, String threadTs) {
    JsonObject e =
        FakeSlack.obj(
            "type",
            "message",
            "channel",
            channel,
            "user",
            userId,
            "ts",
            ts,
            "text",
            text,
            "event_ts",
            ts,
            "channel_type",
            "channel",
            "team",
            FakeSlack.TEAM);
    if (threadTs != null) e.addProperty("thread_ts", threadTs);
    return e.toString();
  }

  /** Values for {@link #viewSubmission}, in a fluent shape. */
  public static final class Values {
    private final Map<String, Map<String, JsonObject>> values = new LinkedHashMap<>();

    public Values put(String blockId, Map<String, JsonObject> value) {
      values.put(blockId, value);
      return this;
    }

    public Map<String, Map<String, JsonObject>> build() {
      return values;
    }
  }
}
