package dev.firstresponder.upgrade;

import static dev.firstresponder.upgrade.UpgradeFixture.CC;
import static dev.firstresponder.upgrade.UpgradeFixture.OT;
import static dev.firstresponder.upgrade.UpgradeFixture.PATIENCE;
import static dev.firstresponder.upgrade.UpgradeFixture.body;
import static dev.firstresponder.upgrade.UpgradeFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeGitHub;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.SlackPayloads;
import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An upgrade from its notice to its end: reminders, updates, done, cancel and reschedule. */
class UpgradeLifecycleTest {
  static final String NOTICE_ID = "<upgrade.1.mail.notice.firstresponder@ops.example.org>";
  static final String ELSEWHERE = "CELSEWHERE";
  @RegisterExtension final TestApps apps = new TestApps();
  UpgradeFixture f;
  LocalDate date;
  FakeGitHub.Issue issue;

  @BeforeEach
  void planOne() throws Exception {
    f = UpgradeFixture.start(apps);
    date = f.daysAhead(2);
    f.plan("VPLAN0001", date);
    issue = awaitIssue(i -> i.labels.contains("upgrade"));
    Await.until(() -> f.mails().size() == 1, "the notice e-mail", PATIENCE);
    Await.until(
        () -> f.t.slack.messages(TestApp.ANNOUNCE).size() == 1, "the announcement", PATIENCE);
  }

  List<FakeSlack.Message> reminders(String user, String what) {
    return f.t.slack.messages("D" + user).stream().filter(m -> m.text().contains(what)).toList();
  }

  @Test
  void theCrewIsRemindedBeforeAndAtTheStartOnceEachEvenAcrossRestarts() throws Exception {
    var start = ZonedDateTime.of(date, LocalTime.of(14, 0), UpgradeFixture.BERLIN).toInstant();

    f.clock.set(start.minusSeconds(600));
    Await.until(
        () -> reminders(CC, "starts in ").size() == 1 && reminders(OT, "starts in ").size() == 1,
        "the starts-soon reminders",
        PATIENCE);
    FakeSlack.Message soon = reminders(OT, "starts in ").get(0);
    assertThat(soon.text())
        .contains("starts in 10 minutes")
        .contains("https://github.example/acme/sre/issues/" + issue.number)
        .contains("/incident upgrade update");
    assertThat(soon.blocks()).contains("upgrade.done.open").contains("Mark done");
    f.restart();
    f.clock.set(start.plusSeconds(60));
    f.restart(); // the reminder job runs at start: the start reminder is due now

    Await.until(
        () ->
            reminders(CC, "starting now").size() == 1 && reminders(OT, "starting now").size() == 1,
        "the start reminders",
        PATIENCE);
    Await.until(() -> f.t.app.outbox().stats().pending() == 0, "the outbox to drain", PATIENCE);
    assertThat(reminders(CC, "starts in ")).hasSize(1);
    assertThat(reminders(OT, "starts in ")).hasSize(1);
    assertThat(text(f.t.command("/incident", "upgrade list", CC, ELSEWHERE))).contains("*running*");
  }

  @Test
  void updatesGoToTheGitHubIssueOnly() throws Exception {
    HttpResponse<String> r =
        f.t.command("/incident", "upgrade update Nodes 1-3 done @sre fixes #1", OT, ELSEWHERE);

    assertThat(text(r)).contains("Update 1").contains("GitHub issue");
    Await.until(() -> issue.comments.size() == 1, "the update comment", PATIENCE);
    assertThat(issue.comments.get(0).body)
        .startsWith("**Update** (from olly):\n\nNodes 1-3 done @\u200Dsre fixes #\u200D1");
    Await.until(() -> f.t.app.outbox().stats().pending() == 0, "the outbox to drain", PATIENCE);
    assertThat(f.t.slack.messages(TestApp.ANNOUNCE)).hasSize(1);
    assertThat(f.mails()).hasSize(1);
  }

  @Test
  void incidentUpdateOutsideAnIncidentChannelRecordsTheUpgradesUpdateOnItsIssueOnly()
      throws Exception {
    HttpResponse<String> r =
        f.t.command("/incident", "update rolling the workers now", OT, ELSEWHERE);

    assertThat(text(r)).contains("Update 1").contains("GitHub issue");
    Await.until(() -> issue.comments.size() == 1, "the update comment", PATIENCE);
    assertThat(issue.comments.get(0).body).contains("rolling the workers now");
    Await.until(() -> f.t.app.outbox().stats().pending() == 0, "the outbox to drain", PATIENCE);
    assertThat(f.t.slack.messages(TestApp.ANNOUNCE)).hasSize(1);
  }

  @Test
  void anUpdateFindsItsUpgradeByChannelAndAsksWhenItCannotTell() throws Exception {
    f.submitPlan(
        "VPLAN0003", f.values("service", "Grafana", f.daysAhead(4), "10:00", "1h"), "CPLAN0003");
    FakeGitHub.Issue second = awaitIssue(i -> i.title.contains("Service upgrade"));

    HttpResponse<String> ask =
        f.t.command("/incident", "upgrade update halfway there", OT, ELSEWHERE);
    HttpResponse<String> here =
        f.t.command("/incident", "upgrade update halfway there", OT, "CPLAN0003");
    HttpResponse<String> byId =
        f.t.command("/incident", "upgrade update 1 first nodes drained", OT, ELSEWHERE);

    assertThat(text(ask))
        .contains("Several upgrades are open")
        .contains("/incident upgrade update <id> <text>");
    assertThat(text(here)).contains("#2");
    Await.until(
        () -> second.comments.size() == 1 && issue.comments.size() == 1,
        "one comment on each issue",
        PATIENCE);
    assertThat(second.comments.get(0).body).contains("halfway there");
    assertThat(issue.comments.get(0).body).contains("first nodes drained");
  }

  @Test
  void doneSendsTheResolutionNoticeToTheIssueTheMailThreadAndSlack() throws Exception {
    HttpResponse<String> r =
        f.t.command(
            "/incident", "upgrade done Dashboards may load slowly for an hour", CC, ELSEWHERE);

    assertThat(text(r)).contains("is done");
    Await.until(() -> issue.state.equals("closed"), "the issue to be closed", PATIENCE);
    assertThat(issue.comments.get(0).body)
        .startsWith(
            """
        This upgrade has now been completed.

        Dashboards may load slowly for an hour.

        Please let us know if you continue to see any remaining issues.
        """);
    MimeMessage reply =
        Await.until(
            () -> f.mails().size() == 2 ? f.mails().get(1) : null,
            "the resolution e-mail",
            PATIENCE);
    assertThat(reply.getSubject())
        .isEqualTo("Re: [Operate-first-users] OpenShift Cluster upgrade, " + date);
    assertThat(reply.getHeader("In-Reply-To")[0]).isEqualTo(NOTICE_ID);
    assertThat(reply.getHeader("References")[0]).isEqualTo(NOTICE_ID);
    assertThat(body(reply))
        .isEqualTo(UpgradeTemplates.resolution("Dashboards may load slowly for an hour", s -> s));
    FakeSlack.Message done =
        Await.until(
            () ->
                f.t.slack.messages(TestApp.ANNOUNCE).size() == 2
                    ? f.t.slack.messages(TestApp.ANNOUNCE).get(1)
                    : null,
            "the completion announcement",
            PATIENCE);
    assertThat(done.text())
        .startsWith(
            "UPGRADE NOTICE: smaug - OpenShift Cluster upgrade completed, for details please"
                + " follow this issue: https://github.example/acme/sre/issues/"
                + issue.number)
        .contains("This upgrade has now been completed.");

    assertThat(text(f.t.command("/incident", "upgrade done", CC, ELSEWHERE)))
        .contains("No upgrade is planned or running");
    Await.until(() -> f.t.app.outbox().stats().pending() == 0, "the outbox to drain", PATIENCE);
    assertThat(f.mails()).hasSize(2);
  }

  @Test
  void withSeveralOpenDoneAsksWhichUnlessRunWhereTheNoticeWasPosted() throws Exception {
    f.submitPlan(
        "VPLAN0002", f.values("service", "Grafana", f.daysAhead(4), "10:00", "1h"), "CPLAN0002");
    awaitIssue(i -> i.title.contains("Service upgrade"));

    HttpResponse<String> ask = f.t.command("/incident", "upgrade done", CC, ELSEWHERE);
    assertThat(ask.body())
        .contains("Several upgrades are open")
        .contains("upgrade.done.open")
        .contains("#1")
        .contains("#2");

    f.t.command("/incident", "upgrade done", CC, "CPLAN0002");
    FakeSlack.Call modal =
        f.t.slack.awaitCall(
            "views.open", c -> c.param("view").contains("\"callback_id\":\"upgrade.done\""));
    assertThat(modal.json("view").get("private_metadata").getAsString()).isEqualTo("2");
    f.t.interaction(
        SlackPayloads.viewSubmission(
            "upgrade.done",
            CC,
            "VDONE0001",
            "2",
            Map.of("upgrade.done.lingering", SlackPayloads.text("upgrade.done.lingering", ""))));
    FakeGitHub.Issue second =
        awaitIssue(i -> i.title.contains("Service upgrade") && i.state.equals("closed"));
    assertThat(second.comments.get(0).body).startsWith(UpgradeTemplates.resolution(null, s -> s));
    assertThat(issue.state).isEqualTo("open");

    // The reminder's button opens the same form for the upgrade it names.
    f.t.interaction(
        SlackPayloads.blockAction(
            "upgrade.done.open",
            "1",
            CC,
            "D" + CC,
            "1700000000.000100",
            f.t.slack.responseUrl("button-1")));
    f.t.slack.awaitCall("views.open", c -> c.param("view").contains("\"private_metadata\":\"1\""));
  }

  @Test
  void reschedulingAndCancellingNotifyAllThreeChannels() throws Exception {
    f.t.command("/incident", "upgrade reschedule", CC, UpgradeFixture.PLANNER_CHANNEL);
    f.t.slack.awaitCall(
        "views.open", c -> c.param("view").contains("\"callback_id\":\"upgrade.reschedule\""));
    LocalDate later = f.daysAhead(6);

    HttpResponse<String> past = f.t.interaction(reschedule(f.daysAhead(-2), "10:00", "3h"));
    assertThat(past.body())
        .contains("\"response_action\":\"errors\"")
        .contains("upgrade.reschedule.date");
    f.t.interaction(reschedule(later, "10:00", "3h"));

    Await.until(() -> issue.comments.size() == 1, "the reschedule comment", PATIENCE);
    assertThat(issue.comments.get(0).body)
        .contains("has been rescheduled from " + date + " at 14:00 Europe/Berlin")
        .contains("We now expect to start around 10:00 Europe/Berlin (09:00 UTC)")
        .contains("approximately 3 hours")
        .contains("The change window moved.");
    MimeMessage moved =
        Await.until(
            () -> f.mails().size() == 2 ? f.mails().get(1) : null,
            "the reschedule e-mail",
            PATIENCE);
    assertThat(moved.getSubject())
        .isEqualTo("Rescheduled: [Operate-first-users] OpenShift Cluster upgrade, " + later);
    assertThat(moved.getHeader("In-Reply-To")[0]).isEqualTo(NOTICE_ID);
    Await.until(
        () -> f.t.slack.messages(TestApp.ANNOUNCE).size() == 2,
        "the reschedule announcement",
        PATIENCE);
    assertThat(f.t.slack.messages(TestApp.ANNOUNCE).get(1).text())
        .startsWith(
            "UPGRADE NOTICE: smaug - OpenShift Cluster upgrade rescheduled to "
                + later
                + " 10:00 Europe/Berlin");

    HttpResponse<String> cancel =
        f.t.command("/incident", "upgrade cancel Postponed & merged into Q1", CC, ELSEWHERE);

    assertThat(text(cancel)).contains("is cancelled");
    Await.until(() -> issue.state.equals("closed"), "the issue to be closed", PATIENCE);
    assertThat(issue.comments.get(1).body)
        .contains("has been cancelled")
        .contains("Postponed &amp; merged into Q1");
    MimeMessage cancelled =
        Await.until(
            () -> f.mails().size() == 3 ? f.mails().get(2) : null, "the cancel e-mail", PATIENCE);
    assertThat(cancelled.getSubject())
        .isEqualTo("Cancelled: [Operate-first-users] OpenShift Cluster upgrade, " + later);
    assertThat(body(cancelled)).contains("Postponed & merged into Q1").doesNotContain("&amp;");
    Await.until(
        () -> f.t.slack.messages(TestApp.ANNOUNCE).size() == 3,
        "the cancel announcement",
        PATIENCE);
    assertThat(f.t.slack.messages(TestApp.ANNOUNCE).get(2).text())
        .contains("cancelled")
        .contains("Postponed &amp; merged into Q1");
    assertThat(text(f.t.command("/incident", "upgrade list", CC, ELSEWHERE)))
        .contains("No upgrades are planned");
  }

  private String reschedule(LocalDate day, String time, String duration) {
    return SlackPayloads.viewSubmission(
        "upgrade.reschedule",
        CC,
        "VRESCHED" + day,
        "1",
        new SlackPayloads.Values()
            .put(
                "upgrade.reschedule.date",
                SlackPayloads.date("upgrade.reschedule.date", day.toString()))
            .put("upgrade.reschedule.time", SlackPayloads.time("upgrade.reschedule.time", time))
            .put(
                "upgrade.reschedule.duration",
                SlackPayloads.text("upgrade.reschedule.duration", duration))
            .put(
                "upgrade.reschedule.reason",
                SlackPayloads.text("upgrade.reschedule.reason", "The change window moved."))
            .build());
  }

  private FakeGitHub.Issue awaitIssue(Predicate<FakeGitHub.Issue> matching) {
    return Await.until(
        () -> f.t.github.issues().stream().filter(matching).findFirst().orElse(null),
        "a GitHub issue matching the condition",
        PATIENCE);
  }
}
