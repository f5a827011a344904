package dev.firstresponder.catalogue;

import static dev.firstresponder.catalogue.Stage.ADMIN;
import static dev.firstresponder.catalogue.Stage.GENERAL;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.TestApp;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Incidents: the declaration, update, resolve and roles modals (opened by command and by button),
 * their field errors, the declared modal, the start message, announcement, thread replies,
 * reminders, refusals and hints, the list, link, failure reports, and the GitHub issue, comments
 * and close.
 */
final class IncidentSurfaces implements Surfaces {
  static final String CMD = "/incident";
  private static final Pattern DECLARED = Pattern.compile("Incident #(\\d+) is declared");

  /** A declared incident: its id and its channel. */
  record Declared(long id, String channel) {}

  @Override
  public String feature() {
    return "incidents";
  }

  @Override
  public void render(Stage s) throws Exception {
    hints(s);
    Declared first = declareAll(s);
    lifecycle(s, first);
    failures(s);
    s.reply("incident list", CMD, "list", s.person(3), GENERAL);
    s.reply("incident hint, not an incident channel", CMD, "update", s.person(3), GENERAL);
  }

  private void hints(Stage s) throws Exception {
    String p = s.person(0);
    s.reply("incident help", CMD, "help", p, GENERAL);
    s.reply("incident list, none", CMD, "list", p, GENERAL);
    s.reply("incident hint, no incidents", CMD, "resolve", p, GENERAL);
    s.reply("incident link", CMD, "link " + OncallSurfaces.login(s, 0), p, GENERAL);
    s.reply("incident link, usage", CMD, "link", p, GENERAL);
    s.reply("incident link, not a login", CMD, "link " + s.word(Size.COMMAND_TEXT - 5), p, GENERAL);
  }

  /** The service of the i-th incident: unique within the 40 characters its channel name keeps. */
  private static String service(Stage s, int i) {
    if (i == 0 && s.longest()) return Stage.fill(50, "grafanaprometheusloki");
    if (!s.longest()) return s.tag("grafana", i);
    return s.tag("svc", i) + " " + (i % 2 == 0 ? s.text(44) : s.references(44));
  }

  /** Declares the i-th incident through the modal and waits until its effects are applied. */
  static Declared declare(Stage s, int i, String by) throws Exception {
    long id = submitDeclaration(s, i, by);
    s.settle();
    return new Declared(id, channelOf(s, id));
  }

  /** Fills and submits the declaration modal (every field as the stage's size says). */
  static long submitDeclaration(Stage s, int i, String by) throws Exception {
    JsonObject view =
        s.modal("incident.declare", CMD, i == 0 ? s.text(Size.COMMAND_TEXT) : "", by, GENERAL);
    Map<String, String> values = new HashMap<>();
    values.put("incident.declare.service", service(s, i));
    if (i % 2 == 1) {
      // Every other incident: mentions and references, which grow the issue title the most.
      values.put("incident.declare.cluster", s.references(50));
      values.put("incident.declare.short", s.references(120));
    }
    values.put("incident.declare.cc", i >= 90 ? by : s.person(i + 1));
    Stage.Ack ack = s.submit(view, by, values);
    Matcher m = DECLARED.matcher(ack.body());
    assertThat(m.find()).as("the declared modal: " + ack.body()).isTrue();
    return Long.parseLong(m.group(1));
  }

  static String channelOf(Stage s, long id) {
    return s.incident(id, "channel_id");
  }

  private Declared declareAll(Stage s) throws Exception {
    JsonObject form = s.modal("incident.declare", CMD, "", s.person(0), GENERAL);
    s.refused(
        form, s.person(0), Map.of("incident.declare.cluster", "", "incident.declare.criteria", ""));
    Declared first = declare(s, 0, s.person(0));
    for (int i = 1; i <= s.size.incidents; i++) submitDeclaration(s, i, s.person(i));
    s.settle();
    return first;
  }

  private void lifecycle(Stage s, Declared d) throws Exception {
    String ch = d.channel();
    String cc = s.person(1);
    String id = Long.toString(d.id());
    FakeSlack.Message start =
        s.message(
            "incident start message",
            ch,
            m -> m.contains("We are investigating an ongoing incident"));
    s.message("incident announcement", TestApp.ANNOUNCE, m -> m.contains("INCIDENT NOTICE"));
    s.t.github.awaitIssue(i -> i.title.startsWith("[INCIDENT]"));
    s.saw("github incident issue");
    String menu = s.reply("incident actions menu", CMD, "", cc, ch);
    assertThat(menu).contains("Incident #" + id);

    JsonObject update = s.modal("incident.update", CMD, "update", cc, ch);
    s.refused(update, cc, Map.of("incident.update.impact", ""));
    s.submit(update, cc, Map.of());
    s.message("incident update in the channel", ch, m -> m.contains("Incident update 1"));
    s.message(
        "incident update in the thread", TestApp.ANNOUNCE, m -> m.contains("Incident update 1"));

    int opened = s.t.slack.calls("views.open").size();
    s.click("incident.action.update", id, cc, ch, start.ts());
    s.submit(s.opened("incident.update", opened), cc, Map.of());
    opened = s.t.slack.calls("views.open").size();
    s.click("incident.action.roles", id, cc, ch, start.ts());
    s.submit(s.opened("incident.roles", opened), cc, Map.of());
    s.message("incident roles changed", ch, m -> m.contains("Roles changed"));
    JsonObject roles = s.modal("incident.roles", CMD, "roles", cc, ch);
    s.submit(roles, cc, Map.of("incident.roles.ots", s.person(2)));

    // Slack will not open a form (an expired trigger): said where the person is.
    s.t.slack.failWith("views.open", "expired_trigger_id", 2);
    s.reply("incident form not opened", CMD, "update", cc, ch);
    s.response(s.click("incident.action.update", id, cc, ch, start.ts()));
    s.reply("incident refusal, resolve", CMD, "resolve", ADMIN, ch);
    s.reply("incident refusal, roles", CMD, "roles", ADMIN, ch);
    s.response(s.click("incident.action.resolve", id, ADMIN, ch, start.ts()));
    s.settle();

    // The promised update is overdue: the CC is reminded.
    s.clock.advance(Duration.ofMinutes(31));
    s.message("incident reminder", ch, m -> m.contains("the next update was promised"));

    JsonObject resolve = s.modal("incident.resolve", CMD, "resolve", cc, ch);
    s.submit(resolve, cc, Map.of());
    s.message("incident resolved in the channel", ch, m -> m.contains("Incident resolved"));
    s.message(
        "incident resolved announcement", TestApp.ANNOUNCE, m -> m.contains("Incident resolved"));
    s.settle();
    assertThat(s.t.github.issues().stream().filter(i -> i.state.equals("closed")).toList())
        .isNotEmpty();
    s.saw("github resolution comment and close");
    s.response(s.click("incident.action.update", id, cc, ch, start.ts()));
    s.reply("incident hint, resolved", CMD, "update", cc, ch);
  }

  /** What the people running an incident hear when GitHub or Slack fail them. */
  private void failures(Stage s) throws Exception {
    String cc = s.person(0);
    s.t.github.down();
    long pending = submitDeclaration(s, 90, cc);
    // Told in the incident channel, or the CC's DM when the channel is not there yet.
    s.anywhere("incident GitHub pending note", m -> m.contains("GitHub is not answering"));
    s.t.github.up();
    s.anywhere("incident GitHub answered note", m -> m.contains("GitHub answered again"));
    s.settle();

    s.t.slack.failWith("conversations.create", "restricted_action", 1);
    long failed = submitDeclaration(s, 91, cc);
    s.settle("incident:" + failed + ":channel");
    s.message(
        "failure report",
        "D" + cc,
        m -> m.contains("I could not complete") && m.contains("incident.channel.create"));
  }
}
