package dev.firstresponder.testing;

import static dev.firstresponder.testing.BlockKit.array;
import static dev.firstresponder.testing.BlockKit.isTrue;
import static dev.firstresponder.testing.BlockKit.string;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Slack's rules for Block Kit elements (buttons, menus, inputs, pickers) and the composition
 * objects they hold (options, option groups, confirmation dialogs). Problems are reported to the
 * {@link BlockKit} check that asked.
 */
final class BlockKitElements {
  static final int BUTTON_TEXT = 75;
  static final int BUTTON_VALUE = 2000;
  static final int URL = 3000;
  static final int ACCESSIBILITY_LABEL = 75;
  static final int PLACEHOLDER = 150;
  static final int INPUT_MAX_LENGTH = 3000;
  static final int OPTION_TEXT = 75;
  static final int OPTION_VALUE = 150;
  static final int OPTION_DESCRIPTION = 75;
  static final int SELECT_OPTIONS = 100;
  static final int OPTION_GROUPS = 100;
  static final int OPTION_GROUP_LABEL = 75;
  static final int CHOICE_OPTIONS = 10;
  static final int OVERFLOW_MIN = 2;
  static final int OVERFLOW_MAX = 5;
  static final int CONFIRM_TITLE = 100;
  static final int CONFIRM_TEXT = 300;
  static final int CONFIRM_BUTTON = 30;

  private static final Set<String> STYLES = Set.of("primary", "danger");
  private static final Set<String> DISPATCH_TRIGGERS =
      Set.of("on_enter_pressed", "on_character_entered");

  private final BlockKit k;

  BlockKitElements(BlockKit k) {
    this.k = k;
  }

  /**
   * An element in a block; {@code allowed} are the element types that block may hold, {@code where}
   * names the block for the message.
   */
  void element(JsonElement e, String p, Set<String> allowed, String where) {
    if (e == null || !e.isJsonObject()) {
      k.problem(p, "must be an element object");
      return;
    }
    JsonObject el = e.getAsJsonObject();
    String type = string(el.get("type"));
    if (type == null) {
      k.problem(p + "/type", "missing required field: type");
      return;
    }
    if (!BlockKitBlocks.ELEMENTS.contains(type)) {
      k.problem(p + "/type", "unknown element type " + type);
      return;
    }
    if (!allowed.contains(type)) {
      k.problem(p + "/type", type + " is not allowed in " + where);
      return;
    }
    if (el.has("action_id")) {
      String id = string(el.get("action_id"));
      if (id == null || id.isEmpty() || id.length() > BlockKit.ID)
        k.problem(p + "/action_id", "must be 1 to " + BlockKit.ID + " characters");
    }
    if (el.has("placeholder"))
      k.text(el.get("placeholder"), p + "/placeholder", PLACEHOLDER, false);
    if (el.has("confirm")) confirm(el.get("confirm"), p + "/confirm");
    if (isTrue(el.get("focus_on_load")) && ++k.focusOnLoad > 1)
      k.problem(p + "/focus_on_load", "only one element of a view may set focus_on_load");
    switch (type) {
      case "button" -> button(el, p);
      case "workflow_button" -> {
        k.required(el, "text", p, BUTTON_TEXT, false);
        if (!el.has("workflow")) k.problem(p + "/workflow", "missing required field: workflow");
      }
      case "checkboxes" -> {
        List<JsonObject> options = options(el, p, 1, CHOICE_OPTIONS, true, false);
        initialOptions(el, p, options);
      }
      case "radio_buttons" -> {
        List<JsonObject> options = options(el, p, 1, CHOICE_OPTIONS, true, false);
        initialOption(el, p, options);
      }
      case "static_select", "multi_static_select" -> staticSelect(el, p, type.startsWith("multi"));
      case "users_select" -> {
        if (el.has("initial_user") && string(el.get("initial_user")) == null)
          k.problem(p + "/initial_user", "must be a user id");
      }
      case "multi_users_select",
          "multi_conversations_select",
          "multi_channels_select",
          "multi_external_select" ->
          maxSelected(el, p);
      case "overflow" -> options(el, p, OVERFLOW_MIN, OVERFLOW_MAX, false, true);
      case "datepicker" -> {
        if (el.has("initial_date") && !BlockKit.isDate(string(el.get("initial_date"))))
          k.problem(p + "/initial_date", "must be a date as YYYY-MM-DD");
      }
      case "timepicker" -> {
        if (el.has("initial_time") && !BlockKit.isTime(string(el.get("initial_time"))))
          k.problem(p + "/initial_time", "must be a time as HH:mm");
      }
      case "plain_text_input" -> textInput(el, p);
      case "number_input" -> {
        if (!el.has("is_decimal_allowed"))
          k.problem(p + "/is_decimal_allowed", "missing required field: is_decimal_allowed");
      }
      case "image" -> {
        if (!el.has("image_url") && !el.has("slack_file"))
          k.problem(p + "/image_url", "missing required field: image_url");
        k.maxString(el, "image_url", p, URL);
        if (!el.has("alt_text")) k.problem(p + "/alt_text", "missing required field: alt_text");
        k.maxString(el, "alt_text", p, BlockKit.ALT_TEXT);
      }
      default -> {}
    }
  }

  private void button(JsonObject el, String p) {
    k.required(el, "text", p, BUTTON_TEXT, false);
    k.maxString(el, "value", p, BUTTON_VALUE);
    k.maxString(el, "url", p, URL);
    k.maxString(el, "accessibility_label", p, ACCESSIBILITY_LABEL);
    style(el, p);
  }

  private void style(JsonObject o, String p) {
    if (o.has("style") && !STYLES.contains(string(o.get("style"))))
      k.problem(p + "/style", "must be primary or danger");
  }

  private void textInput(JsonObject el, String p) {
    Integer max = integer(el, "max_length", p);
    Integer min = integer(el, "min_length", p);
    if (max != null && (max < 1 || max > INPUT_MAX_LENGTH))
      k.problem(p + "/max_length", "must be 1 to " + INPUT_MAX_LENGTH + " (" + max + ")");
    if (min != null && (min < 0 || min > INPUT_MAX_LENGTH))
      k.problem(p + "/min_length", "must be 0 to " + INPUT_MAX_LENGTH + " (" + min + ")");
    if (min != null && max != null && min > max)
      k.problem(p + "/min_length", "must not be over max_length");
    if (el.has("initial_value") && !el.get("initial_value").isJsonNull()) {
      String initial = string(el.get("initial_value"));
      int limit = max == null ? INPUT_MAX_LENGTH : Math.min(max, INPUT_MAX_LENGTH);
      if (initial == null) k.problem(p + "/initial_value", "must be a string");
      else if (initial.length() > limit)
        k.problem(
            p + "/initial_value",
            "must be at most "
                + limit
                + " characters, the input's max_length ("
                + initial.length()
                + ")");
    }
    if (el.has("dispatch_action_config")) {
      JsonObject c = el.getAsJsonObject("dispatch_action_config");
      JsonArray on = array(c.get("trigger_actions_on"));
      if (on != null)
        for (JsonElement t : on)
          if (!DISPATCH_TRIGGERS.contains(string(t)))
            k.problem(p + "/dispatch_action_config", "unknown trigger " + t);
    }
  }

  private Integer integer(JsonObject el, String field, String p) {
    if (!el.has(field)) return null;
    try {
      return el.get(field).getAsInt();
    } catch (RuntimeException e) {
      k.problem(p + "/" + field, "must be an integer");
      return null;
    }
  }

  private void maxSelected(JsonObject el, String p) {
    Integer max = integer(el, "max_selected_items", p);
    if (max != null && max < 1) k.problem(p + "/max_selected_items", "must be at least 1");
  }

  private void staticSelect(JsonObject el, String p, boolean multi) {
    boolean hasOptions = el.has("options");
    boolean hasGroups = el.has("option_groups");
    if (hasOptions == hasGroups) {
      k.problem(p + "/options", "give exactly one of options and option_groups");
      if (!hasOptions) return;
    }
    List<JsonObject> options = new ArrayList<>();
    if (hasOptions) options.addAll(options(el, p, 1, SELECT_OPTIONS, false, false));
    else {
      JsonArray groups = array(el.get("option_groups"));
      if (groups == null || groups.isEmpty() || groups.size() > OPTION_GROUPS)
        k.problem(p + "/option_groups", "must have 1 to " + OPTION_GROUPS + " items");
      if (groups != null)
        for (int i = 0; i < groups.size(); i++) {
          String gp = p + "/option_groups/" + i;
          JsonObject g = groups.get(i).getAsJsonObject();
          k.required(g, "label", gp, OPTION_GROUP_LABEL, false);
          options.addAll(options(g, gp, 1, SELECT_OPTIONS, false, false));
        }
    }
    if (multi) {
      maxSelected(el, p);
      initialOptions(el, p, options);
    } else initialOption(el, p, options);
  }

  /** The element's options, each checked; returns the well-formed ones. */
  private List<JsonObject> options(
      JsonObject el, String p, int min, int max, boolean mrkdwn, boolean urls) {
    JsonArray arr = array(el.get("options"));
    if (arr == null) {
      k.problem(p + "/options", "missing required field: options");
      return List.of();
    }
    if (arr.size() < min || arr.size() > max)
      k.problem(p + "/options", "must have " + min + " to " + max + " items (" + arr.size() + ")");
    List<JsonObject> out = new ArrayList<>();
    Set<String> values = new HashSet<>();
    for (int i = 0; i < arr.size(); i++) {
      String op = p + "/options/" + i;
      if (!arr.get(i).isJsonObject()) {
        k.problem(op, "must be an option object");
        continue;
      }
      JsonObject o = arr.get(i).getAsJsonObject();
      k.required(o, "text", op, OPTION_TEXT, mrkdwn);
      if (o.has("value")) {
        k.maxString(o, "value", op, OPTION_VALUE);
        if (!values.add(string(o.get("value"))))
          k.problem(op + "/value", "duplicate option value " + o.get("value"));
      } else if (!(urls && o.has("url"))) {
        k.problem(op + "/value", "missing required field: value");
      }
      if (o.has("description"))
        k.text(o.get("description"), op + "/description", OPTION_DESCRIPTION, mrkdwn);
      if (o.has("url")) {
        if (urls) k.maxString(o, "url", op, URL);
        else k.problem(op + "/url", "url is only for overflow menu options");
      }
      out.add(o);
    }
    return out;
  }

  private void initialOption(JsonObject el, String p, List<JsonObject> options) {
    if (!el.has("initial_option") || el.get("initial_option").isJsonNull()) return;
    if (!among(el.get("initial_option"), options))
      k.problem(p + "/initial_option", "must be one of the element's options");
  }

  private void initialOptions(JsonObject el, String p, List<JsonObject> options) {
    if (!el.has("initial_options") || el.get("initial_options").isJsonNull()) return;
    JsonArray initial = array(el.get("initial_options"));
    if (initial == null) {
      k.problem(p + "/initial_options", "must be an array of options");
      return;
    }
    for (int i = 0; i < initial.size(); i++)
      if (!among(initial.get(i), options))
        k.problem(p + "/initial_options/" + i, "must be one of the element's options");
  }

  /** Slack matches an initial option to an option by its text and value. */
  private static boolean among(JsonElement initial, List<JsonObject> options) {
    if (!initial.isJsonObject()) return false;
    JsonObject o = initial.getAsJsonObject();
    for (JsonObject option : options) {
      if (Objects.equals(string(option.get("value")), string(o.get("value")))
          && Objects.equals(textOf(option), textOf(o))) return true;
    }
    return false;
  }

  private static String textOf(JsonObject option) {
    JsonElement t = option.get("text");
    return t != null && t.isJsonObject()
        ? string(t.getAsJsonObject().get("type")) + ":" + string(t.getAsJsonObject().get("text"))
        : null;
  }

  private void confirm(JsonElement e, String p) {
    if (!e.isJsonObject()) {
      k.problem(p, "must be a confirmation dialog object");
      return;
    }
    JsonObject c = e.getAsJsonObject();
    k.required(c, "title", p, CONFIRM_TITLE, false);
    k.required(c, "text", p, CONFIRM_TEXT, true);
    k.required(c, "confirm", p, CONFIRM_BUTTON, false);
    k.required(c, "deny", p, CONFIRM_BUTTON, false);
    style(c, p);
  }
}
