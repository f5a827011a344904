package dev.firstresponder.upgrade;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.firstresponder.people.People;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.MutableClock;
import dev.firstresponder.testing.SlackPayloads;
import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A running app with mail going to a real SMTP server (GreenMail), and helpers to plan upgrades.
 * The {@link TestApps} it starts with stops both after the test.
 */
final class UpgradeFixture {
  static final String CC = "UCAROL001";
  static final String OT = "UOLLY0001";
  static final String PLANNER_CHANNEL = "CPLAN0001";
  static final String LIST = "operate-first-users@lists.example.org";
  static final String FROM = "firstresponder@ops.example.org";
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  final int smtpPort;
  GreenMail mail;
  TestApp t;

  /**
   * The clock runs with the system clock, so outbox retries keep coming due while tests jump ahead.
   */
  final MutableClock clock = MutableClock.ticking();

  /**
   * How long to wait for an outcome: these cross three systems (Slack, GitHub, SMTP) and the first
   * test of a JVM on a loaded machine pays for every cold start.
   */
  static final Duration PATIENCE = Duration.ofSeconds(45);

  UpgradeFixture(TestApps apps, Map<String, String> overrides, boolean mailUp) throws Exception {
    smtpPort = freePort();
    if (mailUp) startMail();
    Map<String, String> env = new HashMap<>();
    env.put("SMTP_HOST", "127.0.0.1");
    env.put("SMTP_PORT", Integer.toString(smtpPort));
    env.put("SMTP_FROM", FROM);
    env.put("SMTP_STARTTLS", "false");
    env.put("UPGRADE_MAILING_LIST", LIST);
    env.putAll(overrides);
    t = apps.start(env, clock);
    apps.onClose(this::stopMail);
    t.slack.addUser(
        new FakeSlack.User(CC, "carol", "Carol Coordinator", false, false, false, "Europe/Berlin"));
    t.slack.addUser(new FakeSlack.User(OT, "olly", "Olly Operator", false, false, false, "UTC"));
    new People(t.app.database().jdbi(), clock).link(CC, "carol-gh");
  }

  static UpgradeFixture start(TestApps apps) throws Exception {
    return new UpgradeFixture(apps, Map.of(), true);
  }

  void startMail() {
    mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  List<MimeMessage> mails() {
    return mail == null ? List.of() : List.of(mail.getReceivedMessages());
  }

  /**
   * The text of a received mail as written: SMTP carries CRLF line ends and the last line end
   * belongs to the end-of-data marker, so both are put back as the templates have them.
   */
  static String body(MimeMessage m) throws Exception {
    String text = ((String) m.getContent()).replace("\r\n", "\n");
    return text.endsWith("\n") ? text : text + "\n";
  }

  /** A date some days ahead, in Berlin. */
  LocalDate daysAhead(int days) {
    return clock.instant().atZone(BERLIN).toLocalDate().plusDays(days);
  }

  Map<String, Map<String, JsonObject>> values(
      String kind, String service, LocalDate date, String time, String duration) {
    SlackPayloads.Values v =
        new SlackPayloads.Values()
            .put("upgrade.plan.kind", SlackPayloads.radio("upgrade.plan.kind", kind))
            .put("upgrade.plan.environment", SlackPayloads.text("upgrade.plan.environment", "moc"))
            .put("upgrade.plan.cluster", SlackPayloads.text("upgrade.plan.cluster", "smaug"))
            .put(
                "upgrade.plan.cluster_url",
                SlackPayloads.text("upgrade.plan.cluster_url", "https://console.smaug.example.com"))
            .put(
                "upgrade.plan.current_version",
                SlackPayloads.text("upgrade.plan.current_version", "4.10.3"))
            .put(
                "upgrade.plan.new_version",
                SlackPayloads.text("upgrade.plan.new_version", "4.11.0"))
            .put("upgrade.plan.date", SlackPayloads.date("upgrade.plan.date", date.toString()))
            .put("upgrade.plan.time", SlackPayloads.time("upgrade.plan.time", time))
            .put("upgrade.plan.duration", SlackPayloads.text("upgrade.plan.duration", duration))
            .put(
                "upgrade.plan.comments",
                SlackPayloads.text(
                    "upgrade.plan.comments", "Nodes reboot one at a time & pods move."))
            .put(
                "upgrade.plan.links",
                SlackPayloads.text("upgrade.plan.links", "https://docs.example.com/4.11"))
            .put("upgrade.plan.cc", SlackPayloads.user("upgrade.plan.cc", CC))
            .put("upgrade.plan.ots", SlackPayloads.users("upgrade.plan.ots", List.of(OT)));
    if (service != null)
      v.put("upgrade.plan.service", SlackPayloads.text("upgrade.plan.service", service));
    return v.build();
  }

  HttpResponse<String> submitPlan(String viewId, Map<String, Map<String, JsonObject>> values)
      throws Exception {
    return submitPlan(viewId, values, PLANNER_CHANNEL);
  }

  HttpResponse<String> submitPlan(
      String viewId, Map<String, Map<String, JsonObject>> values, String channel) throws Exception {
    String meta = "{\"channel\":\"" + channel + "\",\"zone\":\"Europe/Berlin\"}";
    return t.interaction(SlackPayloads.viewSubmission("upgrade.plan", CC, viewId, meta, values));
  }

  HttpResponse<String> plan(String viewId, LocalDate date) throws Exception {
    return submitPlan(viewId, values("cluster", null, date, "14:00", "2h"));
  }

  /** The ephemeral text a command was answered with. */
  static String text(HttpResponse<String> r) {
    if (r.body().isBlank()) return "";
    var o = JsonParser.parseString(r.body()).getAsJsonObject();
    return o.has("text") ? o.get("text").getAsString() : r.body();
  }

  void restart() throws Exception {
    t = t.restart();
  }

  private void stopMail() {
    if (mail != null) mail.stop();
  }
}
