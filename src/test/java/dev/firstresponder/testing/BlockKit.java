package dev.firstresponder.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Slack's Block Kit rules, as Slack applies them to views (modals, App Home), messages
 * (chat.postMessage, chat.update, chat.postEphemeral, response_url) and the bodies an app answers
 * Slack with (slash-command replies, view_submission acks). Each check returns the problems in the
 * shape of Slack's {@code response_metadata.messages} ({@code [ERROR] … [json-pointer:/…]}); no
 * problem means Slack accepts the payload.
 *
 * <p>The structural rules live here (required fields, known block and element types, which elements
 * each block may hold); the element rules in {@link BlockKitElements}.
 */
public final class BlockKit {
  public static final int TEXT_OBJECT = 3000;
  public static final int MODAL_TITLE = 24;
  public static final int VIEW_BLOCKS = 100;
  public static final int MESSAGE_BLOCKS = 50;
  public static final int PRIVATE_METADATA = 3000;
  public static final int ID = 255;
  public static final int SECTION_TEXT = 3000;
  public static final int SECTION_FIELDS = 10;
  public static final int SECTION_FIELD = 2000;
  public static final int HEADER = 150;
  public static final int LABEL = 2000;
  public static final int HINT = 2000;
  public static final int ACTIONS_ELEMENTS = 25;
  public static final int CONTEXT_ELEMENTS = 10;
  public static final int MESSAGE_TEXT = 40_000;
  public static final int IMAGE_URL = 3000;
  public static final int ALT_TEXT = 2000;

  /** Where blocks are shown; some blocks and elements exist only on some surfaces. */
  public enum Surface {
    MODAL,
    HOME,
    MESSAGE
  }

  /**
   * Slack's answer to a payload: ok, or the error code it answers with and why.
   *
   * @param error {@code invalid_arguments} (views), {@code invalid_blocks}, {@code msg_too_long} or
   *     {@code no_text} (messages); null when accepted
   */
  public record Verdict(String error, List<String> messages) {
    public boolean ok() {
      return messages.isEmpty();
    }

    static Verdict of(String error, List<String> messages) {
      return messages.isEmpty() ? new Verdict(null, List.of()) : new Verdict(error, messages);
    }
  }

  private static final Set<String> RESPONSE_TYPES = Set.of("in_channel", "ephemeral");
  private static final Set<String> RESPONSE_ACTIONS = Set.of("errors", "update", "push", "clear");

  final List<String> problems = new ArrayList<>();
  int focusOnLoad;
  private final BlockKitBlocks blocks = new BlockKitBlocks(this);

  private BlockKit() {}

  // ---- entry points ---------------------------------------------------------------------------

  /**
   * A view as {@code views.open}, {@code views.push}, {@code views.update} (a modal) or {@code
   * views.publish} (an App Home) send it.
   */
  public static Verdict view(JsonElement view, Set<Surface> allowed) {
    BlockKit k = new BlockKit();
    k.checkView(view, "/view", allowed);
    return Verdict.of("invalid_arguments", k.problems);
  }

  /**
   * A message: {@code text} and {@code blocks} as chat.postMessage, chat.update, chat.postEphemeral
   * or a response_url post carry them ({@code blocks} may be the JSON text of the array, as
   * form-encoded calls send it).
   */
  public static Verdict message(JsonObject message) {
    BlockKit k = new BlockKit();
    boolean deleting = message.has("delete_original") && isTrue(message.get("delete_original"));
    JsonElement rawBlocks = message.get("blocks");
    JsonArray blocks = null;
    if (rawBlocks != null && !rawBlocks.isJsonNull()) {
      JsonElement parsed = rawBlocks;
      if (rawBlocks.isJsonPrimitive()) {
        try {
          parsed = JsonParser.parseString(rawBlocks.getAsString());
        } catch (JsonSyntaxException e) {
          parsed = null;
        }
      }
      if (parsed == null || !parsed.isJsonArray()) {
        return new Verdict(
            "invalid_blocks_format",
            List.of("[ERROR] must be an array of blocks [json-pointer:/blocks]"));
      }
      blocks = parsed.getAsJsonArray();
      if (blocks.size() > MESSAGE_BLOCKS)
        k.problem("/blocks", "must have no more than " + MESSAGE_BLOCKS + " items");
      k.blocks.blocks(blocks, "/blocks", Surface.MESSAGE);
    }
    if (message.has("response_type")
        && !RESPONSE_TYPES.contains(string(message.get("response_type")))) {
      k.problem("/response_type", "must be one of " + RESPONSE_TYPES);
    }
    if (!k.problems.isEmpty()) return new Verdict("invalid_blocks", k.problems);
    String text = message.has("text") ? string(message.get("text")) : null;
    if (text != null && text.length() > MESSAGE_TEXT) {
      return new Verdict(
          "msg_too_long",
          List.of(
              "[ERROR] text of "
                  + text.length()
                  + " characters is over "
                  + MESSAGE_TEXT
                  + " [json-pointer:/text]"));
    }
    boolean noBlocks = blocks == null || blocks.isEmpty();
    if (!deleting && noBlocks && (text == null || text.isBlank())) {
      return new Verdict("no_text", List.of("[ERROR] a message needs text or blocks"));
    }
    return Verdict.of(null, List.of());
  }

  /**
   * The body of a slash command's ack: empty, or an immediate message (text, blocks,
   * response_type).
   */
  public static Verdict commandAck(String body) {
    if (body == null || body.isBlank()) return Verdict.of(null, List.of());
    JsonElement json;
    try {
      json = JsonParser.parseString(body);
    } catch (JsonSyntaxException e) {
      json = null;
    }
    if (json == null || !json.isJsonObject()) {
      JsonObject asText = new JsonObject();
      asText.addProperty("text", body);
      return message(asText);
    }
    return message(json.getAsJsonObject());
  }

  /**
   * The body of a view_submission's ack: empty (close), or a {@code response_action} of {@code
   * errors} (keyed by the block ids of input blocks of the submitted view), {@code update} or
   * {@code push} (a whole modal) or {@code clear}.
   *
   * @param submitted the view as the submission carried it; its input blocks are the only keys an
   *     errors map may name (when the submission carried no blocks, keys are only checked for form)
   */
  public static Verdict viewSubmissionAck(String body, JsonObject submitted) {
    if (body == null || body.isBlank()) return Verdict.of(null, List.of());
    BlockKit k = new BlockKit();
    JsonElement json;
    try {
      json = JsonParser.parseString(body);
    } catch (JsonSyntaxException e) {
      json = null;
    }
    if (json == null || !json.isJsonObject()) {
      k.problem("", "a view_submission ack must be empty or a JSON object");
      return Verdict.of("invalid_arguments", k.problems);
    }
    JsonObject o = json.getAsJsonObject();
    String action = o.has("response_action") ? string(o.get("response_action")) : null;
    if (action == null || !RESPONSE_ACTIONS.contains(action)) {
      k.problem("/response_action", "must be one of " + RESPONSE_ACTIONS);
    } else if (action.equals("errors")) {
      k.errors(o.get("errors"), submitted);
    } else if (action.equals("update") || action.equals("push")) {
      k.checkView(o.get("view"), "/view", Set.of(Surface.MODAL));
    }
    return Verdict.of("invalid_arguments", k.problems);
  }

  // ---- views ----------------------------------------------------------------------------------

  private void checkView(JsonElement v, String p, Set<Surface> allowed) {
    if (v == null || !v.isJsonObject()) {
      problem(p, "missing required field: view");
      return;
    }
    JsonObject view = v.getAsJsonObject();
    String type = view.has("type") ? string(view.get("type")) : null;
    Surface surface =
        "modal".equals(type) ? Surface.MODAL : "home".equals(type) ? Surface.HOME : null;
    if (surface == null || !allowed.contains(surface)) {
      problem(
          p + "/type",
          "must be one of " + allowed.stream().map(s -> s.name().toLowerCase()).sorted().toList());
      return;
    }
    JsonArray blocks =
        view.has("blocks") && view.get("blocks").isJsonArray()
            ? view.getAsJsonArray("blocks")
            : null;
    if (blocks == null) {
      problem(p + "/blocks", "missing required field: blocks");
      blocks = new JsonArray();
    }
    if (blocks.size() > VIEW_BLOCKS)
      problem(p + "/blocks", "must have no more than " + VIEW_BLOCKS + " items");
    if (surface == Surface.MODAL) {
      if (!view.has("title")) problem(p + "/title", "missing required field: title");
      else text(view.get("title"), p + "/title", MODAL_TITLE, false);
      if (view.has("submit")) text(view.get("submit"), p + "/submit", MODAL_TITLE, false);
      if (view.has("close")) text(view.get("close"), p + "/close", MODAL_TITLE, false);
      boolean hasInput = false;
      for (JsonElement b : blocks)
        hasInput |= b.isJsonObject() && "input".equals(string(b.getAsJsonObject().get("type")));
      if (hasInput && !view.has("submit"))
        problem(p + "/submit", "a modal with input blocks needs a submit button");
    }
    maxString(view, "private_metadata", p, PRIVATE_METADATA);
    maxString(view, "callback_id", p, ID);
    maxString(view, "external_id", p, ID);
    this.blocks.blocks(blocks, p + "/blocks", surface);
  }

  private void errors(JsonElement e, JsonObject submitted) {
    if (e == null || !e.isJsonObject() || e.getAsJsonObject().size() == 0) {
      problem("/errors", "must be an object naming at least one input block");
      return;
    }
    Set<String> inputs = null;
    if (submitted != null
        && submitted.has("blocks")
        && submitted.get("blocks").isJsonArray()
        && !submitted.getAsJsonArray("blocks").isEmpty()) {
      inputs = new HashSet<>();
      for (JsonElement b : submitted.getAsJsonArray("blocks")) {
        JsonObject block = b.getAsJsonObject();
        if ("input".equals(string(block.get("type"))) && block.has("block_id"))
          inputs.add(string(block.get("block_id")));
      }
    }
    for (var entry : e.getAsJsonObject().entrySet()) {
      String p = "/errors/" + entry.getKey();
      if (entry.getKey().isEmpty() || entry.getKey().length() > ID)
        problem(p, "must be a block_id of 1 to " + ID + " characters");
      if (inputs != null && !inputs.contains(entry.getKey()))
        problem(p, "is not the block_id of an input block of this view");
      String message = string(entry.getValue());
      if (message == null || message.isBlank()) problem(p, "must be a non-empty error message");
    }
  }

  // ---- shared checks (also used by the element rules) -----------------------------------------

  void problem(String pointer, String what) {
    problems.add("[ERROR] " + what + " [json-pointer:" + pointer + "]");
  }

  /** A required text object. */
  void required(JsonObject o, String field, String p, int max, boolean mrkdwn) {
    if (!o.has(field)) problem(p + "/" + field, "missing required field: " + field);
    else text(o.get(field), p + "/" + field, max, mrkdwn);
  }

  /**
   * A text object: plain_text (or mrkdwn where allowed), never empty or only spaces, at most {@code
   * max} characters (and never over Slack's 3,000 for any text object).
   */
  void text(JsonElement e, String p, int max, boolean mrkdwnAllowed) {
    if (e == null || !e.isJsonObject()) {
      problem(p, "must be a text object");
      return;
    }
    JsonObject t = e.getAsJsonObject();
    String type = string(t.get("type"));
    if (!"plain_text".equals(type) && !("mrkdwn".equals(type) && mrkdwnAllowed)) {
      problem(p + "/type", mrkdwnAllowed ? "must be plain_text or mrkdwn" : "must be plain_text");
    }
    if (t.has("emoji") && !"plain_text".equals(type))
      problem(p + "/emoji", "emoji is only for plain_text");
    if (t.has("verbatim") && !"mrkdwn".equals(type))
      problem(p + "/verbatim", "verbatim is only for mrkdwn");
    String text = string(t.get("text"));
    if (text == null) problem(p + "/text", "missing required field: text");
    else if (text.isBlank()) problem(p + "/text", "must not be empty or only spaces");
    else if (text.length() > Math.min(max, TEXT_OBJECT))
      problem(
          p + "/text",
          "must be at most " + Math.min(max, TEXT_OBJECT) + " characters (" + text.length() + ")");
  }

  void maxString(JsonObject o, String field, String p, int max) {
    if (!o.has(field) || o.get(field).isJsonNull()) return;
    String s = string(o.get(field));
    if (s == null) problem(p + "/" + field, "must be a string");
    else if (s.length() > max)
      problem(p + "/" + field, "must be at most " + max + " characters (" + s.length() + ")");
  }

  static String string(JsonElement e) {
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }

  static JsonArray array(JsonElement e) {
    return e != null && e.isJsonArray() ? e.getAsJsonArray() : null;
  }

  static boolean isTrue(JsonElement e) {
    return e != null && e.isJsonPrimitive() && "true".equals(e.getAsString());
  }

  private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");

  static boolean isTime(String s) {
    return s != null && TIME.matcher(s).matches();
  }

  static boolean isDate(String s) {
    try {
      LocalDate.parse(s);
      return s.length() == 10;
    } catch (DateTimeParseException | NullPointerException e) {
      return false;
    }
  }
}
