package dev.firstresponder.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.store.Database;
import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeGitHub;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHubEffectsTest {
  @TempDir Path dir;
  FakeGitHub gh;
  Outbox outbox;
  OutboxWorker worker;

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
    new GitHubEffects(
            new GitHubIssues(new GitHubSettings("ghp_token", "acme", "sre", gh.url())), outbox)
        .registerWith(worker);
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
    assertThat(issue.body).startsWith("body").contains("<!-- firstresponder:incident:1:issue -->");
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
}
