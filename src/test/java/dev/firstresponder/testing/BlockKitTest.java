package dev.firstresponder.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One test per Block Kit rule the fake Slack enforces: the payload at the limit is accepted, one
 * over it is refused with a message naming the place (a JSON pointer), as Slack answers.
 */
class BlockKitTest {
  private static final Set<BlockKit.Surface> MODAL = Set.of(BlockKit.Surface.MODAL);

  // ---- builders -------------------------------------------------------------------------------

  static String x(int n) {
    return String.join("", Collections.nCopies(n, "x"));
  }

  static String plain(String text) {
    return "{\"type\":\"plain_text\",\"text\":" + quote(text) + "}";
  }

  static String mrkdwn(String text) {
    return "{\"type\":\"mrkdwn\",\"text\":" + quote(text) + "}";
  }

  static String quote(String s) {
    return new com.google.gson.JsonPrimitive(s).toString();
  }

  static String option(String text, String value) {
    return "{\"text\":" + plain(text) + ",\"value\":" + quote(value) + "}";
  }

  static String options(int n) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < n; i++) b.append(i == 0 ? "" : ",").append(option("o" + i, "v" + i));
    return b.append("]").toString();
  }

  static String section(String text) {
    return "{\"type\":\"section\",\"text\":" + mrkdwn(text) + "}";
  }

  static String input(String element) {
    return "{\"type\":\"input\",\"block_id\":\"in\",\"label\":"
        + plain("Label")
        + ",\"element\":"
        + element
        + "}";
  }

  static String textInput(String extra) {
    return "{\"type\":\"plain_text_input\",\"action_id\":\"a\"" + extra + "}";
  }

  static String actions(String... elements) {
    return "{\"type\":\"actions\",\"elements\":[" + String.join(",", elements) + "]}";
  }

  static String button(String text, String extra) {
    return "{\"type\":\"button\",\"text\":" + plain(text) + ",\"value\":\"1\"" + extra + "}";
  }

  static JsonObject modalWith(String title, String extra, String... blocks) {
    return JsonParser.parseString(
            "{\"type\":\"modal\",\"callback_id\":\"cb\",\"title\":"
                + plain(title)
                + ",\"submit\":"
                + plain("Save")
                + extra
                + ",\"blocks\":["
                + String.join(",", blocks)
                + "]}")
        .getAsJsonObject();
  }

  static JsonObject modal(String... blocks) {
    return modalWith("Title", "", blocks);
  }

  static JsonObject message(String text, String... blocks) {
    JsonObject m = new JsonObject();
    if (text != null) m.addProperty("text", text);
    if (blocks.length > 0)
      m.add("blocks", JsonParser.parseString("[" + String.join(",", blocks) + "]"));
    return m;
  }

  static String repeat(String block, int n) {
    return String.join(",", Collections.nCopies(n, block));
  }

  static void accepted(BlockKit.Verdict v) {
    assertThat(v.messages()).as("Slack accepts it").isEmpty();
    assertThat(v.ok()).isTrue();
  }

  static void refused(BlockKit.Verdict v, String error, String... fragments) {
    assertThat(v.ok()).as("Slack refuses it").isFalse();
    assertThat(v.error()).isEqualTo(error);
    assertThat(String.join("\n", v.messages())).contains(fragments);
  }

  static BlockKit.Verdict view(JsonObject view) {
    return BlockKit.view(view, MODAL);
  }

  // ---- views ----------------------------------------------------------------------------------

  @Test
  void modalTitleSubmitAndCloseHoldAtMost24Characters() {
    accepted(view(modalWith(x(24), ",\"close\":" + plain(x(24)), section("a"))));
    refused(view(modalWith(x(25), "", section("a"))), "invalid_arguments", "/view/title/text");
    refused(
        view(modalWith("T", ",\"close\":" + plain(x(25)), section("a"))),
        "invalid_arguments",
        "/view/close/text");
    JsonObject longSubmit = modal(section("a"));
    longSubmit.add("submit", JsonParser.parseString(plain(x(25))));
    refused(view(longSubmit), "invalid_arguments", "/view/submit/text");
  }

  @Test
  void aModalNeedsATitleAndBlocksAndOnlyModalsOpen() {
    JsonObject noTitle = modal(section("a"));
    noTitle.remove("title");
    refused(view(noTitle), "invalid_arguments", "missing required field: title");
    JsonObject noBlocks = modal();
    noBlocks.remove("blocks");
    refused(view(noBlocks), "invalid_arguments", "missing required field: blocks");
    JsonObject home = modal(section("a"));
    home.addProperty("type", "home");
    refused(view(home), "invalid_arguments", "/view/type");
    accepted(BlockKit.view(home, Set.of(BlockKit.Surface.HOME)));
  }

  @Test
  void aModalWithInputBlocksNeedsASubmitButton() {
    JsonObject m = modal(input(textInput("")));
    accepted(view(m));
    m.remove("submit");
    refused(view(m), "invalid_arguments", "needs a submit button");
  }

  @Test
  void aModalHoldsAtMost100Blocks() {
    accepted(view(modal(repeat("{\"type\":\"divider\"}", 100))));
    refused(
        view(modal(repeat("{\"type\":\"divider\"}", 101))),
        "invalid_arguments",
        "no more than 100");
  }

  @Test
  void privateMetadataHoldsAtMost3000Characters() {
    accepted(view(modalWith("T", ",\"private_metadata\":" + quote(x(3000)), section("a"))));
    refused(
        view(modalWith("T", ",\"private_metadata\":" + quote(x(3001)), section("a"))),
        "invalid_arguments",
        "/view/private_metadata");
  }

  @Test
  void callbackBlockAndActionIdsHoldAtMost255Characters() {
    JsonObject cb = modal(section("a"));
    cb.addProperty("callback_id", x(256));
    refused(view(cb), "invalid_arguments", "/view/callback_id");
    String block = "{\"type\":\"divider\",\"block_id\":\"%s\"}";
    accepted(view(modal(block.formatted(x(255)))));
    refused(view(modal(block.formatted(x(256)))), "invalid_arguments", "/view/blocks/0/block_id");
    accepted(view(modal(actions(button("B", ",\"action_id\":\"" + x(255) + "\"")))));
    refused(
        view(modal(actions(button("B", ",\"action_id\":\"" + x(256) + "\"")))),
        "invalid_arguments",
        "/view/blocks/0/elements/0/action_id");
  }

  @Test
  void blockIdsAreUniqueInAViewAndInAMessage() {
    String a = "{\"type\":\"divider\",\"block_id\":\"same\"}";
    refused(view(modal(a, a)), "invalid_arguments", "duplicate block_id same");
    refused(BlockKit.message(message("t", a, a)), "invalid_blocks", "duplicate block_id same");
  }

  @Test
  void actionIdsAreUniqueWithinABlock() {
    String b1 = button("One", ",\"action_id\":\"go\"");
    String b2 = button("Two", ",\"action_id\":\"go\"");
    refused(view(modal(actions(b1, b2))), "invalid_arguments", "duplicate action_id go");
    accepted(view(modal(actions(b1), actions(b2))));
  }

  @Test
  void atMostOneElementOfAViewSetsFocusOnLoad() {
    String focused = textInput(",\"focus_on_load\":true");
    String other =
        "{\"type\":\"input\",\"block_id\":\"in2\",\"label\":"
            + plain("L")
            + ",\"element\":"
            + focused
            + "}";
    accepted(view(modal(input(focused))));
    refused(view(modal(input(focused), other)), "invalid_arguments", "focus_on_load");
  }

  // ---- blocks ---------------------------------------------------------------------------------

  @Test
  void sectionTextHoldsAtMost3000AndFieldsAtMostTenOf2000() {
    accepted(view(modal(section(x(3000)))));
    refused(view(modal(section(x(3001)))), "invalid_arguments", "/view/blocks/0/text/text");
    String fields = "{\"type\":\"section\",\"fields\":[%s]}";
    accepted(view(modal(fields.formatted(repeat(mrkdwn(x(2000)), 10)))));
    refused(
        view(modal(fields.formatted(repeat(mrkdwn("f"), 11)))),
        "invalid_arguments",
        "/view/blocks/0/fields");
    refused(
        view(modal(fields.formatted(mrkdwn(x(2001))))),
        "invalid_arguments",
        "/view/blocks/0/fields/0/text");
    refused(view(modal("{\"type\":\"section\"}")), "invalid_arguments", "text or fields");
  }

  @Test
  void headerTextIsPlainTextOfAtMost150() {
    String header = "{\"type\":\"header\",\"text\":%s}";
    accepted(view(modal(header.formatted(plain(x(150))))));
    refused(view(modal(header.formatted(plain(x(151))))), "invalid_arguments", "at most 150");
    refused(view(modal(header.formatted(mrkdwn("h")))), "invalid_arguments", "must be plain_text");
  }

  @Test
  void inputLabelAndHintHoldAtMost2000() {
    String block =
        "{\"type\":\"input\",\"label\":%s,\"hint\":%s,\"element\":" + textInput("") + "}";
    accepted(view(modal(block.formatted(plain(x(2000)), plain(x(2000))))));
    refused(
        view(modal(block.formatted(plain(x(2001)), plain("h")))),
        "invalid_arguments",
        "/view/blocks/0/label/text");
    refused(
        view(modal(block.formatted(plain("l"), plain(x(2001))))),
        "invalid_arguments",
        "/view/blocks/0/hint/text");
    refused(
        view(modal("{\"type\":\"input\",\"element\":" + textInput("") + "}")),
        "invalid_arguments",
        "missing required field: label");
  }

  @Test
  void contextHoldsAtMostTenElementsAndActionsAtMost25() {
    String context = "{\"type\":\"context\",\"elements\":[%s]}";
    accepted(view(modal(context.formatted(repeat(mrkdwn("c"), 10)))));
    refused(
        view(modal(context.formatted(repeat(mrkdwn("c"), 11)))),
        "invalid_arguments",
        "no more than 10");
    String[] buttons = new String[26];
    for (int i = 0; i < 26; i++) buttons[i] = button("B", ",\"action_id\":\"b" + i + "\"");
    accepted(view(modal(actions(java.util.Arrays.copyOf(buttons, 25)))));
    refused(view(modal(actions(buttons))), "invalid_arguments", "no more than 25");
  }

  @Test
  void textObjectsAreNeverEmptyOrOnlySpaces() {
    refused(view(modal(section(""))), "invalid_arguments", "must not be empty");
    refused(view(modal(section("   "))), "invalid_arguments", "must not be empty");
    refused(
        BlockKit.message(message("t", "{\"type\":\"context\",\"elements\":[" + plain(" ") + "]}")),
        "invalid_blocks",
        "must not be empty");
    refused(view(modal(actions(button(" ", "")))), "invalid_arguments", "must not be empty");
  }

  @Test
  void unknownTypesAndElementsInTheWrongBlockAreRefused() {
    refused(view(modal("{\"type\":\"carousel\"}")), "invalid_arguments", "unknown block type");
    refused(
        view(modal(actions(textInput("")))),
        "invalid_arguments",
        "plain_text_input is not allowed in an actions block");
    refused(
        view(modal(input(button("B", "")))),
        "invalid_arguments",
        "button is not allowed in an input block");
    refused(
        view(modal(input("{\"type\":\"slider\"}"))), "invalid_arguments", "unknown element type");
    refused(view(modal("{\"block_id\":\"b\"}")), "invalid_arguments", "missing required field");
  }

  // ---- elements -------------------------------------------------------------------------------

  @Test
  void buttonTextValueAndUrlHaveTheirLimits() {
    accepted(view(modal(actions(button(x(75), ",\"url\":\"https://e/" + x(2990) + "\"")))));
    refused(view(modal(actions(button(x(76), "")))), "invalid_arguments", "at most 75");
    String value = "{\"type\":\"button\",\"text\":" + plain("B") + ",\"value\":%s}";
    accepted(view(modal(actions(value.formatted(quote(x(2000)))))));
    refused(
        view(modal(actions(value.formatted(quote(x(2001)))))),
        "invalid_arguments",
        "/view/blocks/0/elements/0/value");
    refused(
        view(modal(actions(button("B", ",\"url\":\"https://e/" + x(2991) + "\"")))),
        "invalid_arguments",
        "/view/blocks/0/elements/0/url");
    refused(
        view(modal(actions(button("B", ",\"style\":\"shiny\"")))),
        "invalid_arguments",
        "primary or danger");
  }

  @Test
  void placeholdersHoldAtMost150() {
    accepted(view(modal(input(textInput(",\"placeholder\":" + plain(x(150)))))));
    refused(
        view(modal(input(textInput(",\"placeholder\":" + plain(x(151)))))),
        "invalid_arguments",
        "/view/blocks/0/element/placeholder/text");
  }

  @Test
  void textInputLengthsStayWithin3000AndTheInitialValueWithinTheMaximum() {
    accepted(view(modal(input(textInput(",\"max_length\":3000,\"min_length\":3000")))));
    refused(
        view(modal(input(textInput(",\"max_length\":3001")))),
        "invalid_arguments",
        "/view/blocks/0/element/max_length");
    refused(
        view(modal(input(textInput(",\"max_length\":10,\"min_length\":11")))),
        "invalid_arguments",
        "must not be over max_length");
    accepted(view(modal(input(textInput(",\"max_length\":5,\"initial_value\":\"" + x(5) + "\"")))));
    refused(
        view(modal(input(textInput(",\"max_length\":5,\"initial_value\":\"" + x(6) + "\"")))),
        "invalid_arguments",
        "/view/blocks/0/element/initial_value");
    refused(
        view(modal(input(textInput(",\"initial_value\":\"" + x(3001) + "\"")))),
        "invalid_arguments",
        "/view/blocks/0/element/initial_value");
  }

  @Test
  void staticSelectsHoldAtMost100OptionsOf75CharactersAndValuesOf150() {
    String select = "{\"type\":\"static_select\",\"action_id\":\"s\",\"options\":%s}";
    accepted(view(modal(input(select.formatted(options(100))))));
    refused(
        view(modal(input(select.formatted(options(101))))), "invalid_arguments", "1 to 100 items");
    accepted(view(modal(input(select.formatted("[" + option(x(75), x(150)) + "]")))));
    refused(
        view(modal(input(select.formatted("[" + option(x(76), "v") + "]")))),
        "invalid_arguments",
        "/view/blocks/0/element/options/0/text/text");
    refused(
        view(modal(input(select.formatted("[" + option("t", x(151)) + "]")))),
        "invalid_arguments",
        "/view/blocks/0/element/options/0/value");
    refused(
        view(modal(input(select.formatted("[" + option("a", "v") + "," + option("b", "v") + "]")))),
        "invalid_arguments",
        "duplicate option value");
    refused(
        view(modal(input(select.formatted("[{\"text\":" + mrkdwn("m") + ",\"value\":\"v\"}]")))),
        "invalid_arguments",
        "must be plain_text");
  }

  @Test
  void optionDescriptionsHoldAtMost75() {
    String checkboxes =
        "{\"type\":\"checkboxes\",\"action_id\":\"c\",\"options\":[{\"text\":"
            + plain("t")
            + ",\"value\":\"v\",\"description\":%s}]}";
    accepted(view(modal(input(checkboxes.formatted(plain(x(75)))))));
    refused(
        view(modal(input(checkboxes.formatted(plain(x(76)))))),
        "invalid_arguments",
        "/view/blocks/0/element/options/0/description/text");
  }

  @Test
  void checkboxesAndRadioButtonsHoldAtMostTenOptions() {
    for (String type : List.of("checkboxes", "radio_buttons")) {
      String element = "{\"type\":\"" + type + "\",\"action_id\":\"c\",\"options\":%s}";
      accepted(view(modal(input(element.formatted(options(10))))));
      refused(
          view(modal(input(element.formatted(options(11))))), "invalid_arguments", "1 to 10 items");
    }
  }

  @Test
  void initialOptionsMustBeAmongTheOptions() {
    String select =
        "{\"type\":\"static_select\",\"action_id\":\"s\",\"options\":"
            + options(3)
            + ",\"initial_option\":%s}";
    accepted(view(modal(input(select.formatted(option("o1", "v1"))))));
    refused(
        view(modal(input(select.formatted(option("other", "v1"))))),
        "invalid_arguments",
        "/view/blocks/0/element/initial_option");
    String checkboxes =
        "{\"type\":\"checkboxes\",\"action_id\":\"c\",\"options\":"
            + options(3)
            + ",\"initial_options\":[%s]}";
    accepted(view(modal(input(checkboxes.formatted(option("o2", "v2"))))));
    refused(
        view(modal(input(checkboxes.formatted(option("o2", "v9"))))),
        "invalid_arguments",
        "/view/blocks/0/element/initial_options/0");
    String radio =
        "{\"type\":\"radio_buttons\",\"action_id\":\"r\",\"options\":"
            + options(2)
            + ",\"initial_option\":"
            + option("o5", "v5")
            + "}";
    refused(view(modal(input(radio))), "invalid_arguments", "must be one of the element's options");
  }

  @Test
  void overflowMenusHoldTwoToFiveOptions() {
    String overflow = "{\"type\":\"overflow\",\"action_id\":\"o\",\"options\":%s}";
    accepted(view(modal(actions(overflow.formatted(options(2))))));
    accepted(view(modal(actions(overflow.formatted(options(5))))));
    refused(view(modal(actions(overflow.formatted(options(1))))), "invalid_arguments", "2 to 5");
    refused(view(modal(actions(overflow.formatted(options(6))))), "invalid_arguments", "2 to 5");
  }

  @Test
  void confirmDialogsHaveTheirLimits() {
    String confirm = ",\"confirm\":{\"title\":%s,\"text\":%s,\"confirm\":%s,\"deny\":%s}";
    String ok = confirm.formatted(plain(x(100)), mrkdwn(x(300)), plain(x(30)), plain(x(30)));
    accepted(view(modal(actions(button("B", ok)))));
    String[][] over = {
      {plain(x(101)), mrkdwn("t"), plain("c"), plain("d"), "/confirm/title/text"},
      {plain("t"), mrkdwn(x(301)), plain("c"), plain("d"), "/confirm/text/text"},
      {plain("t"), mrkdwn("t"), plain(x(31)), plain("d"), "/confirm/confirm/text"},
      {plain("t"), mrkdwn("t"), plain("c"), plain(x(31)), "/confirm/deny/text"},
    };
    for (String[] o : over) {
      refused(
          view(modal(actions(button("B", confirm.formatted(o[0], o[1], o[2], o[3]))))),
          "invalid_arguments",
          o[4]);
    }
  }

  @Test
  void pickersTakeIsoDatesAndTimes() {
    accepted(
        view(
            modal(
                input("{\"type\":\"datepicker\",\"initial_date\":\"2026-12-24\"}"),
                "{\"type\":\"input\",\"block_id\":\"t\",\"label\":"
                    + plain("T")
                    + ",\"element\":{\"type\":\"timepicker\",\"initial_time\":\"09:30\"}}")));
    refused(
        view(modal(input("{\"type\":\"datepicker\",\"initial_date\":\"24.12.2026\"}"))),
        "invalid_arguments",
        "YYYY-MM-DD");
    refused(
        view(modal(input("{\"type\":\"timepicker\",\"initial_time\":\"9:30\"}"))),
        "invalid_arguments",
        "HH:mm");
  }

  // ---- messages -------------------------------------------------------------------------------

  @Test
  void aMessageHoldsAtMost50BlocksAnd40000CharactersOfText() {
    accepted(BlockKit.message(message(x(40_000), repeat(section("s"), 50))));
    refused(
        BlockKit.message(message("t", repeat(section("s"), 51))),
        "invalid_blocks",
        "no more than 50");
    refused(BlockKit.message(message(x(40_001))), "msg_too_long", "/text");
  }

  @Test
  void aMessageNeedsTextOrBlocks() {
    refused(BlockKit.message(message(null)), "no_text", "text or blocks");
    refused(BlockKit.message(message("  ")), "no_text", "text or blocks");
    accepted(BlockKit.message(message(null, section("only blocks"))));
    JsonObject delete = new JsonObject();
    delete.addProperty("delete_original", true);
    accepted(BlockKit.message(delete));
  }

  @Test
  void formEncodedBlocksAreCheckedAndMustBeAnArray() {
    JsonObject m = new JsonObject();
    m.addProperty("text", "t");
    m.addProperty("blocks", "[" + section(x(3001)) + "]");
    refused(BlockKit.message(m), "invalid_blocks", "/blocks/0/text/text");
    m.addProperty("blocks", "{\"type\":\"divider\"}");
    refused(BlockKit.message(m), "invalid_blocks_format", "array");
  }

  @Test
  void responseTypesAreInChannelOrEphemeral() {
    JsonObject m = message("t");
    m.addProperty("response_type", "ephemeral");
    accepted(BlockKit.message(m));
    m.addProperty("response_type", "everyone");
    refused(BlockKit.message(m), "invalid_blocks", "/response_type");
  }

  // ---- what the app answers Slack with --------------------------------------------------------

  @Test
  void aSlashCommandAckIsAMessageSlackAccepts() {
    accepted(BlockKit.commandAck(""));
    accepted(BlockKit.commandAck("{\"text\":\"hello\",\"response_type\":\"ephemeral\"}"));
    refused(BlockKit.commandAck("{\"text\":\"" + x(40_001) + "\"}"), "msg_too_long", "/text");
    refused(
        BlockKit.commandAck("{\"text\":\"t\",\"blocks\":[" + section(x(3001)) + "]}"),
        "invalid_blocks",
        "/blocks/0/text/text");
  }

  @Test
  void aViewSubmissionAckNamesInputBlocksOrCarriesAValidModal() {
    JsonObject submitted = modal(input(textInput("")), section("info"));
    accepted(
        BlockKit.viewSubmissionAck(
            "{\"response_action\":\"errors\",\"errors\":{\"in\":\"Too long\"}}", submitted));
    refused(
        BlockKit.viewSubmissionAck(
            "{\"response_action\":\"errors\",\"errors\":{\"elsewhere\":\"Too long\"}}", submitted),
        "invalid_arguments",
        "not the block_id of an input block");
    refused(
        BlockKit.viewSubmissionAck(
            "{\"response_action\":\"errors\",\"errors\":{\"in\":\"\"}}", submitted),
        "invalid_arguments",
        "non-empty error message");
    refused(
        BlockKit.viewSubmissionAck("{\"response_action\":\"errors\",\"errors\":{}}", submitted),
        "invalid_arguments",
        "at least one input block");
    accepted(
        BlockKit.viewSubmissionAck(
            "{\"response_action\":\"update\",\"view\":" + modal(section("done")) + "}", submitted));
    refused(
        BlockKit.viewSubmissionAck(
            "{\"response_action\":\"push\",\"view\":" + modalWith(x(25), "", section("d")) + "}",
            submitted),
        "invalid_arguments",
        "/view/title/text");
    refused(
        BlockKit.viewSubmissionAck("{\"response_action\":\"close\"}", submitted),
        "invalid_arguments",
        "/response_action");
    accepted(BlockKit.viewSubmissionAck("", submitted));
  }
}
