package dev.firstresponder.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.store.Database;
import dev.firstresponder.store.Installation;
import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeGitHub;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHubEffectsTest {
  @TempDir Path dir;
  FakeGitHub gh;
  Outbox outbox;
  OutboxWorker worker;
  GitHubIssues issues;
  GitHubEffects effects;

  @BeforeEach
  void start() throws Exception {
    gh = new FakeGitHub("acme", "sre");
    Database db = Database.open("jdbc:sqlite:" + dir.resolve("g.db"));
    outbox = new Outbox(db.jdbi(), Clock.systemUTC());
    worker =
        new OutboxWorker(
            db.jdbi(),
            Clock.systemUTC(),
            outbox,
            new OutboxWorker.Backoff(
                Duration.ofMillis(30),
                Duration.ofMillis(200),
                Duration.ofSeconds(5),
                Duration.ofMillis(20)),
            1);
    issues =
        new GitHubIssues(
            new GitHubSettings("ghp_token", "acme", "sre", gh.url()), new Installation(db.jdbi()));
    effects = new GitHubEffects(issues, outbox);
    effects.registerWith(worker);
  }

  @AfterEach
  void stop() {
    worker.close();
    gh.close();
  }

  void enqueueIncidentStory() {
    outbox.enqueue(
        Effect.of(
            "github:incident:1",
            GitHubEffects.CREATE_ISSUE,
            "incident:1:issue",
            new GitHubEffects.CreateIssue(
                "[INCIDENT][c/s] - down", "body", List.of("incident"), List.of("alice"))));
    outbox.enqueue(
        Effect.of(
            "github:incident:1",
            GitHubEffects.COMMENT,
            "incident:1:update:1",
            new GitHubEffects.Comment(
                GitHubEffects.IssueRef.createdBy("incident:1:issue"), "first update")));
    outbox.enqueue(
        Effect.of(
            "github:incident:1",
            GitHubEffects.COMMENT,
            "incident:1:resolved",
            new GitHubEffects.Comment(
                GitHubEffects.IssueRef.createdBy("incident:1:issue"),
                "This incident has been resolved.")));
    outbox.enqueue(
        Effect.of(
            "github:incident:1",
            GitHubEffects.CLOSE,
            "incident:1:close",
            new GitHubEffects.Close(GitHubEffects.IssueRef.createdBy("incident:1:issue"))));
  }

  @Test
  void issueCommentsAndCloseArriveOnceAndInOrderAfterAnOutage() {
    gh.down();
    enqueueIncidentStory();
    worker.start();
    Await.until(() -> gh.requests().size() >= 3, "attempts while GitHub is down");

    gh.up();
    FakeGitHub.Issue issue = gh.awaitIssue(i -> i.state.equals("closed"));

    assertThat(gh.issues()).hasSize(1);
    assertThat(issue.title).isEqualTo("[INCIDENT][c/s] - down");
    assertThat(issue.labels).containsExactly("incident");
    assertThat(issue.assignees).containsExactly("alice");
    assertThat(issue.body).startsWith("body").contains(issues.marker("incident:1:issue"));
    assertThat(issue.comments)
        .extracting(c -> c.body.lines().findFirst().orElse(""))
        .containsExactly("first update", "This incident has been resolved.");
    assertThat(GitHubEffects.created(outbox, "incident:1:issue"))
        .get()
        .extracting(GitHubEffects.Created::url)
        .asString()
        .endsWith("/acme/sre/issues/1");
  }

  @Test
  void aTimeoutAfterTheWriteDoesNotDoubleTheIssueOrTheComment() {
    gh.failAfterWrite(2); // the issue and the first comment are written, then answered with 502
    enqueueIncidentStory();
    worker.start();

    FakeGitHub.Issue issue = gh.awaitIssue(i -> i.state.equals("closed"));

    assertThat(gh.issues()).hasSize(1);
    assertThat(issue.comments).hasSize(2);
  }

  @Test
  void rateLimitsAreWaitedOutUntilGitHubSaysSo() {
    gh.rateLimit(
        2, 2); // X-RateLimit-Reset two seconds ahead; the backoff alone would retry in 30 ms
    enqueueIncidentStory();
    long start = System.nanoTime();
    worker.start();

    FakeGitHub.Issue issue = gh.awaitIssue(i -> i.state.equals("closed"));

    assertThat(issue.comments).hasSize(2);
    assertThat(outbox.find("incident:1:issue").orElseThrow().lastError())
        .get()
        .asString()
        .contains("rate limit");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(gh.requests().stream().filter(r -> r.path().equals("/repos/acme/sre")).count())
        .isLessThanOrEqualTo(3);
  }

  @Test
  void aRefusedIssueFailsForGoodAndItsCommentsSayWhy() {
    gh.assignable(Set.of("bob"));
    enqueueIncidentStory();
    worker.start();

    Await.until(() -> outbox.stats().failed() == 4, "all four effects to fail");

    assertThat(outbox.find("incident:1:issue").orElseThrow().lastError())
        .get()
        .asString()
        .contains("422");
    assertThat(outbox.find("incident:1:update:1").orElseThrow().lastError())
        .get()
        .asString()
        .contains("never created");
    assertThat(gh.issues()).isEmpty();
  }

  @Test
  void aDraftedIssueIsWrittenWhenItsCreateRunsAndMadeWithoutAssigneesGitHubRefuses() {
    AtomicReference<String> title = new AtomicReference<>("as queued");
    List<String> heard = new CopyOnWriteArrayList<>();
    effects.draft(
        "test",
        new GitHubEffects.IssueDraft() {
          @Override
          public GitHubEffects.CreateIssue write(String subject) {
            return new GitHubEffects.CreateIssue(
                title.get(), "about " + subject, List.of("incident"), List.of("alice"));
          }

          @Override
          public void waiting(String subject, Exception why) {
            heard.add("waiting for " + subject);
          }

          @Override
          public void created(String subject, GitHubEffects.Created issue, boolean refused) {
            heard.add("created " + subject + " as #" + issue.number() + (refused ? " alone" : ""));
          }
        });
    gh.down();
    gh.assignable(Set.of("bob"));
    outbox.enqueue(
        Effect.of(
            "github:test:7",
            GitHubEffects.CREATE_ISSUE,
            "test:7:issue",
            GitHubEffects.CreateIssue.drafted("test", "7")));
    title.set("as it is when GitHub answers");
    worker.start();
    Await.until(() -> heard.contains("waiting for 7"), "the draft to hear GitHub is down");

    gh.up();
    FakeGitHub.Issue issue = gh.awaitIssue(i -> true);

    assertThat(issue.title).isEqualTo("as it is when GitHub answers");
    assertThat(issue.body).startsWith("about 7").contains(issues.marker("test:7:issue"));
    assertThat(issue.assignees).isEmpty();
    Await.until(() -> heard.contains("created 7 as #1 alone"), "the draft to hear of the issue");
    assertThat(
            Await.until(
                () -> GitHubEffects.created(outbox, "test:7:issue").orElse(null),
                "the result of the create"))
        .extracting(GitHubEffects.Created::number)
        .isEqualTo(1);
  }

  // ---- hidden markers: a retry looks for what an ambiguous attempt wrote --------------------
  // Anyone can type a marker into a public repository: only what the bot's own account wrote
  // counts.

  static final String TITLE = "[INCIDENT][c/s] - down";

  /** The first attempt fails, so the next one is a retry that looks for a marker. */
  void applyAfterAFailedAttempt(Effect effect) {
    gh.down();
    outbox.enqueue(effect);
    worker.start();
    Await.until(
        () -> outbox.find(effect.idempotencyKey()).orElseThrow().attempts() > 0, "an attempt");
    gh.up();
  }

  void createIssueAfterAFailedAttempt() {
    applyAfterAFailedAttempt(
        Effect.of(
            "github:incident:1",
            GitHubEffects.CREATE_ISSUE,
            "incident:1:issue",
            new GitHubEffects.CreateIssue(TITLE, "body", List.of("incident"), List.of())));
  }

  int createdNumber() {
    return Await.until(
            () -> GitHubEffects.created(outbox, "incident:1:issue").orElse(null),
            "the issue recorded")
        .number();
  }

  @Test
  void anIssuePlantedBySomeoneElseWithTheMarkerIsIgnored() {
    String marker = issues.marker("incident:1:issue");
    gh.addIssueBy("mallory", TITLE, "click here\n\n" + marker);
    gh.addIssueBy("mallory", TITLE, "or here\n\n<!-- firstresponder:incident:1:issue -->");

    createIssueAfterAFailedAttempt();

    int number = createdNumber();
    assertThat(gh.issue(number).author).isEqualTo(FakeGitHub.BOT_LOGIN);
    assertThat(gh.issue(number).body).startsWith("body").endsWith(marker);
    assertThat(gh.issues()).hasSize(3);
  }

  @Test
  void theBotsOwnIssueIsFoundAlsoWithAMarkerWrittenBeforeMarkersHadTheInstallationsWord() {
    gh.addIssueBy(FakeGitHub.BOT_LOGIN, TITLE, "body\n\n<!-- firstresponder:incident:1:issue -->");

    createIssueAfterAFailedAttempt();

    assertThat(createdNumber()).isEqualTo(1);
    assertThat(gh.issues()).hasSize(1);
  }

  @Test
  void aCommentPlantedBySomeoneElseWithTheMarkerIsIgnored() {
    FakeGitHub.Issue issue = gh.addIssueBy(FakeGitHub.BOT_LOGIN, TITLE, "body");
    gh.addHumanComment(
        issue.number, "mallory", "all fine\n\n" + issues.marker("incident:1:resolved"));
    applyAfterAFailedAttempt(
        Effect.of(
            "github:incident:1",
            GitHubEffects.COMMENT,
            "incident:1:resolved",
            new GitHubEffects.Comment(
                GitHubEffects.IssueRef.number(issue.number), "This incident has been resolved.")));

    Await.until(
        () -> outbox.find("incident:1:resolved").orElseThrow().state().equals("done"),
        "the comment");
    assertThat(issue.comments).hasSize(2);
    assertThat(issue.comments.get(1).author).isEqualTo(FakeGitHub.BOT_LOGIN);
    assertThat(issue.comments.get(1).body).startsWith("This incident has been resolved.");
    assertThat(outbox.result("incident:1:resolved"))
        .contains(Long.toString(issue.comments.get(1).id));
  }
}
