package dev.firstresponder.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.firstresponder.store.Database;
import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeGitHub;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.ProcessApp;
import dev.firstresponder.testing.TestApp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the real process while it handles a GitHub webhook: nothing of the delivery is kept,
 * so GitHub's redelivery of it brings the comment into Slack.
 */
class MirrorCrashTest {
  static final String CHANNEL = "C0INC0001";

  @TempDir Path dir;

  @Test
  void aWebhookDeliveryCutShortByKill9IsHandledWhenGitHubRedeliversIt() throws Exception {
    try (FakeSlack slack = new FakeSlack();
        FakeGitHub github = new FakeGitHub("acme", "sre")) {
      slack.addChannel(CHANNEL, "inc-grafana", true);
      Map<String, String> env = TestApp.env(slack, github, dir);
      incidentWithIssue(env.get("DATABASE_URL"), 7);
      String body = commentWebhook(4242, 7, "carol", "the root cause is the disk");
      github.hang(); // the delivery is handled up to the point where it asks GitHub something

      ProcessApp first = ProcessApp.start(env, dir);
      CompletableFuture<HttpResponse<String>> cutShort =
          CompletableFuture.supplyAsync(() -> send(first, "d-crash", body));
      Await.until(() -> !github.requests().isEmpty(), "the delivery in the middle of its work");
      first.kill9();
      github.up();
      assertThat(cutShort).failsWithin(Duration.ofSeconds(30));

      try (ProcessApp second = ProcessApp.start(env, dir)) {
        HttpResponse<String> redelivered = second.githubWebhook("issue_comment", "d-crash", body);

        assertThat(redelivered.statusCode()).isEqualTo(202);
        FakeSlack.Message m =
            Await.until(
                () ->
                    slack.messages(CHANNEL).stream()
                        .filter(x -> x.text() != null && x.text().contains("root cause"))
                        .findFirst()
                        .orElse(null),
                "the comment in the incident channel");
        assertThat(m.text()).contains("*carol* on GitHub");
      }
    }
  }

  private static HttpResponse<String> send(ProcessApp app, String delivery, String body) {
    try {
      return app.githubWebhook("issue_comment", delivery, body);
    } catch (Exception e) {
      throw new CompletionException(e);
    }
  }

  /** An open incident with its channel and GitHub issue, as the incident feature leaves it. */
  private static void incidentWithIssue(String databaseUrl, int issueNumber) {
    Database.open(databaseUrl)
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        """
                        INSERT INTO incident (cluster, service, short_message, impacted_users,
                                              criteria, declared_by, cc_user, declared_at,
                                              channel_id, channel_name, issue_number)
                        VALUES ('prod', 'grafana', 'dashboards down', 'all users', 'visible',
                                'U0ALICE01', 'U0ALICE01', :now, :c, 'inc-grafana', :n)
                        """)
                    .bind("now", System.currentTimeMillis())
                    .bind("c", CHANNEL)
                    .bind("n", issueNumber)
                    .execute());
  }

  private static String commentWebhook(long commentId, int issue, String login, String text) {
    var comment = new JsonObject();
    comment.addProperty("id", commentId);
    comment.addProperty("body", text);
    var user = new JsonObject();
    user.addProperty("login", login);
    user.addProperty("type", "User");
    comment.add("user", user);
    comment.addProperty(
        "html_url",
        "https://github.example/acme/sre/issues/" + issue + "#issuecomment-" + commentId);
    var issueJson = new JsonObject();
    issueJson.addProperty("number", issue);
    var repo = new JsonObject();
    repo.addProperty("full_name", "acme/sre");
    var o = new JsonObject();
    o.addProperty("action", "created");
    o.add("issue", issueJson);
    o.add("comment", comment);
    o.add("repository", repo);
    return o.toString();
  }
}
