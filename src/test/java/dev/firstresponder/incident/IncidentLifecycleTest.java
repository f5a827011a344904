package dev.firstresponder.incident;

import static dev.firstresponder.incident.IncidentDriver.ALICE;
import static dev.firstresponder.incident.IncidentDriver.BOB;
import static dev.firstresponder.incident.IncidentDriver.CAROL;
import static dev.firstresponder.incident.IncidentDriver.GENERAL;
import static dev.firstresponder.incident.IncidentDriver.MALLORY;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeGitHub;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.MutableClock;
import dev.firstresponder.testing.SlackPayloads;
import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IncidentLifecycleTest {
  @RegisterExtension final TestApps apps = new TestApps();

  MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
  TestApp t;
  IncidentDriver d;
  String channel;
  FakeGitHub.Issue issue;

  @BeforeEach
  void declare() throws Exception {
    t = apps.start(Map.of(), clock);
    d = new IncidentDriver(t);
    channel = d.declareGrafana();
    issue = t.github.awaitIssue(i -> true);
    d.awaitStartMessage(channel);
    // The announcement carries the link once the app has stored the issue it created.
    d.awaitMessage(TestApp.ANNOUNCE, "/issues/" + issue.number);
  }

  @Test
  void anUpdateGoesToTheIssueTheChannelAndTheAnnouncementThread() throws Exception {
    t.command("/incident", "update", BOB, channel);
    FakeSlack.Call open =
        t.slack.awaitCall("views.open", c -> c.param("view").contains(IncidentViews.UPDATE));
    assertThat(open.json("view").get("private_metadata").getAsString()).isEqualTo("1");

    HttpResponse<String> r =
        d.submitUpdate(
            BOB,
            "V0UPDATE1",
            1,
            "dashboards time out",
            "restarting the pods",
            "reload the page",
            "30");

    assertThat(IncidentDriver.errors(r)).isEmpty();
    Await.until(() -> issue.comments.size() == 1, "the update comment");
    assertThat(issue.comments.get(0).body)
        .contains("**Current impact:** dashboards time out")
        .contains("**Action being taken:** restarting the pods")
        .contains("**What you should do:** reload the page")
        .contains("in 30 minutes (by 10:30 UTC)");
    FakeSlack.Message inChannel = d.awaitMessage(channel, "*Incident update 1");
    assertThat(inChannel.text()).contains("dashboards time out").contains("We apologise");
    String announceTs = t.slack.messages(TestApp.ANNOUNCE).get(0).ts();
    FakeSlack.Message reply = d.awaitMessage(TestApp.ANNOUNCE, "*Incident update 1");
    assertThat(reply.threadTs()).isEqualTo(announceTs);
  }

  @Test
  void updateOutsideAnIncidentChannelGivesAHint() throws Exception {
    HttpResponse<String> r = t.command("/incident", "update", ALICE, GENERAL);

    assertThat(IncidentDriver.ackText(r))
        .contains("not an incident channel")
        .contains("<#" + channel + ">");
  }

  @Test
  void theCcIsRemindedOnceWhenAPromisedUpdateIsOverdue() throws Exception {
    d.submitUpdate(CAROL, "V0UPDATE2", 1, "slow", "investigating", "", "15");
    d.awaitMessage(channel, "*Incident update 1");

    clock.advance(Duration.ofMinutes(16));

    FakeSlack.Message reminder =
        d.awaitMessage(channel, "the next update was promised for 10:15 UTC");
    assertThat(reminder.text()).contains("<@" + CAROL + ">");
    // A restart neither forgets nor repeats the reminder.
    t = t.restart();
    d = new IncidentDriver(t);
    d.submitUpdate(CAROL, "V0UPDATE3", 1, "better", "watching", "", "0");
    d.awaitMessage(channel, "*Incident update 2");
    assertThat(t.slack.messages(channel).stream().filter(m -> m.text().contains("was promised")))
        .hasSize(1);
  }

  @Test
  void resolvingCommentsClosesTheIssueAndAnnounces() throws Exception {
    String startTs = d.awaitStartMessage(channel).ts();
    t.command("/incident", "resolve", CAROL, channel);
    t.slack.awaitCall("views.open", c -> c.param("view").contains(IncidentViews.RESOLVE));
    clock.advance(Duration.ofMinutes(95));

    HttpResponse<String> r =
        d.submitResolve(CAROL, "V0RESOLVE1", 1, "Some dashboards may show a gap for 10:00-11:30.");

    assertThat(IncidentDriver.errors(r)).isEmpty();
    Await.until(() -> "closed".equals(issue.state), "the issue closed");
    assertThat(issue.comments).hasSize(1);
    assertThat(issue.comments.get(0).body)
        .startsWith("This incident has been resolved.\n\nSome dashboards may show a gap")
        .contains("Please let us know if you continue to see any remaining issues.");
    d.awaitMessage(channel, "This incident has been resolved.");
    String announceTs = t.slack.messages(TestApp.ANNOUNCE).get(0).ts();
    FakeSlack.Message resolution =
        Await.until(
            () ->
                t.slack.messages(TestApp.ANNOUNCE).stream()
                    .filter(m -> m.threadTs() == null && m.text().startsWith("*Incident resolved"))
                    .findFirst()
                    .orElse(null),
            "resolution");
    assertThat(resolution.text())
        .contains("Duration: 1 h 35 min")
        .contains(
            "INCIDENT NOTICE: moc-infra - grafana incident, for details please follow this issue: <"
                + "https://github.example/acme/sre/issues/"
                + issue.number);
    Await.until(
        () ->
            t.slack.messages(TestApp.ANNOUNCE).stream()
                .anyMatch(
                    m -> announceTs.equals(m.threadTs()) && m.text().contains("has been resolved")),
        "the thread reply");
    Await.until(
        () ->
            t.slack.messages(channel).stream()
                .anyMatch(
                    m ->
                        m.ts().equals(startTs)
                            && !m.blocks().contains(IncidentBlocks.ACTION_UPDATE)
                            && m.blocks().contains("Resolved.")),
        "the start message without buttons");
    Long duration =
        t.app
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT duration_ms FROM incident WHERE id = 1")
                        .mapTo(Long.class)
                        .one());
    assertThat(duration).isEqualTo(Duration.ofMinutes(95).toMillis());
  }

  @Test
  void someoneWithoutARoleIsPolitelyRefused() throws Exception {
    HttpResponse<String> byCommand = t.command("/incident", "resolve", MALLORY, channel);
    t.interaction(
        SlackPayloads.blockAction(
            IncidentBlocks.ACTION_RESOLVE,
            "1",
            MALLORY,
            channel,
            "1700000000.000100",
            t.slack.responseUrl("button-1")));
    HttpResponse<String> roles = t.command("/incident", "roles", MALLORY, channel);
    HttpResponse<String> forged = d.submitResolve(MALLORY, "V0FORGED1", 1, "");

    assertThat(IncidentDriver.ackText(byCommand))
        .startsWith("Sorry, only the Communications Coordinator");
    assertThat(IncidentDriver.ackText(roles))
        .startsWith("Sorry, only the Communications Coordinator");
    assertThat(t.slack.awaitResponse(x -> x.path().endsWith("button-1")).text())
        .startsWith("Sorry");
    assertThat(IncidentDriver.errors(forged)).containsKey(IncidentViews.RESOLVE_LINGERING);
    assertThat(t.slack.calls("views.open")).isEmpty();
    assertThat(issue.state).isEqualTo("open");
  }

  @Test
  void buttonsOnTheStartMessageOpenTheModalsOfTheirIncident() throws Exception {
    FakeSlack.Message start = d.awaitStartMessage(channel);

    // Anyone may post an update; resolving and the roles are for the people running it.
    HttpResponse<String> update = click(IncidentBlocks.ACTION_UPDATE, MALLORY, start, "b-u");
    HttpResponse<String> resolve = click(IncidentBlocks.ACTION_RESOLVE, BOB, start, "b-r");
    HttpResponse<String> roles = click(IncidentBlocks.ACTION_ROLES, CAROL, start, "b-o");

    assertThat(List.of(update, resolve, roles))
        .allSatisfy(
            r -> {
              assertThat(r.statusCode()).isEqualTo(200);
              assertThat(r.body()).isEmpty();
            });
    JsonObject updateModal = openedModal(IncidentViews.UPDATE);
    JsonObject resolveModal = openedModal(IncidentViews.RESOLVE);
    JsonObject rolesModal = openedModal(IncidentViews.ROLES);
    assertThat(List.of(updateModal, resolveModal, rolesModal))
        .extracting(m -> m.get("private_metadata").getAsString())
        .containsOnly("1");
    assertThat(updateModal.toString())
        .contains("Incident #1: moc-infra/grafana - dashboards do not load");
    assertThat(resolveModal.toString())
        .contains("Resolving incident #1: moc-infra/grafana - dashboards do not load.");
    assertThat(rolesModal.toString()).contains(CAROL).contains(BOB);
    assertThat(t.slack.calls("views.open"))
        .extracting(c -> c.param("trigger_id"))
        .containsOnly("trigger-action-" + start.ts());
    assertThat(t.slack.responses()).as("no refusal, no error").isEmpty();
  }

  private HttpResponse<String> click(
      String action, String user, FakeSlack.Message start, String responseTag) throws Exception {
    return t.interaction(
        SlackPayloads.blockAction(
            action, "1", user, channel, start.ts(), t.slack.responseUrl(responseTag)));
  }

  /** The view of the one views.open call that opened this modal. */
  private JsonObject openedModal(String callbackId) {
    t.slack.awaitCall(
        "views.open", c -> c.json("view").get("callback_id").getAsString().equals(callbackId));
    List<FakeSlack.Call> opened =
        t.slack.calls("views.open").stream()
            .filter(c -> c.json("view").get("callback_id").getAsString().equals(callbackId))
            .toList();
    assertThat(opened).hasSize(1);
    return opened.get(0).json("view");
  }

  @Test
  void changingRolesMovesTheGitHubAssigneesAndInvitesNewcomers() throws Exception {
    t.command("/incident", "link alice-gh", ALICE, GENERAL);
    t.command("/incident", "link bob-gh", BOB, GENERAL);
    t.slack.addUser("U0DAVE001", "dave");

    HttpResponse<String> r = d.submitRoles(CAROL, "V0ROLES01", 1, ALICE, List.of(BOB, "U0DAVE001"));

    assertThat(IncidentDriver.errors(r)).isEmpty();
    Await.until(
        () -> issue.assignees.containsAll(List.of("alice-gh", "bob-gh")),
        "the new assignees; now " + issue.assignees);
    d.awaitMessage(channel, "Roles changed by <@" + CAROL + ">");
    Await.until(() -> t.slack.members(channel).contains("U0DAVE001"), "dave invited");
  }

  @Test
  void bareIncidentInItsChannelOffersItsActionsAndListShowsOpenIncidents() throws Exception {
    HttpResponse<String> here = t.command("/incident", "", CAROL, channel);
    clock.advance(Duration.ofMinutes(65));
    HttpResponse<String> list = t.command("/incident", "list", MALLORY, GENERAL);

    assertThat(here.body())
        .contains(IncidentBlocks.ACTION_UPDATE)
        .contains(IncidentBlocks.ACTION_RESOLVE);
    assertThat(t.slack.calls("views.open")).isEmpty();
    assertThat(IncidentDriver.ackText(list))
        .contains("moc-infra/grafana")
        .contains("open 1 h 5 min")
        .contains("<@" + CAROL + ">")
        .contains("<#" + channel + ">")
        .contains("/issues/" + issue.number);
  }
}
