package dev.firstresponder.upgrade;

import static dev.firstresponder.upgrade.UpgradeFixture.CC;
import static dev.firstresponder.upgrade.UpgradeFixture.LIST;
import static dev.firstresponder.upgrade.UpgradeFixture.PATIENCE;
import static dev.firstresponder.upgrade.UpgradeFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeGitHub;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Planning an upgrade: the GitHub issue, the e-mail (through a real SMTP server) and the
 * announcement.
 */
class UpgradeNoticeTest {
  @RegisterExtension final TestApps apps = new TestApps();
  UpgradeFixture f;

  static String notice(LocalDate date) {
    return """
        Hello Operate First users,

        We’re reaching out to you since you’re the users of the moc/smaug at https://console.smaug.example.com.

        We are planning on an upgrade to this cluster, from 4.10.3 to 4.11.0, on %s.

        Nodes reboot one at a time & pods move.

        We expect to start around 14:00 Europe/Berlin (13:00 UTC) and expect the upgrade to take approximately 2 hours.

        Relevant links:
        - https://docs.example.com/4.11
        """
        .formatted(date);
  }

  @Test
  void theUpgradeCommandOpensTheModalWithTheCriteriaAndTheUsersZone() throws Exception {
    f = UpgradeFixture.start(apps);

    HttpResponse<String> r =
        f.t.command("/incident", "upgrade", CC, UpgradeFixture.PLANNER_CHANNEL);

    assertThat(r.statusCode()).isEqualTo(200);
    FakeSlack.Call open = f.t.slack.awaitCall("views.open");
    String view = open.param("view");
    assertThat(view)
        .contains("Requires rebooting of any nodes")
        .contains("5min)")
        .contains("May result in restarting user workloads/rollouts")
        .contains("Start time (Europe/Berlin)")
        .doesNotContain("E-mail is off");
  }

  @Test
  void submittingSendsTheIssueTheMailAndTheAnnouncementFromTheTemplates() throws Exception {
    f = UpgradeFixture.start(apps);
    LocalDate date = f.daysAhead(3);

    HttpResponse<String> r = f.plan("VPLAN0001", date);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    String subject = "[Operate-first-users] OpenShift Cluster upgrade, " + date;
    FakeGitHub.Issue issue = awaitIssue(i -> i.title.equals(subject));
    assertThat(issue.labels).containsExactly("upgrade");
    assertThat(issue.assignees).containsExactly("carol-gh");
    assertThat(issue.body)
        .startsWith(notice(date).replace("&", "&amp;"))
        .contains("Communications Coordinator: carol-gh")
        .contains("Operations Technician: olly (no GitHub login linked, not assigned)");

    MimeMessage mail =
        Await.until(
            () -> f.mails().size() == 1 ? f.mails().get(0) : null, "the notice e-mail", PATIENCE);
    assertThat(mail.getSubject()).isEqualTo(subject);
    assertThat(UpgradeFixture.body(mail)).isEqualTo(notice(date));
    assertThat(mail.getHeader("To")[0]).isEqualTo(LIST);
    assertThat(mail.getHeader("From")[0]).isEqualTo(UpgradeFixture.FROM);
    assertThat(mail.getMessageID())
        .isEqualTo("<upgrade.1.mail.notice.firstresponder@ops.example.org>");

    FakeSlack.Message announce =
        Await.until(
            () -> f.t.slack.messages(TestApp.ANNOUNCE).stream().findFirst().orElse(null),
            "the announcement",
            PATIENCE);
    assertThat(announce.text())
        .isEqualTo(
            "UPGRADE NOTICE: smaug - OpenShift Cluster upgrade, for details please follow"
                + " this issue: https://github.example/acme/sre/issues/"
                + issue.number);
    FakeSlack.Message toCc =
        Await.until(
            () -> f.t.slack.messages("D" + CC).stream().findFirst().orElse(null),
            "the CC's note",
            PATIENCE);
    assertThat(toCc.text())
        .contains("Upgrade #1 is planned")
        .contains("<@" + UpgradeFixture.OT + ">")
        .contains("/incident link");
  }

  @Test
  void aServiceUpgradeUsesTheServiceTemplateAndTheConfiguredWording() throws Exception {
    f =
        new UpgradeFixture(
            apps,
            Map.of("UPGRADE_SUBJECT_PREFIX", "[acme-users]", "NOTICE_AUDIENCE", "Acme developers"),
            true);
    LocalDate date = f.daysAhead(2);

    f.submitPlan("VPLAN0002", f.values("service", "Grafana <!channel>", date, "09:30", "45m"));

    FakeGitHub.Issue issue =
        awaitIssue(i -> i.title.equals("[acme-users] Service upgrade, " + date));
    assertThat(issue.body)
        .startsWith("Hello Acme developers,")
        .contains("users of the Grafana &lt;!channel&gt; on moc/smaug");
    MimeMessage mail =
        Await.until(
            () -> f.mails().size() == 1 ? f.mails().get(0) : null, "the notice e-mail", PATIENCE);
    assertThat(mail.getSubject()).isEqualTo("[acme-users] Service upgrade, " + date);
    assertThat(UpgradeFixture.body(mail))
        .startsWith(
            "Hello Acme developers,\n\nWe’re reaching out to you since you’re the"
                + " users of the Grafana <!channel> on moc/smaug at https://console.smaug.example.com.\n\n"
                + "We are planning on an upgrade to this service, from 4.10.3 to 4.11.0, on "
                + date
                + ".")
        .contains("Nodes reboot one at a time & pods move.")
        .doesNotContain("&amp;");
    FakeSlack.Message announce =
        Await.until(
            () -> f.t.slack.messages(TestApp.ANNOUNCE).stream().findFirst().orElse(null),
            "the announcement",
            PATIENCE);
    assertThat(announce.text())
        .startsWith("UPGRADE NOTICE: smaug - Grafana @channel upgrade, for details")
        .doesNotContain("<!channel>");
  }

  @Test
  void pastDatesAndBadDurationsAreFieldErrorsAndNothingIsSent() throws Exception {
    f = UpgradeFixture.start(apps);

    HttpResponse<String> r =
        f.submitPlan("VPLAN0003", f.values("cluster", null, f.daysAhead(-1), "14:00", "forever"));

    var errors = JsonParser.parseString(r.body()).getAsJsonObject();
    assertThat(errors.get("response_action").getAsString()).isEqualTo("errors");
    assertThat(errors.getAsJsonObject("errors").keySet())
        .containsExactlyInAnyOrder("upgrade.plan.date", "upgrade.plan.duration");
    HttpResponse<String> service =
        f.submitPlan("VPLAN0004", f.values("service", null, f.daysAhead(1), "14:00", "2h"));
    assertThat(
            JsonParser.parseString(service.body())
                .getAsJsonObject()
                .getAsJsonObject("errors")
                .keySet())
        .containsExactly("upgrade.plan.service");
    assertThat(f.t.app.outbox().stats().pending()).isZero();
    assertThat(f.t.github.issues()).isEmpty();
  }

  @Test
  void aRepeatedSubmissionSendsOneNoticeOnEachChannel() throws Exception {
    f = UpgradeFixture.start(apps);
    LocalDate date = f.daysAhead(3);

    f.plan("VPLAN0005", date);
    f.plan("VPLAN0005", date);

    Await.until(
        () -> f.t.slack.messages(TestApp.ANNOUNCE).size() == 1, "the announcement", PATIENCE);
    Await.until(() -> f.t.app.outbox().stats().pending() == 0, "the outbox to drain", PATIENCE);
    assertThat(f.t.github.issues()).hasSize(1);
    assertThat(f.mails()).hasSize(1);
    assertThat(f.t.slack.messages(TestApp.ANNOUNCE)).hasSize(1);
  }

  @Test
  void aMailServerThatIsDownGetsTheNoticeOnceWhenItIsBackEvenAcrossARestart() throws Exception {
    f = new UpgradeFixture(apps, Map.of(), false); // nothing listens on the SMTP port yet
    f.plan("VPLAN0006", f.daysAhead(3));
    Await.until(
        () -> f.t.app.outbox().find("upgrade:1:mail:notice").orElseThrow().attempts() >= 2,
        "mail retries",
        PATIENCE);

    HttpResponse<String> list = f.t.command("/incident", "upgrade list", CC, "CELSEWHERE");
    assertThat(text(list)).contains("#1").contains("e-mail retrying").contains("planned");
    Await.until(
        () -> f.t.slack.messages(TestApp.ANNOUNCE).size() == 1,
        "the announcement",
        PATIENCE); // the rest goes on

    f.restart();
    f.startMail();

    Await.until(
        () -> f.t.app.outbox().find("upgrade:1:mail:notice").orElseThrow().state().equals("done"),
        "the mail",
        PATIENCE);
    Await.until(() -> f.mails().size() == 1, "the mail to arrive", PATIENCE);
    f.restart();
    Await.until(() -> f.t.app.outbox().stats().pending() == 0, "the outbox to drain", PATIENCE);
    assertThat(f.mails()).hasSize(1);
    assertThat(text(f.t.command("/incident", "upgrade list", CC, "CELSEWHERE")))
        .contains("e-mail sent");
  }

  @Test
  void aMailServerRefusingTheLoginFailsForGoodAndTheCcIsTold() throws Exception {
    f = new UpgradeFixture(apps, Map.of("SMTP_USERNAME", "bot", "SMTP_PASSWORD", "wrong"), false);
    f.mail =
        new GreenMail(new ServerSetup(f.smtpPort, "127.0.0.1", "smtp"))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("bot", "right"));
    f.mail.start();

    f.plan("VPLAN0007", f.daysAhead(3));

    FakeSlack.Message dm =
        Await.until(
            () ->
                f.t.slack.messages("D" + CC).stream()
                    .filter(m -> m.text().contains("mail.send"))
                    .findFirst()
                    .orElse(null),
            "a DM to the CC about the mail",
            PATIENCE);
    assertThat(dm.text()).contains("mail:upgrade:1").contains("refused");
    assertThat(text(f.t.command("/incident", "upgrade list", CC, "CELSEWHERE")))
        .contains("e-mail FAILED");
    assertThat(f.mails()).isEmpty();
  }

  @Test
  void withoutSmtpTheModalSaysEmailIsOffAndTheRestWorks() throws Exception {
    f =
        new UpgradeFixture(
            apps,
            Map.of("SMTP_HOST", "", "SMTP_FROM", "", "SMTP_PORT", "", "SMTP_STARTTLS", ""),
            false);

    f.t.command("/incident", "upgrade", CC, UpgradeFixture.PLANNER_CHANNEL);
    assertThat(f.t.slack.awaitCall("views.open").param("view"))
        .contains("E-mail is off")
        .contains("SMTP_HOST");
    f.plan("VPLAN0008", f.daysAhead(3));

    awaitIssue(i -> i.labels.contains("upgrade"));
    Await.until(
        () -> f.t.slack.messages(TestApp.ANNOUNCE).size() == 1, "the announcement", PATIENCE);
    assertThat(f.t.app.outbox().find("upgrade:1:mail:notice")).isEmpty();
    assertThat(text(f.t.command("/incident", "upgrade list", CC, "CELSEWHERE")))
        .contains("e-mail off");
  }

  private FakeGitHub.Issue awaitIssue(Predicate<FakeGitHub.Issue> matching) {
    return Await.until(
        () -> f.t.github.issues().stream().filter(matching).findFirst().orElse(null),
        "a GitHub issue matching the condition",
        PATIENCE);
  }
}
