package dev.firstresponder.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.view.View;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake Slack over HTTP, through the same Slack SDK client the bot uses: what breaks a Block Kit
 * rule is refused as Slack refuses it (the SDK sees {@code ok:false}, the error and {@code
 * response_metadata.messages}), recorded as a violation, and changes nothing; what keeps the rules
 * is accepted.
 */
class FakeSlackTest {
  static final String CHANNEL = "C0CHANNEL";

  FakeSlack slack;
  MethodsClient methods;

  @BeforeEach
  void start() throws Exception {
    slack = new FakeSlack();
    slack.addChannel(CHANNEL, "general", true).addUser("U0ALICE01", "alice");
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(slack.apiUrl());
    methods = Slack.getInstance(config).methods(TestApp.BOT_TOKEN);
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  static View modal(String title) {
    return View.builder()
        .type("modal")
        .callbackId("test.modal")
        .title(com.slack.api.model.view.ViewTitle.builder().type("plain_text").text(title).build())
        .blocks(
            com.slack.api.model.block.Blocks.asBlocks(
                com.slack.api.model.block.Blocks.section(
                    s ->
                        s.text(
                            com.slack.api.model.block.composition.BlockCompositions.markdownText(
                                "hello")))))
        .build();
  }

  @Test
  void viewsOpenRefusesAModalSlackRefusesWithInvalidArguments() throws Exception {
    var refused =
        methods.viewsOpen(r -> r.triggerId("t-1").view(modal("A title of 25 characters.")));

    assertThat(refused.isOk()).isFalse();
    assertThat(refused.getError()).isEqualTo("invalid_arguments");
    assertThat(refused.getResponseMetadata().getMessages())
        .singleElement()
        .asString()
        .contains("/view/title/text")
        .contains("at most 24");
    assertThat(slack.violations()).singleElement().asString().contains("views.open");

    var accepted = methods.viewsOpen(r -> r.triggerId("t-2").view(modal("Short title")));
    assertThat(accepted.isOk()).isTrue();
    assertThat(accepted.getView().getId()).startsWith("V");
    assertThat(slack.violations()).hasSize(1);
  }

  @Test
  void viewsPushUpdateAndPublishAreCheckedToo() throws Exception {
    assertThat(methods.viewsPush(r -> r.triggerId("t").view(modal(" "))).getError())
        .isEqualTo("invalid_arguments");
    assertThat(methods.viewsUpdate(r -> r.viewId("V1").view(modal("x".repeat(25)))).getError())
        .isEqualTo("invalid_arguments");
    View home = modal("Home");
    home.setType("home");
    assertThat(methods.viewsPublish(r -> r.userId("U0ALICE01").view(home)).isOk()).isTrue();
    assertThat(methods.viewsPublish(r -> r.userId("U0ALICE01").view(modal("Modal"))).getError())
        .as("views.publish takes an App Home, not a modal")
        .isEqualTo("invalid_arguments");
    assertThat(methods.viewsOpen(r -> r.view(modal("No trigger"))).getError())
        .isEqualTo("invalid_arguments");
    assertThat(slack.violations()).hasSize(4);
  }

  @Test
  void postMessageRefusesInvalidBlocksAndPostsNothing() throws Exception {
    String tooLong = "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"%s\"}}]";
    var refused =
        methods.chatPostMessage(
            r -> r.channel(CHANNEL).text("t").blocksAsString(tooLong.formatted("x".repeat(3001))));

    assertThat(refused.isOk()).isFalse();
    assertThat(refused.getError()).isEqualTo("invalid_blocks");
    assertThat(refused.getResponseMetadata().getMessages())
        .singleElement()
        .asString()
        .contains("/blocks/0/text/text");
    assertThat(slack.messages(CHANNEL)).isEmpty();

    var accepted =
        methods.chatPostMessage(
            r -> r.channel(CHANNEL).text("t").blocksAsString(tooLong.formatted("x".repeat(3000))));
    assertThat(accepted.isOk()).isTrue();
    assertThat(slack.messages(CHANNEL)).hasSize(1);
    assertThat(slack.violations()).hasSize(1);
  }

  @Test
  void messagesOver40000CharactersOrWithoutTextAreRefused() throws Exception {
    assertThat(methods.chatPostMessage(r -> r.channel(CHANNEL).text("x".repeat(40_001))).getError())
        .isEqualTo("msg_too_long");
    assertThat(methods.chatPostMessage(r -> r.channel(CHANNEL).text(" ")).getError())
        .isEqualTo("no_text");
    assertThat(methods.chatPostMessage(r -> r.channel(CHANNEL).text("x".repeat(40_000))).isOk())
        .isTrue();
    String ts = slack.messages(CHANNEL).get(0).ts();
    assertThat(
            methods
                .chatUpdate(r -> r.channel(CHANNEL).ts(ts).text("x").blocksAsString("[{}]"))
                .getError())
        .isEqualTo("invalid_blocks");
    assertThat(slack.messages(CHANNEL).get(0).text()).hasSize(40_000);
    assertThat(
            methods
                .chatPostEphemeral(
                    r ->
                        r.channel(CHANNEL)
                            .user("U0ALICE01")
                            .text("t")
                            .blocksAsString("[{\"type\":\"header\"}]"))
                .getError())
        .isEqualTo("invalid_blocks");
    assertThat(slack.violations()).hasSize(4);
  }

  @Test
  void channelTopicsOver250CharactersAreRefused() throws Exception {
    assertThat(
            methods
                .conversationsSetTopic(r -> r.channel(CHANNEL).topic("t".repeat(251)))
                .getError())
        .isEqualTo("too_long");
    assertThat(methods.conversationsSetTopic(r -> r.channel(CHANNEL).topic("t".repeat(250))).isOk())
        .isTrue();
    assertThat(slack.violations()).hasSize(1);
  }

  @Test
  void aResponseUrlRefusesInvalidMessagesAndWorksFiveTimes() throws Exception {
    String url = slack.responseUrl("r-1");
    HttpResponse<String> bad =
        post(
            url, "{\"text\":\"t\",\"blocks\":[{\"type\":\"section\"}],\"replace_original\":false}");
    assertThat(bad.statusCode()).isEqualTo(400);
    JsonObject error = JsonParser.parseString(bad.body()).getAsJsonObject();
    assertThat(error.get("error").getAsString()).isEqualTo("invalid_blocks");
    assertThat(error.getAsJsonObject("response_metadata").toString()).contains("text or fields");
    assertThat(slack.responses()).isEmpty();

    for (int i = 2; i <= FakeSlack.RESPONSE_URL_USES; i++)
      assertThat(post(url, "{\"text\":\"answer " + i + "\"}").statusCode()).isEqualTo(200);
    assertThat(post(url, "{\"text\":\"one too many\"}").statusCode()).isEqualTo(404);
    assertThat(slack.responses()).hasSize(FakeSlack.RESPONSE_URL_USES - 1);
    assertThat(slack.violations())
        .hasSize(2)
        .anySatisfy(v -> assertThat(v).contains("used 6 times"));
  }

  @Test
  void aMethodWhoseScopeTheManifestDoesNotGrantIsRefused() throws Exception {
    assertThat(TestApp.botScopes()).contains("chat:write", "channels:manage", "users:read");
    slack.grantScopes(java.util.Set.of("chat:write"));

    assertThat(methods.chatPostMessage(r -> r.channel(CHANNEL).text("t")).isOk()).isTrue();
    var refused = methods.pinsAdd(r -> r.channel(CHANNEL).timestamp("1.2"));
    assertThat(refused.getError()).isEqualTo("missing_scope");
    assertThat(refused.getNeeded()).isEqualTo("pins:write");
    assertThat(methods.conversationsHistory(r -> r.channel("D0ALICE01")).getError())
        .isEqualTo("missing_scope");
    assertThat(slack.violations())
        .hasSize(2)
        .anySatisfy(
            v -> assertThat(v).contains("conversations.history needs the scope im:history"));
  }

  @Test
  void theRulesHoldForWhatTheAppAnswersSlackWith() {
    slack.refusedAck(
        "a slash command's ack", BlockKit.commandAck("{\"text\":\"" + "x".repeat(40_001) + "\"}"));
    slack.refusedAck("a slash command's ack", BlockKit.commandAck("{\"text\":\"fine\"}"));

    assertThat(slack.violations())
        .singleElement()
        .asString()
        .contains("a slash command's ack")
        .contains("msg_too_long");
  }

  private static HttpResponse<String> post(String url, String json) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
