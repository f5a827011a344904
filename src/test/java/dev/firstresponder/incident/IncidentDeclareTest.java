package dev.firstresponder.incident;

import static dev.firstresponder.incident.IncidentDriver.ALICE;
import static dev.firstresponder.incident.IncidentDriver.BOB;
import static dev.firstresponder.incident.IncidentDriver.CAROL;
import static dev.firstresponder.incident.IncidentDriver.GENERAL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeGitHub;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.MutableClock;
import dev.firstresponder.testing.SlackPayloads;
import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IncidentDeclareTest {
  @RegisterExtension final TestApps apps = new TestApps();

  TestApp t;
  IncidentDriver d;

  void start(Map<String, String> env) throws Exception {
    start(env, MutableClock.at("2026-11-23T10:00:00Z"));
  }

  void start(Map<String, String> env, Clock clock) throws Exception {
    t = apps.start(env, clock);
    d = new IncidentDriver(t);
  }

  @Test
  void slashCommandOpensTheDeclarationModalWithTheShortMessage() throws Exception {
    start(Map.of());

    HttpResponse<String> r = t.command("/incident", "grafana is down", ALICE, GENERAL);

    assertThat(r.statusCode()).isEqualTo(200);
    FakeSlack.Call open = t.slack.awaitCall("views.open");
    assertThat(open.json("view").get("callback_id").getAsString()).isEqualTo(IncidentViews.DECLARE);
    assertThat(open.param("view"))
        .contains("grafana is down")
        .contains("Communications Coordinator")
        .contains("Operations Technicians")
        .contains("more than five minutes")
        .contains(ALICE);
  }

  @Test
  void declaringCreatesTheIssueTheChannelAndTheAnnouncement() throws Exception {
    start(Map.of());
    t.command("/incident", "link carol-gh", CAROL, GENERAL);

    String channel = d.declareGrafana();

    FakeGitHub.Issue issue = t.github.awaitIssue(i -> true);
    assertThat(issue.title).isEqualTo("[INCIDENT][moc-infra/grafana] - dashboards do not load");
    assertThat(issue.body)
        .contains("Hello Operate First users,")
        .contains("We are investigating an ongoing incident affecting grafana on moc-infra.")
        .contains("Impacted users: all users of the dashboards")
        .contains("We will provide updates to this issue thread as the incident progresses.")
        .contains("Related Links:\n- https://status.example/grafana\n- https://runbook.example/g")
        .contains("bob (no GitHub login linked)");
    assertThat(issue.labels).containsExactly("incident");
    assertThat(issue.assignees).containsExactly("carol-gh");

    assertThat(t.slack.channelName(channel)).isEqualTo("inc-20261123-grafana");
    assertThat(t.slack.members(channel)).contains(ALICE, BOB, CAROL);
    FakeSlack.Message start = d.awaitStartMessage(channel);
    assertThat(start.blocks()).contains(IncidentBlocks.ACTION_UPDATE);
    t.slack.awaitCall(
        "pins.add",
        c -> c.param("channel").equals(channel) && c.param("timestamp").equals(start.ts()));
    t.slack.awaitCall("bookmarks.add", c -> c.param("link").contains("/issues/" + issue.number));

    FakeSlack.Message announcement =
        d.awaitMessage(
            TestApp.ANNOUNCE,
            "INCIDENT NOTICE: moc-infra - grafana incident, for details please follow this issue: <https://github.example/acme/sre/issues/"
                + issue.number
                + "|");
    assertThat(announcement.text())
        .contains("We are investigating an ongoing incident affecting grafana on moc-infra.");
    d.awaitMessage(channel, "could not assign <@" + BOB + ">");
    Await.until(
        () -> d.awaitStartMessage(channel).text().contains("/issues/" + issue.number),
        "the link in the start message");
  }

  @Test
  void aDeclarationWithoutACriterionIsNotAnIncidentYet() throws Exception {
    start(Map.of());
    SlackPayloads.Values v =
        IncidentDriver.declaration("moc", "grafana", "down")
            .put(
                IncidentViews.DECLARE_CRITERIA,
                SlackPayloads.checkboxes(IncidentViews.DECLARE_CRITERIA, List.of()));

    HttpResponse<String> r = d.submitDeclaration(ALICE, "V0NOCRIT1", v);

    assertThat(IncidentDriver.errors(r)).containsOnlyKeys(IncidentViews.DECLARE_CRITERIA);
    assertThat(IncidentDriver.errors(r).get(IncidentViews.DECLARE_CRITERIA))
        .startsWith("Not an incident yet");
    assertThat(t.slack.calls("conversations.create")).isEmpty();
  }

  @Test
  void emptyAndOverlongFieldsGetFieldErrors() throws Exception {
    start(Map.of());
    SlackPayloads.Values v =
        IncidentDriver.declaration("   ", "grafana", "x".repeat(121))
            .put(
                IncidentViews.DECLARE_IMPACT,
                SlackPayloads.text(IncidentViews.DECLARE_IMPACT, "y".repeat(2001)));

    HttpResponse<String> r = d.submitDeclaration(ALICE, "V0BADINPUT", v);

    assertThat(IncidentDriver.errors(r))
        .containsOnlyKeys(
            IncidentViews.DECLARE_CLUSTER,
            IncidentViews.DECLARE_SHORT,
            IncidentViews.DECLARE_IMPACT);
    assertThat(IncidentDriver.errors(r).get(IncidentViews.DECLARE_SHORT)).contains("at most 120");
    assertThat(t.github.issues()).isEmpty();
  }

  @Test
  void theSameViewSubmittedTwiceDeclaresOneIncident() throws Exception {
    start(Map.of());
    SlackPayloads.Values v = IncidentDriver.declaration("moc", "grafana", "down");

    d.submitDeclaration(ALICE, "V0TWICE01", v);
    d.submitDeclaration(ALICE, "V0TWICE01", v);
    d.awaitMessage(TestApp.ANNOUNCE, "/issues/1|");

    assertThat(t.slack.calls("conversations.create")).hasSize(1);
    assertThat(t.github.issues()).hasSize(1);
    assertThat(t.slack.messages(TestApp.ANNOUNCE)).hasSize(1);
  }

  @Test
  void aTakenChannelNameGetsASuffix() throws Exception {
    start(Map.of());
    t.slack.addChannel("C0TAKEN01", "inc-20261123-grafana", false);

    String channel = d.declareGrafana();

    assertThat(t.slack.channelName(channel)).isEqualTo("inc-20261123-grafana-2");
    d.awaitStartMessage(channel);
  }

  @Test
  void injectionAttemptsStayInert() throws Exception {
    start(Map.of());
    String evil = "<!channel> @here <@U0MALLORY> fixes #1 @octocat";
    SlackPayloads.Values v =
        IncidentDriver.declaration("moc", "grafana", evil)
            .put(
                IncidentViews.DECLARE_IMPACT,
                SlackPayloads.text(
                    IncidentViews.DECLARE_IMPACT, "closes #2 <!here> <script>x</script>"));

    d.submitDeclaration(ALICE, "V0EVIL001", v);
    String channel = d.awaitChannel("grafana");

    FakeGitHub.Issue issue = t.github.awaitIssue(i -> true);
    d.awaitMessage(TestApp.ANNOUNCE, "/issues/" + issue.number + "|");
    for (String text : List.of(issue.title, issue.body)) {
      assertThat(text)
          .doesNotContain("fixes #1")
          .doesNotContain("closes #2")
          .doesNotContain("@octocat")
          .doesNotContain("<script>");
    }
    List<FakeSlack.Message> slackMessages = new ArrayList<>(t.slack.messages(TestApp.ANNOUNCE));
    slackMessages.add(d.awaitStartMessage(channel));
    for (FakeSlack.Message m : slackMessages) {
      assertThat(m.text())
          .doesNotContain("<!channel>")
          .doesNotContain("<!here>")
          .doesNotContain("<@U0MALLORY>");
      if (m.blocks() != null)
        assertThat(m.blocks()).doesNotContain("<!channel>").doesNotContain("<!here>");
    }
  }

  @Test
  void withoutGitHubEverythingElseWorksAndSaysThereIsNoIssue() throws Exception {
    start(Map.of("GITHUB_TOKEN", "", "GITHUB_REPOSITORY", ""));

    HttpResponse<String> r =
        d.submitDeclaration(
            ALICE, "V0NOGH001", IncidentDriver.declaration("moc", "grafana", "down"));
    String channel = d.awaitChannel("grafana");

    assertThat(r.body()).contains("GitHub is not configured");
    assertThat(d.awaitStartMessage(channel).text())
        .contains("GitHub issue: _none (GitHub is not configured)_");
    d.awaitMessage(TestApp.ANNOUNCE, "follow this issue: _none (GitHub is not configured)_");
    assertThat(t.github.requests()).isEmpty();
  }

  @Test
  void aLinkedLoginIsStoredAndAssignedOnTheNextIncidentsIssue() throws Exception {
    start(Map.of());

    HttpResponse<String> ok = t.command("/incident", "link @octo-cat", BOB, GENERAL);
    HttpResponse<String> bad = t.command("/incident", "link not/a login!", BOB, GENERAL);

    assertThat(IncidentDriver.ackText(ok)).contains("octo-cat");
    assertThat(IncidentDriver.ackText(bad)).contains("Usage").contains("is not a GitHub login");
    d.declareGrafana(); // Bob is an Operations Technician
    FakeGitHub.Issue issue = t.github.awaitIssue(i -> true);
    assertThat(issue.assignees).containsExactly("octo-cat");
    assertThat(issue.body).contains("bob (`octo-cat`)");
  }

  @Test
  void aFormSlackDoesNotOpenIsExplainedAndNothingIsDeclared() throws Exception {
    start(Map.of());
    t.slack.failWith("views.open", "expired_trigger_id", 1);

    HttpResponse<String> r = t.command("/incident", "grafana is down", ALICE, GENERAL);

    assertThat(IncidentDriver.ackText(r))
        .isEqualTo(":x: I could not open the form (expired_trigger_id). Please try again.");
    assertThat(t.slack.calls("conversations.create")).isEmpty();
  }
}
