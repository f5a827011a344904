package dev.firstresponder.incident;

import static dev.firstresponder.incident.IncidentDriver.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeGitHub;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IncidentGitHubOutageTest {
  @RegisterExtension final TestApps apps = new TestApps();

  TestApp t;
  IncidentDriver d;

  @BeforeEach
  void start() throws Exception {
    t = apps.start();
    d = new IncidentDriver(t);
  }

  @Test
  void whileGitHubIsDownSlackWorksAndEverythingReachesGitHubOnceAndInOrderAfterARestart()
      throws Exception {
    t.github.down();

    String channel = d.declareGrafana();

    assertThat(d.awaitStartMessage(channel).text()).contains("GitHub issue: _pending");
    d.awaitMessage(TestApp.ANNOUNCE, "follow this issue: _pending");
    d.awaitMessage(channel, "GitHub is not answering right now");
    d.submitUpdate(CAROL, "V0UPDATE1", 1, "dashboards time out", "restarting", "", "30");
    d.submitUpdate(CAROL, "V0UPDATE1", 1, "dashboards time out", "restarting", "", "30");
    d.awaitMessage(channel, "*Incident update 1");

    t = t.restart(); // the process dies mid-way; the outbox is all that remains
    d = new IncidentDriver(t);
    d.submitResolve(CAROL, "V0RESOLVE1", 1, "");
    d.awaitMessage(channel, "This incident has been resolved.");
    assertThat(t.github.issues()).isEmpty();
    t.github.up();

    FakeGitHub.Issue issue = t.github.awaitIssue(i -> "closed".equals(i.state));
    assertThat(t.github.issues()).hasSize(1);
    assertThat(issue.comments).hasSize(2);
    assertThat(issue.comments.get(0).body).contains("dashboards time out");
    assertThat(issue.comments.get(1).body).startsWith("This incident has been resolved.");
    d.awaitMessage(channel, "GitHub answered again");
    Await.until(
        () ->
            t.slack.messages(TestApp.ANNOUNCE).stream()
                .filter(m -> m.threadTs() == null)
                .allMatch(m -> m.text().contains("/issues/" + issue.number + "|")),
        "the announcements updated with the link");
    Await.until(
        () ->
            t.slack.messages(channel).stream()
                .anyMatch(
                    m ->
                        m.blocks() != null
                            && m.blocks().contains("Resolved.")
                            && m.text().contains("/issues/" + issue.number + "|")),
        "the start message with the link");
  }

  @Test
  void rateLimitsAndAnAmbiguousCreateStillGiveExactlyOneIssue() throws Exception {
    t.github.secondaryLimit(2, 1);
    t.github.failAfterWrite(1);

    String channel = d.declareGrafana();

    FakeGitHub.Issue issue = t.github.awaitIssue(i -> true);
    d.awaitMessage(TestApp.ANNOUNCE, "/issues/" + issue.number + "|");
    d.awaitStartMessage(channel);
    assertThat(t.github.issues()).hasSize(1);
    // The create that reached GitHub lost its answer; its retry looked for the issue by its hidden
    // marker and took it, instead of creating another.
    List<FakeGitHub.Request> requests = t.github.requests();
    int lastCreate = lastIndexOf(requests, "POST", ISSUES);
    int search = lastIndexOf(requests, "GET", ISSUES);
    assertThat(lastCreate).as("a create reached GitHub").isNotNegative();
    assertThat(search)
        .as("a search for the marker after the last create")
        .isGreaterThan(lastCreate);
  }

  @Test
  void anIssueCreateQueuedByTheEarlierKindIsStillApplied() throws Exception {
    t.github.down();
    String channel = d.declareGrafana();
    d.awaitMessage(channel, "GitHub is not answering right now");
    // A database written before the issue went through github.issue.create held the incident's
    // own kind, naming the incident.
    int rows =
        t.app
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createUpdate(
                            "UPDATE outbox SET kind = 'incident.issue.create',"
                                + " payload = '{\"incidentId\":1}'"
                                + " WHERE idempotency_key = 'incident:1:issue'")
                        .execute());
    assertThat(rows).isEqualTo(1);
    t.github.up();

    FakeGitHub.Issue issue = t.github.awaitIssue(i -> true);
    assertThat(issue.title).isEqualTo("[INCIDENT][moc-infra/grafana] - dashboards do not load");
    assertThat(issue.body).containsPattern("<!-- firstresponder:[^ ]*incident:1:issue -->");
    d.awaitMessage(TestApp.ANNOUNCE, "/issues/" + issue.number + "|");
    assertThat(t.github.issues()).hasSize(1);
  }

  private static final String ISSUES = "/repos/acme/sre/issues";

  private static int lastIndexOf(List<FakeGitHub.Request> requests, String method, String path) {
    for (int i = requests.size() - 1; i >= 0; i--) {
      if (requests.get(i).method().equals(method) && requests.get(i).path().equals(path)) return i;
    }
    return -1;
  }

  @Test
  void aRefusedCommentIsTriedThreeTimesThenTheCcIsToldAndTheIssueStreamMovesOn() throws Exception {
    String channel = d.declareGrafana();
    FakeGitHub.Issue issue = t.github.awaitIssue(i -> true);
    d.awaitMessage(TestApp.ANNOUNCE, "/issues/" + issue.number + "|");
    t.github.lock(issue.number); // GitHub answers 403 without any rate-limit header

    d.submitUpdate(CAROL, "V0UPDATE1", 1, "dashboards time out", "restarting", "", "30");

    FakeSlack.Message told =
        Await.until(
            () ->
                t.slack.messages("D" + CAROL).stream()
                    .filter(m -> m.text().contains("I could not complete"))
                    .findFirst()
                    .orElse(null),
            "the CC told that the update could not reach GitHub");
    assertThat(told.text()).contains("github.comment").contains("403").contains("locked");
    assertThat(t.github.requests("POST", ".*/issues/" + issue.number + "/comments")).hasSize(3);
    d.submitResolve(CAROL, "V0RESOLVE1", 1, "");
    Await.until(() -> "closed".equals(issue.state), "the issue closed after the refusals");
    d.awaitMessage(channel, "This incident has been resolved.");
  }
}
