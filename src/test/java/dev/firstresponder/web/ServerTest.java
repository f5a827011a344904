package dev.firstresponder.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.firstresponder.testing.SlackSigner;
import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ServerTest {
  @RegisterExtension final TestApps apps = new TestApps();

  TestApp t;

  @BeforeEach
  void start() throws Exception {
    t = apps.start();
  }

  @Test
  void signedHelpCommandIsAnsweredWithEverySubcommand() throws Exception {
    HttpResponse<String> r = t.command("/incident", "help", "U0ALICE01", "C0GENERAL");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("/incident").contains("help");
    HttpResponse<String> oncall = t.command("/oncall", "help", "U0ALICE01", "C0GENERAL");
    assertThat(oncall.body()).contains("/oncall");
  }

  @Test
  void unknownSubcommandGetsUsageHelp() throws Exception {
    HttpResponse<String> r =
        t.command("/oncall", "frobnicate <!channel>", "U0ALICE01", "C0GENERAL");

    assertThat(r.statusCode()).isEqualTo(200);
    String text = JsonParser.parseString(r.body()).getAsJsonObject().get("text").getAsString();
    assertThat(text)
        .contains("I don't know `/oncall frobnicate`")
        .contains("/oncall help")
        .doesNotContain("<!channel>");
  }

  @Test
  void badSignatureIsRefusedAndNothingHappens() throws Exception {
    String body = "command=%2Fincident&text=help&user_id=U0ALICE01&team_id=T0TEAM001";
    long now = System.currentTimeMillis() / 1000;
    var request =
        HttpRequest.newBuilder(URI.create(t.baseUrl() + "/slack/events"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Slack-Request-Timestamp", Long.toString(now))
            .header("X-Slack-Signature", new SlackSigner("not-the-secret").sign(now, body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();

    HttpResponse<String> r =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).doesNotContain("/incident");
    assertNothingActedOn();
  }

  @Test
  void replayedRequestOlderThanFiveMinutesIsRefused() throws Exception {
    String body = "command=%2Fincident&text=help&user_id=U0ALICE01&team_id=T0TEAM001";
    long sixMinutesAgo = System.currentTimeMillis() / 1000 - 360;

    HttpResponse<String> r = t.postSigned("application/x-www-form-urlencoded", body, sixMinutesAgo);

    assertThat(r.statusCode()).isEqualTo(401);
    assertNothingActedOn();
  }

  /** Refused before anything else runs: not even the token check reaches Slack. */
  private void assertNothingActedOn() {
    assertThat(t.slack.calls()).isEmpty();
    assertThat(t.slack.responses()).isEmpty();
  }

  @Test
  void urlVerificationIsAnswered() throws Exception {
    String body =
        "{\"token\":\"x\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}";

    HttpResponse<String> r =
        t.postSigned("application/json", body, System.currentTimeMillis() / 1000);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
  }

  @Test
  void healthIsOkWhileTheDatabaseAnswers() throws Exception {
    HttpResponse<String> r = t.get("/healthz");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"status\":\"ok\"");
  }

  @Test
  void healthIs503WhenTheDatabaseFileIsUnusable() throws Exception {
    Path db = t.dir.resolve("firstresponder.db");
    // Overwrite the header and the first pages: the file is no longer a SQLite database.
    try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
      f.seek(0);
      f.write(new byte[8192]);
    }
    Files.deleteIfExists(t.dir.resolve("firstresponder.db-wal"));
    Files.deleteIfExists(t.dir.resolve("firstresponder.db-shm"));

    HttpResponse<String> r = t.get("/healthz");

    assertThat(r.statusCode()).isEqualTo(503);
  }

  @Test
  void metricsCountSlackRequestsAndShowTheOutbox() throws Exception {
    t.command("/incident", "help", "U0ALICE01", "C0GENERAL");
    t.postSigned(
        "application/x-www-form-urlencoded",
        "command=%2Fincident&text=help",
        System.currentTimeMillis() / 1000 - 600);

    HttpResponse<String> r = t.get("/metrics");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("slack_requests_total{kind=\"command\",outcome=\"ok\"} 1.0")
        .contains("slack_requests_total{kind=\"command\",outcome=\"unauthorized\"} 1.0")
        .contains("slack_handler_seconds_bucket")
        .contains("outbox_pending");
  }

  @Test
  void githubWebhookWithBadSignatureIs401() throws Exception {
    String body = "{\"action\":\"created\"}";

    HttpResponse<String> bad = t.githubWebhook("issue_comment", "d-1", body, "sha256=00");
    HttpResponse<String> good =
        t.githubWebhook(
            "issue_comment",
            "d-2",
            body,
            SlackSigner.githubSignature(TestApp.WEBHOOK_SECRET, body));
    HttpResponse<String> again =
        t.githubWebhook(
            "issue_comment",
            "d-2",
            body,
            SlackSigner.githubSignature(TestApp.WEBHOOK_SECRET, body));

    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(good.statusCode()).isBetween(200, 299);
    assertThat(again.statusCode()).isBetween(200, 299);
    assertThat(again.body()).contains("already");
  }

  @Test
  void webhookIsRefusedWhenNoSecretIsConfigured() throws Exception {
    TestApp noSecret = apps.start(Map.of("GITHUB_WEBHOOK_SECRET", ""));
    String body = "{}";
    HttpResponse<String> r =
        noSecret.githubWebhook(
            "issue_comment", "d-1", body, SlackSigner.githubSignature("anything", body));
    assertThat(r.statusCode()).isEqualTo(401);
  }
}
