package dev.firstresponder.catalogue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.firstresponder.testing.FakeSlack;
import java.util.List;
import java.util.Map;

/**
 * A modal filled in the way a person would, as Slack submits it: the given values by block id, else
 * the longest (or an ordinary) text for text inputs, everyone for user pickers, the preselected or
 * first option for menus, every box ticked.
 */
final class ModalAnswers {
  private ModalAnswers() {}

  /** The view as Slack sends it back on submission: with its {@code state}. */
  static JsonObject filledIn(JsonObject view, Map<String, String> values, Stage stage) {
    JsonObject v = view.deepCopy();
    v.addProperty("team_id", FakeSlack.TEAM);
    v.addProperty("hash", "h" + view.hashCode());
    v.addProperty("app_id", "A0APP0001");
    v.addProperty("bot_id", "BBOT00001");
    JsonObject vals = new JsonObject();
    for (JsonElement e : v.getAsJsonArray("blocks")) {
      JsonObject b = e.getAsJsonObject();
      if (!b.get("type").getAsString().equals("input")) continue;
      JsonObject el = b.getAsJsonObject("element");
      String blockId = b.get("block_id").getAsString();
      JsonObject action = new JsonObject();
      action.add(el.get("action_id").getAsString(), value(el, values.get(blockId), stage));
      vals.add(blockId, action);
    }
    JsonObject state = new JsonObject();
    state.add("values", vals);
    v.add("state", state);
    return v;
  }

  /** An input element's state as Slack submits it. */
  private static JsonObject value(JsonObject el, String given, Stage stage) {
    String type = el.get("type").getAsString();
    JsonObject s = FakeSlack.obj("type", type);
    switch (type) {
      case "plain_text_input" -> {
        int max = el.has("max_length") ? el.get("max_length").getAsInt() : 3000;
        boolean multi = el.has("multiline") && el.get("multiline").getAsBoolean();
        String text = given != null ? given : multi ? stage.lines(max) : stage.text(max);
        if (!text.isEmpty()) s.addProperty("value", text);
      }
      case "users_select" ->
          s.addProperty(
              "selected_user",
              given != null
                  ? given
                  : el.has("initial_user")
                      ? el.get("initial_user").getAsString()
                      : stage.person(0));
      case "multi_users_select" -> {
        JsonArray users = new JsonArray();
        (given != null ? List.of(given.split(",")) : stage.people).forEach(users::add);
        s.add("selected_users", users);
      }
      case "static_select", "radio_buttons" ->
          s.add("selected_option", "".equals(given) ? JsonNull.INSTANCE : option(el, given));
      case "checkboxes" -> {
        JsonArray all = new JsonArray();
        for (JsonElement o : el.getAsJsonArray("options"))
          if (given == null
              || List.of(given.split(",")).contains(o.getAsJsonObject().get("value").getAsString()))
            all.add(o);
        s.add("selected_options", all);
      }
      case "datepicker" -> s.add("selected_date", picked(el, "initial_date", given));
      case "timepicker" -> s.add("selected_time", picked(el, "initial_time", given));
      default -> throw new AssertionError("the catalogue cannot fill a " + type + " yet");
    }
    return s;
  }

  /** A picker's value: the given one ("" for none), else the preselected one. */
  private static JsonElement picked(JsonObject el, String initial, String given) {
    if (given != null) return given.isEmpty() ? JsonNull.INSTANCE : new JsonPrimitive(given);
    if (!el.has(initial)) throw new AssertionError("the catalogue must pick a value for " + el);
    return el.get(initial);
  }

  private static JsonElement option(JsonObject el, String given) {
    if (given == null && el.has("initial_option")) return el.get("initial_option");
    for (JsonElement o : el.getAsJsonArray("options"))
      if (given == null || o.getAsJsonObject().get("value").getAsString().equals(given)) return o;
    throw new AssertionError("no option " + given + " in " + el);
  }
}
