package dev.firstresponder.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.firstresponder.github.GitHubEffects;
import dev.firstresponder.github.GitHubIssues;
import dev.firstresponder.github.GitHubSettings;
import dev.firstresponder.outbox.Effect;
import dev.firstresponder.people.People;
import dev.firstresponder.store.Installation;
import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeGitHub;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.SlackPayloads;
import dev.firstresponder.testing.SlackSigner;
import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mirror end to end: signed Slack events and GitHub webhooks in, fake GitHub and Slack out. */
class MirrorTest {
  @RegisterExtension final TestApps apps = new TestApps();

  static final String CHANNEL = "C0INC0001";
  static final String ALICE = "U0ALICE01";
  static final String BOB = "U0BOB0001";
  static final String Z = "\u200D";

  TestApp t;
  int issue;
  long incident;
  final AtomicInteger seq = new AtomicInteger();

  void start(int batchSeconds) throws Exception {
    t = apps.start(Map.of("MIRROR_BATCH_SECONDS", Integer.toString(batchSeconds)));
    t.slack.addChannel(CHANNEL, "inc-grafana", true).addUser(ALICE, "alice").addUser(BOB, "bob");
    incident = declareIncident();
  }

  /** An incident as the incident feature leaves it: a row with its channel and the issue effect. */
  long declareIncident() {
    long id =
        t.app
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createUpdate(
                            """
            INSERT INTO incident (cluster, service, short_message, impacted_users, criteria, declared_by, cc_user,
                                  declared_at, channel_id, channel_name)
            VALUES ('prod', 'grafana', 'dashboards down', 'all users', 'visible', :u, :u, :now, :c, 'inc-grafana')
            """)
                        .bind("u", ALICE)
                        .bind("now", System.currentTimeMillis())
                        .bind("c", CHANNEL)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one());
    t.app
        .outbox()
        .enqueue(
            Effect.of(
                "github:incident:" + id,
                GitHubEffects.CREATE_ISSUE,
                "incident:" + id + ":issue",
                new GitHubEffects.CreateIssue(
                    "[INCIDENT][prod/grafana] - dashboards down", "body", List.of(), List.of())));
    issue = t.github.awaitIssue(i -> i.title.contains("grafana")).number;
    // The mirror finds the issue through the create effect's result, written just after GitHub
    // answered.
    Await.until(
        () -> GitHubEffects.created(t.app.outbox(), "incident:" + id + ":issue").isPresent(),
        "the issue recorded");
    return id;
  }

  String nextTs() {
    return "1700000100.%06d".formatted(100 * seq.incrementAndGet());
  }

  String say(String user, String text) throws Exception {
    return say(user, text, null);
  }

  String say(String user, String text, String threadTs) throws Exception {
    String ts = nextTs();
    HttpResponse<String> r =
        t.event(SlackPayloads.message(CHANNEL, user, ts, text, threadTs), "Ev" + ts, 0);
    assertThat(r.statusCode()).isEqualTo(200);
    return ts;
  }

  List<FakeGitHub.Comment> comments() {
    return List.copyOf(t.github.issue(issue).comments);
  }

  List<FakeGitHub.Comment> awaitComments(int n) {
    return Await.until(
        () -> comments().size() >= n ? comments() : null, n + " comment(s) on issue #" + issue);
  }

  @Test
  void messagesBecomeCommentsNamingTheAuthorWithALinkBack() throws Exception {
    start(0);
    People people = new People(t.app.database().jdbi(), t.clock);
    people.link(ALICE, "alice-gh");
    people.setMentionOptIn(ALICE, true);
    people.link(BOB, "bob-gh"); // linked, but never agreed to be mentioned

    String ts =
        say(
            ALICE,
            "*rolled back* the deploy, <@" + BOB + "> see <https://grafana.example/d/1|dashboard>");
    say(BOB, "_thanks_ fixes #1", ts);

    List<FakeGitHub.Comment> c = awaitComments(2);
    assertThat(c.get(0).body)
        .contains("**alice** (@alice-gh)")
        .contains("https://fake.slack.com/archives/" + CHANNEL + "/p" + ts.replace(".", ""))
        .contains(
            "**rolled back** the deploy, @"
                + Z
                + "bob see [dashboard](https://grafana.example/d/1)")
        .contains("<!-- firstresponder:");
    assertThat(c.get(1).body)
        .contains("**bob**")
        .doesNotContain("@bob-gh")
        .contains("in a thread")
        .contains("thread_ts=" + ts)
        .contains("_thanks_ fixes #" + Z + "1");
  }

  @Test
  void uploadedFilesBecomeLinks() throws Exception {
    start(0);
    String ts = nextTs();
    JsonObject e =
        JsonParser.parseString(SlackPayloads.message(CHANNEL, ALICE, ts, "the graph", null))
            .getAsJsonObject();
    e.addProperty("subtype", "file_share");
    e.add(
        "files",
        JsonParser.parseString(
            "[{\"id\":\"F01\",\"name\":\"latency.png\",\"permalink\":\"https://fake.slack.com/files/U0ALICE01/F01/latency.png\"}]"));

    t.event(e.toString(), "EvFile", 0);

    assertThat(awaitComments(1).get(0).body)
        .contains(
            "the graph\n📎 [latency.png](https://fake.slack.com/files/U0ALICE01/F01/latency.png)");
  }

  @Test
  void anEditUpdatesTheSameCommentAndADeletionIsShownThere() throws Exception {
    start(0);
    String ts = say(ALICE, "restarting the pods");
    FakeGitHub.Comment comment = awaitComments(1).get(0);

    t.event(changed(ts, "restarting the pods", "restarting *all* the pods"), "EvEdit1", 0);
    Await.until(() -> comment.body.contains("restarting **all** the pods"), "the comment edited");
    assertThat(comment.body).contains("_edited_");

    t.event(deleted(ts), "EvDelete1", 0);
    Await.until(
        () -> comment.body.contains("message deleted in Slack"),
        "the comment to say it was deleted");
    assertThat(comment.body).doesNotContain("restarting");
    assertThat(comments()).hasSize(1);
  }

  @Test
  void aMessageLongerThanACommentIsSplitAndAnEditKeepsEveryPartInStep() throws Exception {
    start(0);
    // 40,000 typed characters; Slack sends "&" as "&amp;", and GitHub needs it escaped too.
    StringBuilder typed = new StringBuilder("begins ");
    while (typed.length() < 39_990) typed.append("R&D ");
    String ts = say(ALICE, typed.append("ends").toString().replace("&", "&amp;"));

    List<FakeGitHub.Comment> parts = awaitComments(2);
    assertThat(parts).hasSize(2);
    assertThat(parts).allSatisfy(c -> assertThat(c.body.length()).isLessThan(65_536));
    assertThat(parts.get(0).body).contains("**alice**").contains("begins").doesNotContain("ends");
    assertThat(parts.get(1).body).contains("**alice**").contains("_continued_").contains("ends");

    t.event(changed(ts, "x", "short now"), "EvEditLong", 0);
    Await.until(() -> parts.get(0).body.contains("short now"), "the first comment edited");
    Await.until(
        () -> parts.get(1).body.contains("nothing more here"), "the second comment emptied");
    assertThat(comments()).hasSize(2);
    assertThat(parts.get(1).body).doesNotContain("R&amp;D");
  }

  @Test
  void slackRetriesAndRedeliveriesNeverDoubleAComment() throws Exception {
    start(0);
    String ts = nextTs();
    String event = SlackPayloads.message(CHANNEL, ALICE, ts, "first", null);
    assertThat(t.event(event, "EvOnce", 0).statusCode()).isEqualTo(200);
    assertThat(t.event(event, "EvOnce", 1).statusCode()).isEqualTo(200);
    assertThat(t.event(event, "EvOnce", 2).statusCode()).isEqualTo(200);
    assertThat(t.event(event, "EvOther", 0).statusCode())
        .isEqualTo(200); // same message, new event id

    say(ALICE, "second");

    List<FakeGitHub.Comment> c = awaitComments(2);
    assertThat(c).hasSize(2);
    assertThat(c.get(0).body).contains("first");
    assertThat(c.get(1).body).contains("second");
  }

  @Test
  void aBurstBecomesOneCommentInOrderEvenAcrossARestart() throws Exception {
    start(2);
    for (int i = 1; i <= 5; i++) say(i % 2 == 0 ? BOB : ALICE, "step " + i);
    // The batch is still open: only the database holds it when the process goes away.
    t = t.restart();

    String body = awaitComments(1).get(0).body;
    assertThat(body).containsSubsequence("step 1", "step 2", "step 3", "step 4", "step 5");
    say(ALICE, "later");
    awaitComments(2);
    assertThat(comments()).hasSize(2);
    assertThat(comments().get(1).body).contains("later").doesNotContain("step");
  }

  @Test
  void gitHubDownThenBackLosesNothingAndKeepsTheOrder() throws Exception {
    start(0);
    t.github.down();
    for (int i = 1; i <= 4; i++) say(ALICE, "update " + i);
    Await.until(
        () ->
            t.app.outbox().stream("github:incident:" + incident).stream()
                    .filter(
                        e -> e.kind().equals(GitHubEffects.COMMENT) && e.state().equals("pending"))
                    .count()
                == 4,
        "four comments queued while GitHub is down");

    t = t.restart(); // as after kill -9: the backlog is only in the database
    t.github.up();

    List<FakeGitHub.Comment> c = awaitComments(4);
    assertThat(c).hasSize(4);
    for (int i = 0; i < 4; i++) assertThat(c.get(i).body).contains("update " + (i + 1));
  }

  @Test
  void aGitHubCommentAppearsInTheChannelOnce() throws Exception {
    start(0);
    String body =
        commentWebhook(
            501,
            "carol",
            "**Root cause** found, see [PR](https://github.example/acme/app/pull/9) <!channel>");

    assertThat(webhook("d-1", body, sign(body)).statusCode()).isBetween(200, 299);
    assertThat(webhook("d-1", body, sign(body)).statusCode()).isBetween(200, 299); // redelivery
    assertThat(webhook("d-2", body, sign(body)).statusCode())
        .isBetween(200, 299); // same comment again

    FakeSlack.Message m =
        Await.until(
            () -> mirroredFromGitHub().stream().findFirst().orElse(null), "the comment in Slack");
    assertThat(m.text())
        .contains("*carol*")
        .contains("*Root cause* found")
        .contains("<https://github.example/acme/app/pull/9|PR>")
        .doesNotContain("<!channel>");
    String sentinel = commentWebhook(502, "carol", "next");
    webhook("d-3", sentinel, sign(sentinel));
    Await.until(() -> mirroredFromGitHub().size() == 2, "the second comment");
    assertThat(mirroredFromGitHub()).hasSize(2);
  }

  @Test
  void aWebhookWithABadSignatureIsRefusedAndPostsNothing() throws Exception {
    start(0);
    String body = commentWebhook(601, "mallory", "forged");

    HttpResponse<String> bad =
        webhook("d-bad", body, SlackSigner.githubSignature("not-the-secret", body));
    HttpResponse<String> none = webhook("d-none", body, null);

    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(none.statusCode()).isEqualTo(401);
    String sentinel = commentWebhook(602, "carol", "real");
    webhook("d-ok", sentinel, sign(sentinel));
    Await.until(() -> !mirroredFromGitHub().isEmpty(), "the real comment");
    assertThat(mirroredFromGitHub()).hasSize(1);
    assertThat(mirroredFromGitHub().get(0).text()).contains("real").doesNotContain("forged");
  }

  @Test
  void nothingEchoesBetweenSlackAndGitHub() throws Exception {
    start(0);
    // Our own mirrored comment, reported back by GitHub's webhook:
    String ours =
        commentWebhook(
            701,
            "firstresponder-bot",
            "**alice** said hi\n\n<!-- firstresponder:mirror:incident:1:batch:1 -->");
    webhook("d-ours", ours, sign(ours));
    // A GitHub comment posted into Slack by us, delivered back as a message event:
    String human = commentWebhook(702, "carol", "from github");
    webhook("d-human", human, sign(human));
    FakeSlack.Message posted =
        Await.until(
            () -> mirroredFromGitHub().stream().findFirst().orElse(null), "carol's comment");
    JsonObject echo =
        JsonParser.parseString(
                SlackPayloads.message(
                    CHANNEL, FakeSlack.BOT_USER, posted.ts(), posted.text(), null))
            .getAsJsonObject();
    echo.addProperty("bot_id", "BBOT00001");
    echo.add("metadata", JsonParser.parseString(posted.metadata()));
    t.event(echo.toString(), "EvEcho", 0);
    JsonObject botMessage =
        JsonParser.parseString(SlackPayloads.message(CHANNEL, "U0OTHERBOT", nextTs(), "beep", null))
            .getAsJsonObject();
    botMessage.addProperty("subtype", "bot_message");
    botMessage.addProperty("bot_id", "B0OTHER01");
    t.event(botMessage.toString(), "EvBot", 0);

    say(ALICE, "sentinel");

    awaitComments(1);
    assertThat(comments()).hasSize(1);
    assertThat(comments().get(0).body).contains("sentinel");
    assertThat(mirroredFromGitHub()).hasSize(1);
  }

  @Test
  void whatIsSaidWhilePausedIsNeverMirrored() throws Exception {
    start(0);
    HttpResponse<String> off = t.command("/incident", "mirror off", ALICE, CHANNEL);
    assertThat(off.body()).contains("in_channel").contains("paused");
    say(ALICE, "off the record");
    String paused = commentWebhook(801, "carol", "said on GitHub while paused");
    webhook("d-p", paused, sign(paused));
    HttpResponse<String> on = t.command("/incident", "mirror on", ALICE, CHANNEL);
    assertThat(on.body()).contains("resumed");
    say(ALICE, "on the record");

    Await.until(
        () -> comments().stream().anyMatch(c -> c.body.contains("on the record")),
        "the message after resuming");
    assertThat(comments()).noneMatch(c -> c.body.contains("off the record"));
    assertThat(comments()).anyMatch(c -> c.body.contains("Mirroring from Slack is paused"));
    assertThat(mirroredFromGitHub()).isEmpty();
    assertThat(t.command("/incident", "mirror on", ALICE, "C0GENERAL").body()).contains("not one");
  }

  @Test
  void withoutAWebhookTheIssueIsPolledForComments() throws Exception {
    start(0);
    t.github.addHumanComment(issue, "carol", "polled comment");
    GitHubToSlack poller = poller();

    poller.poll();
    poller.poll();

    Await.until(() -> !mirroredFromGitHub().isEmpty(), "the polled comment in Slack");
    say(ALICE, "sentinel");
    awaitComments(1);
    poller.poll(); // our own mirrored comment is on the issue now: it must not come back
    assertThat(mirroredFromGitHub()).hasSize(1);
    assertThat(mirroredFromGitHub().get(0).text()).contains("polled comment");
  }

  @Test
  void commentsOfTheBotsOwnAccountNeverComeBackEvenWithoutAMarker() throws Exception {
    start(0);
    // Another tool using the same token, reported by the webhook and found by polling:
    String tool = commentWebhook(901, "FirstResponder-Bot", "deploy finished (no marker)");
    webhook("d-tool", tool, sign(tool));
    t.github.addHumanComment(issue, FakeGitHub.BOT_LOGIN, "nightly report (no marker)");
    poller().poll();
    String human = commentWebhook(902, "carol", "after the tool");
    webhook("d-after", human, sign(human));

    Await.until(() -> !mirroredFromGitHub().isEmpty(), "carol's comment");
    poller().poll();
    assertThat(mirroredFromGitHub())
        .extracting(FakeSlack.Message::text)
        .singleElement()
        .asString()
        .contains("after the tool");
  }

  @Test
  void pollingAsksOnlyForCommentsUpdatedSinceTheNewestItHasSeen() throws Exception {
    start(0);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    t.github.addHumanComment(issue, "carol", "first, two minutes ago", now.minusSeconds(120));
    FakeGitHub.Comment second =
        t.github.addHumanComment(issue, "dave", "second, a minute ago", now.minusSeconds(60));

    poller().poll();
    Await.until(() -> mirroredFromGitHub().size() == 2, "both comments in Slack");
    t.github.addHumanComment(issue, "erin", "third, now", now);
    poller().poll(); // a new poller, as after a restart: the cursor is in the database

    Await.until(() -> mirroredFromGitHub().size() == 3, "the third comment in Slack");
    List<FakeGitHub.Request> lists =
        t.github.requests("GET", "/repos/acme/sre/issues/" + issue + "/comments");
    assertThat(lists).hasSize(2);
    assertThat(lists.get(0).query()).isNull();
    assertThat(Instant.parse(since(lists.get(1)))).isEqualTo(second.updatedAt);
    assertThat(mirroredFromGitHub())
        .extracting(FakeSlack.Message::text)
        .anyMatch(m -> m.contains("first"))
        .anyMatch(m -> m.contains("second"))
        .anyMatch(m -> m.contains("third"));
  }

  static String since(FakeGitHub.Request r) {
    return URLDecoder.decode(
        r.query().replaceFirst("^.*since=([^&]*).*$", "$1"), StandardCharsets.UTF_8);
  }

  GitHubToSlack poller() {
    return new GitHubToSlack(
        t.app.database().jdbi(),
        t.app.outbox(),
        t.clock,
        Optional.of(
            new GitHubIssues(
                new GitHubSettings("ghp_test", t.github.owner, t.github.repo, t.github.url()),
                new Installation(t.app.database().jdbi()))));
  }

  // ---- helpers --------------------------------------------------------------------------------

  static JsonObject obj(Object... kv) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < kv.length; i += 2) {
      Object v = kv[i + 1];
      if (v instanceof JsonElement e) o.add((String) kv[i], e);
      else if (v instanceof Number n) o.addProperty((String) kv[i], n);
      else if (v instanceof Boolean b) o.addProperty((String) kv[i], b);
      else o.addProperty((String) kv[i], v == null ? null : v.toString());
    }
    return o;
  }

  List<FakeSlack.Message> mirroredFromGitHub() {
    return t.slack.messages(CHANNEL).stream()
        .filter(m -> m.text() != null && m.text().contains("on GitHub"))
        .toList();
  }

  String commentWebhook(long commentId, String login, String text) {
    JsonObject comment =
        obj(
            "id",
            commentId,
            "body",
            text,
            "user",
            obj("login", login, "type", "User"),
            "html_url",
            "https://github.example/acme/sre/issues/" + issue + "#issuecomment-" + commentId);
    JsonObject o =
        obj(
            "action",
            "created",
            "issue",
            obj("number", issue, "html_url", "https://github.example/acme/sre/issues/" + issue),
            "repository",
            obj("full_name", "acme/sre"));
    o.add("comment", comment);
    return o.toString();
  }

  static String sign(String body) {
    return SlackSigner.githubSignature(TestApp.WEBHOOK_SECRET, body);
  }

  HttpResponse<String> webhook(String delivery, String body, String signature) throws Exception {
    return t.githubWebhook("issue_comment", delivery, body, signature);
  }

  static String changed(String ts, String before, String after) {
    return SlackPayloads.messageChanged(CHANNEL, ALICE, ts, before, after);
  }

  static String deleted(String ts) {
    return SlackPayloads.messageDeleted(CHANNEL, ALICE, ts);
  }
}
