package dev.firstresponder.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeGitHub;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.ProcessApp;
import dev.firstresponder.testing.SlackPayloads;
import dev.firstresponder.testing.TestApp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the real process right after a declaration was accepted, while GitHub is down: the
 * next process delivers everything once.
 */
class IncidentCrashTest {
  @TempDir Path dir;

  @Test
  void aDeclarationAcceptedBeforeKill9IsDeliveredOnceByTheNextProcess() throws Exception {
    try (FakeSlack slack = new FakeSlack();
        FakeGitHub github = new FakeGitHub("acme", "sre")) {
      Map<String, String> env = workspace(slack, github);
      github.down();

      ProcessApp first = ProcessApp.start(env, dir);
      assertThat(declareGrafana(first, "V0CRASH01").statusCode()).isEqualTo(200);
      Await.until(
          () -> github.requests().size() >= 2,
          "the first attempts against the GitHub that is down");
      first.kill9();

      github.up();
      try (ProcessApp second = ProcessApp.start(env, dir)) {
        FakeGitHub.Issue issue =
            github.awaitIssue(
                i -> i.title.equals("[INCIDENT][moc-infra/grafana] - dashboards do not load"));
        Await.until(
            () ->
                slack.messages(TestApp.ANNOUNCE).stream()
                    .anyMatch(
                        m ->
                            m.text() != null
                                && m.text()
                                    .contains("INCIDENT NOTICE: moc-infra - grafana incident")
                                && m.text().contains("/issues/" + issue.number)),
            "the announcement with the issue link");

        assertThat(github.issues())
            .extracting(
                i -> i.number + " " + i.title + " " + i.body.lines().reduce((a, b) -> b).orElse(""))
            .hasSize(1);
        assertThat(slack.calls("conversations.create"))
            .extracting(c -> c.param("name"))
            .allMatch(n -> n.contains("grafana"))
            .hasSizeLessThanOrEqualTo(2);
        assertThat(
                slack.messages(TestApp.ANNOUNCE).stream()
                    .filter(m -> m.text() != null && m.text().contains("INCIDENT NOTICE"))
                    .count())
            .isEqualTo(1);
        assertThat(slack.violations()).isEmpty();
      }
    }
  }

  /**
   * The effect is claimed and its GitHub call is in flight when the process dies: the next process
   * takes it over as soon as the dead one's lease runs out, with the lease of production.
   */
  @Test
  void workClaimedByAProcessKilledMidCallIsDoneWithin15SecondsOfTheRestart() throws Exception {
    try (FakeSlack slack = new FakeSlack();
        FakeGitHub github = new FakeGitHub("acme", "sre")) {
      Map<String, String> env = workspace(slack, github);
      github.hang(); // accepts the connection, never answers

      ProcessApp first = ProcessApp.startWithProductionTimings(env, dir);
      assertThat(declareGrafana(first, "V0CRASH02").statusCode()).isEqualTo(200);
      Await.until(() -> !github.requests().isEmpty(), "the issue creation in flight");
      first.kill9();
      github.up();

      long restart = System.nanoTime();
      try (ProcessApp second = ProcessApp.startWithProductionTimings(env, dir)) {
        github.awaitIssue(i -> i.title.contains("grafana"));
        Duration recovered = Duration.ofNanos(System.nanoTime() - restart);
        System.out.printf(
            "crash recovery: the issue claimed by the killed process was created %d ms after"
                + " the restart began%n",
            recovered.toMillis());

        assertThat(recovered).isLessThan(Duration.ofSeconds(15));
        assertThat(github.issues()).hasSize(1);
      }
    }
  }

  /** The announcement channel and the people of the declaration; the environment of the fakes. */
  private Map<String, String> workspace(FakeSlack slack, FakeGitHub github) {
    slack.addChannel(TestApp.ANNOUNCE, "announcements", true);
    slack
        .addUser(IncidentDriver.ALICE, "alice")
        .addUser(IncidentDriver.BOB, "bob")
        .addUser(IncidentDriver.CAROL, "carol");
    return TestApp.env(slack, github, dir);
  }

  private static HttpResponse<String> declareGrafana(ProcessApp app, String viewId)
      throws Exception {
    return app.interaction(
        SlackPayloads.viewSubmission(
            IncidentViews.DECLARE,
            IncidentDriver.ALICE,
            viewId,
            "",
            IncidentDriver.declaration("moc-infra", "grafana", "dashboards do not load").build()));
  }
}
