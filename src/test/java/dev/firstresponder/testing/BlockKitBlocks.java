package dev.firstresponder.testing;

import static dev.firstresponder.testing.BlockKit.array;
import static dev.firstresponder.testing.BlockKit.string;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Slack's rules for blocks: the known block types and their required fields, their limits (text
 * lengths, field and element counts), unique block ids in a view or message and unique action ids
 * in a block, and which elements each block may hold. Problems are reported to the {@link BlockKit}
 * check that asked.
 */
final class BlockKitBlocks {
  /** Select menus, single and multi: allowed in sections, actions and inputs alike. */
  static final Set<String> MENUS =
      Set.of(
          "static_select",
          "external_select",
          "users_select",
          "conversations_select",
          "channels_select",
          "multi_static_select",
          "multi_external_select",
          "multi_users_select",
          "multi_conversations_select",
          "multi_channels_select");

  static final Set<String> SECTION_ACCESSORIES =
      union(
          MENUS,
          "button",
          "checkboxes",
          "datepicker",
          "image",
          "overflow",
          "radio_buttons",
          "timepicker",
          "workflow_button");

  static final Set<String> ACTIONS_ELEMENTS_ALLOWED =
      union(
          MENUS,
          "button",
          "checkboxes",
          "datepicker",
          "datetimepicker",
          "overflow",
          "radio_buttons",
          "timepicker",
          "workflow_button");

  static final Set<String> INPUT_ELEMENTS =
      union(
          MENUS,
          "checkboxes",
          "datepicker",
          "datetimepicker",
          "email_text_input",
          "file_input",
          "number_input",
          "plain_text_input",
          "radio_buttons",
          "rich_text_input",
          "timepicker",
          "url_text_input");

  /** Every element type Block Kit knows. */
  static final Set<String> ELEMENTS =
      union(
          union(SECTION_ACCESSORIES, ACTIONS_ELEMENTS_ALLOWED.toArray(String[]::new)),
          INPUT_ELEMENTS.toArray(String[]::new));

  private static Set<String> union(Set<String> base, String... more) {
    Set<String> all = new HashSet<>(base);
    all.addAll(List.of(more));
    return Set.copyOf(all);
  }

  private final BlockKit k;
  private final BlockKitElements elements;

  BlockKitBlocks(BlockKit k) {
    this.k = k;
    this.elements = new BlockKitElements(k);
  }

  void blocks(JsonArray blocks, String p, BlockKit.Surface surface) {
    Set<String> blockIds = new HashSet<>();
    for (int i = 0; i < blocks.size(); i++) {
      String bp = p + "/" + i;
      JsonElement e = blocks.get(i);
      if (!e.isJsonObject()) {
        k.problem(bp, "must be a block object");
        continue;
      }
      JsonObject b = e.getAsJsonObject();
      if (b.has("block_id")) {
        String id = string(b.get("block_id"));
        if (id == null || id.isEmpty() || id.length() > BlockKit.ID)
          k.problem(bp + "/block_id", "must be 1 to " + BlockKit.ID + " characters");
        else if (!blockIds.add(id)) k.problem(bp + "/block_id", "duplicate block_id " + id);
      }
      block(b, bp, surface);
    }
  }

  private void block(JsonObject b, String p, BlockKit.Surface surface) {
    String type = string(b.get("type"));
    if (type == null) {
      k.problem(p + "/type", "missing required field: type");
      return;
    }
    switch (type) {
      case "section" -> section(b, p);
      case "actions" -> actions(b, p);
      case "context" -> context(b, p);
      case "divider" -> {}
      case "header" -> k.required(b, "text", p, BlockKit.HEADER, false);
      case "image" -> image(b, p);
      case "input" -> input(b, p);
      case "rich_text", "video", "file", "markdown" -> {
        if (type.equals("file") || type.equals("markdown"))
          onlyIn(BlockKit.Surface.MESSAGE, surface, p);
        requireField(b, type.equals("markdown") ? "text" : elementsField(type), p);
      }
      default -> k.problem(p + "/type", "unknown block type " + type);
    }
  }

  private static String elementsField(String type) {
    return switch (type) {
      case "rich_text" -> "elements";
      case "video" -> "video_url";
      default -> "source";
    };
  }

  private void section(JsonObject b, String p) {
    if (!b.has("text") && !b.has("fields"))
      k.problem(p, "a section needs text or fields (or both)");
    if (b.has("text")) k.text(b.get("text"), p + "/text", BlockKit.SECTION_TEXT, true);
    if (b.has("fields")) {
      JsonArray fields = array(b.get("fields"));
      if (fields == null || fields.isEmpty() || fields.size() > BlockKit.SECTION_FIELDS) {
        k.problem(p + "/fields", "must have 1 to " + BlockKit.SECTION_FIELDS + " items");
      }
      if (fields != null)
        for (int i = 0; i < fields.size(); i++)
          k.text(fields.get(i), p + "/fields/" + i, BlockKit.SECTION_FIELD, true);
    }
    if (b.has("accessory"))
      elements.element(b.get("accessory"), p + "/accessory", SECTION_ACCESSORIES, "a section");
  }

  /** A block's elements: present, and at most {@code max}; null when there are none. */
  private JsonArray elementsOf(JsonObject b, String p, int max) {
    JsonArray els = array(b.get("elements"));
    if (els == null || els.isEmpty()) {
      k.problem(p + "/elements", "missing required field: elements");
      return null;
    }
    if (els.size() > max) k.problem(p + "/elements", "must have no more than " + max + " items");
    return els;
  }

  private void actions(JsonObject b, String p) {
    JsonArray els = elementsOf(b, p, BlockKit.ACTIONS_ELEMENTS);
    if (els == null) return;
    Set<String> actionIds = new HashSet<>();
    for (int i = 0; i < els.size(); i++) {
      String ep = p + "/elements/" + i;
      elements.element(els.get(i), ep, ACTIONS_ELEMENTS_ALLOWED, "an actions block");
      if (els.get(i).isJsonObject() && els.get(i).getAsJsonObject().has("action_id")) {
        String id = string(els.get(i).getAsJsonObject().get("action_id"));
        if (!actionIds.add(id)) k.problem(ep + "/action_id", "duplicate action_id " + id);
      }
    }
  }

  private void context(JsonObject b, String p) {
    JsonArray els = elementsOf(b, p, BlockKit.CONTEXT_ELEMENTS);
    if (els == null) return;
    for (int i = 0; i < els.size(); i++) {
      String ep = p + "/elements/" + i;
      JsonElement e = els.get(i);
      String type = e.isJsonObject() ? string(e.getAsJsonObject().get("type")) : null;
      if ("image".equals(type)) elements.element(e, ep, Set.of("image"), "a context block");
      else k.text(e, ep, BlockKit.TEXT_OBJECT, true);
    }
  }

  private void image(JsonObject b, String p) {
    if (!b.has("image_url") && !b.has("slack_file"))
      k.problem(p + "/image_url", "missing required field: image_url");
    k.maxString(b, "image_url", p, BlockKit.IMAGE_URL);
    if (!b.has("alt_text")) k.problem(p + "/alt_text", "missing required field: alt_text");
    k.maxString(b, "alt_text", p, BlockKit.ALT_TEXT);
    if (b.has("title")) k.text(b.get("title"), p + "/title", BlockKit.ALT_TEXT, false);
  }

  private void input(JsonObject b, String p) {
    k.required(b, "label", p, BlockKit.LABEL, false);
    if (b.has("hint")) k.text(b.get("hint"), p + "/hint", BlockKit.HINT, false);
    if (!b.has("element")) k.problem(p + "/element", "missing required field: element");
    else elements.element(b.get("element"), p + "/element", INPUT_ELEMENTS, "an input block");
  }

  private void onlyIn(BlockKit.Surface allowed, BlockKit.Surface surface, String p) {
    if (allowed != surface)
      k.problem(p + "/type", "not allowed in a " + surface.name().toLowerCase());
  }

  private void requireField(JsonObject o, String field, String p) {
    if (!o.has(field)) k.problem(p + "/" + field, "missing required field: " + field);
  }
}
