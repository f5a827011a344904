package dev.firstresponder.catalogue;

import static dev.firstresponder.catalogue.Stage.ADMIN;
import static dev.firstresponder.catalogue.Stage.GENERAL;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.TestApp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The on-call rotation: {@code /oncall} and every subcommand's answers and refusals, the handover
 * modal, the pings, DMs and heads-ups of shift starts, holiday notes, the catch-up and the
 * reshuffle notice, and the on-call log issue on GitHub.
 */
final class OncallSurfaces implements Surfaces {
  private static final String CMD = "/oncall";

  @Override
  public String feature() {
    return "on-call";
  }

  @Override
  public void render(Stage s) throws Exception {
    emptyRota(s);
    fillRota(s);
    holidaysAndChanges(s);
    handovers(s);
    shifts(s);
  }

  /** The longest GitHub login: unique per person. */
  static String login(Stage s, int i) {
    String base = "sre-" + i + "-";
    return s.longest() ? Stage.fill(Size.GITHUB_LOGIN, base + "abcdefgh") : "sre" + i;
  }

  private void emptyRota(Stage s) throws Exception {
    String someone = s.person(0);
    s.reply("oncall status, nobody", CMD, "", someone, GENERAL);
    s.reply("oncall list, empty", CMD, "list", someone, GENERAL);
    s.reply("oncall log, empty", CMD, "log", someone, GENERAL);
    s.reply("oncall holidays, none", CMD, "holiday list", someone, GENERAL);
    s.reply("oncall help", CMD, "help", someone, GENERAL);
    s.reply("oncall unknown subcommand", CMD, s.word(Size.COMMAND_TEXT), someone, GENERAL);
    s.reply("oncall handover, nobody on call", CMD, "handover", ADMIN, GENERAL);
    s.reply("oncall refusal, not a rota admin", CMD, "add " + s.mention(someone), someone, GENERAL);
    s.reply(
        "oncall usage, no mention", CMD, "add " + s.text(Size.COMMAND_TEXT - 4), ADMIN, GENERAL);
    s.reply(
        "oncall refusal, not a login",
        CMD,
        "add " + s.mention(someone) + " " + s.word(Size.COMMAND_TEXT - 120),
        ADMIN,
        GENERAL);
    s.reply(
        "oncall refusal, a bot",
        CMD,
        "add <@" + FakeSlack.BOT_USER + "|firstresponder>",
        ADMIN,
        GENERAL);
    s.reply("oncall refusal, unknown user", CMD, "add <@U0NOBODY1|nobody>", ADMIN, GENERAL);
  }

  private void fillRota(Stage s) throws Exception {
    for (int i = 0; i < s.people.size(); i++) {
      String answer =
          s.reply(
              "oncall add",
              CMD,
              "add " + s.mention(s.people.get(i)) + " " + login(s, i),
              ADMIN,
              GENERAL);
      assertThat(answer).contains("Added");
    }
    s.reply("oncall add, already there", CMD, "add " + s.mention(s.person(0)), ADMIN, GENERAL);
    s.settle();
    s.reply("oncall status", CMD, "", s.person(1), GENERAL);
    s.reply("oncall list", CMD, "list", s.person(1), GENERAL);
    s.t.github.awaitIssue(i -> i.title.equals("On-call log"));
    s.saw("github on-call log issue");
  }

  private void holidaysAndChanges(Stage s) throws Exception {
    LocalDate today = LocalDate.now(s.clock);
    for (int i = 0; i < s.size.holidays; i++) {
      String name = s.longest() ? s.text(Size.COMMAND_TEXT - 30) : "Christmas";
      s.reply(
          "oncall holiday add",
          CMD,
          "holiday add " + workday(today, 20 + i) + " " + name,
          ADMIN,
          GENERAL);
    }
    s.reply("oncall holiday list", CMD, "holiday list", s.person(1), GENERAL);
    s.reply(
        "oncall holiday remove, not a holiday",
        CMD,
        "holiday remove " + workday(today, 19),
        ADMIN,
        GENERAL);
    s.reply(
        "oncall refusal, not a date",
        CMD,
        "holiday add " + s.word(Size.COMMAND_TEXT - 12),
        ADMIN,
        GENERAL);
    String last = s.person(s.people.size() - 1);
    String second = s.person(1);
    s.reply("oncall move", CMD, "move " + s.mention(last) + " 2", ADMIN, GENERAL);
    s.reply(
        "oncall move, not a position",
        CMD,
        "move " + s.mention(last) + " " + s.word(Size.COMMAND_TEXT - 120),
        ADMIN,
        GENERAL);
    s.reply("oncall move, out of range", CMD, "move " + s.mention(last) + " 999", ADMIN, GENERAL);
    s.reply(
        "oncall swap", CMD, "swap " + s.mention(second) + " " + s.mention(last), ADMIN, GENERAL);
    s.reply(
        "oncall swap, the same person",
        CMD,
        "swap " + s.mention(last) + " " + s.mention(last),
        ADMIN,
        GENERAL);
    s.reply(
        "oncall override",
        CMD,
        "override " + s.mention(last) + " " + workday(today, 3),
        ADMIN,
        GENERAL);
    s.reply(
        "oncall override, in the past",
        CMD,
        "override " + s.mention(last) + " " + today.minusDays(3),
        ADMIN,
        GENERAL);
    s.reply(
        "oncall override, no shift that day",
        CMD,
        "override " + s.mention(last) + " " + weekend(today),
        ADMIN,
        GENERAL);
    s.settle();
  }

  private void handovers(Stage s) throws Exception {
    s.reply("oncall handover refusal, not on call", CMD, "handover", s.person(1), GENERAL);
    s.t.slack.failWith("views.open", "expired_trigger_id", 1);
    s.reply("oncall handover form not opened", CMD, "handover", ADMIN, GENERAL);
    JsonObject first = s.modal("oncall.handover", CMD, "handover", ADMIN, GENERAL);
    s.refused(first, ADMIN, Map.of("oncall.handover.notes", ""));
    // A whole round of handovers with the longest notes: a full log and the reshuffle notice.
    for (int i = 0; i < s.people.size(); i++) {
      JsonObject view = s.modal("oncall.handover", CMD, "handover", ADMIN, GENERAL);
      s.submit(view, ADMIN, Map.of());
    }
    s.settle();
    s.message("oncall handover note", TestApp.ONCALL, m -> m.contains("handed over to"));
    s.message(
        "oncall reshuffle notice",
        TestApp.ONCALL,
        m -> m.contains("Everyone on the list has had a turn"));
    s.message("oncall DM, handed over to you", "D" + s.person(1), m -> m.contains("handed over"));
    s.reply("oncall log, the most entries", CMD, "log 50", s.person(2), GENERAL);
    s.reply("oncall log", CMD, "log", s.person(2), GENERAL);
    s.reply(
        "oncall log, not a number",
        CMD,
        "log " + s.word(Size.COMMAND_TEXT - 4),
        s.person(2),
        GENERAL);
    s.reply("oncall log, out of range", CMD, "log 51", s.person(2), GENERAL);
    s.t.github.awaitIssue(
        i -> i.title.equals("On-call log") && i.comments.size() >= s.people.size());
    s.saw("github on-call log comments");
  }

  private void shifts(Stage s) throws Exception {
    LocalDate today = LocalDate.now(s.clock);
    fire(s, workday(today, 1));
    s.message("oncall shift ping", TestApp.ONCALL, m -> m.contains("On call today"));
    s.message("oncall heads-up DM", dmOfAnyone(s, "Heads-up"), m -> m.contains("Heads-up"));
    // The first holiday: a short note instead of a handover.
    fire(s, workday(today, 20));
    s.message("oncall holiday note", TestApp.ONCALL, m -> m.contains("no on-call handover today"));
    // Down for three working days, then back: one catch-up handover.
    s.settle();
    s.clock.set(workday(today, 20 + s.size.holidays + 3).atTime(10, 0).toInstant(ZoneOffset.UTC));
    s.t.app.oncall().catchUp();
    s.message("oncall catch-up ping", TestApp.ONCALL, m -> m.contains("Catch-up"));
    s.settle();
    // Taking the person on call off the list hands over at once.
    String onCall = s.t.slack.usergroupMembers(Stage.USERGROUP).get(0);
    s.reply("oncall remove, on call", CMD, "remove " + s.mention(onCall), ADMIN, GENERAL);
    s.message("oncall removal note", TestApp.ONCALL, m -> m.contains("was taken off"));
    s.reply("oncall remove, not on the list", CMD, "remove " + s.mention(onCall), ADMIN, GENERAL);
    s.settle();
  }

  private static void fire(Stage s, LocalDate day) {
    s.settle();
    Instant scheduled = day.atTime(9, 0).toInstant(ZoneOffset.UTC);
    s.clock.set(scheduled.plusMillis(300));
    s.t.app.oncall().startShift(scheduled);
    s.settle();
  }

  /** The DM channel of whoever got a message containing the text. */
  private static String dmOfAnyone(Stage s, String containing) {
    return s.t.slack.allMessages().stream()
        .filter(
            m -> m.channel().startsWith("D") && m.text() != null && m.text().contains(containing))
        .map(FakeSlack.Message::channel)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no DM containing " + containing));
  }

  /** The n-th working day (Monday to Friday) after the date. */
  static LocalDate workday(LocalDate from, int n) {
    LocalDate d = from;
    for (int i = 0; i < n; ) {
      d = d.plusDays(1);
      if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) i++;
    }
    return d;
  }

  private static LocalDate weekend(LocalDate from) {
    LocalDate d = from.plusDays(1);
    while (d.getDayOfWeek() != DayOfWeek.SATURDAY) d = d.plusDays(1);
    return d;
  }
}
