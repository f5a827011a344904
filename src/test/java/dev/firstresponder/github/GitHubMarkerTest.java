package dev.firstresponder.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.Config;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A retry looks for what an ambiguous earlier attempt wrote by its hidden marker. Anyone can type a
 * marker into a public repository: only what the bot's own account wrote counts.
 */
class GitHubMarkerTest {
  static final String TITLE = "[INCIDENT][c/s] - down";

  @TempDir Path dir;
  FakeGitHub gh;
  Outbox outbox;
  OutboxWorker worker;
  GitHubIssues issues;

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
            new Config.GitHub("ghp_token", "acme", "sre", gh.url()), new Installation(db.jdbi()));
    new GitHubEffects(issues, outbox).registerWith(worker);
  }

  @AfterEach
  void stop() {
    worker.close();
    gh.close();
  }

  void createIssueAfterAFailedAttempt() {
    gh.down(); // the first attempt fails, so the next one is a retry that looks for a marker
    outbox.enqueue(
        Effect.of(
            "github:incident:1",
            GitHubEffects.CREATE_ISSUE,
            "incident:1:issue",
            new GitHubEffects.CreateIssue(TITLE, "body", List.of("incident"), List.of())));
    worker.start();
    Await.until(() -> outbox.find("incident:1:issue").orElseThrow().attempts() > 0, "an attempt");
    gh.up();
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
    gh.down();
    outbox.enqueue(
        Effect.of(
            "github:incident:1",
            GitHubEffects.COMMENT,
            "incident:1:resolved",
            new GitHubEffects.Comment(
                GitHubEffects.IssueRef.number(issue.number), "This incident has been resolved.")));
    worker.start();
    Await.until(
        () -> outbox.find("incident:1:resolved").orElseThrow().attempts() > 0, "an attempt");
    gh.up();

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
