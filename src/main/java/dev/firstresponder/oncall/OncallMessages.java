package dev.firstresponder.oncall;

import dev.firstresponder.github.GitHubText;
import dev.firstresponder.slack.SlackText;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The words of the rota: pings, answers and the GitHub on-call log. Pure functions. */
final class OncallMessages {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ENGLISH);

  /** The duties of the person on call, as the support process lists them. */
  static final String DUTIES =
      """
      • Answer users' questions and concerns in Slack (#support, #operations, #general), on the mailing list and in the GitHub operations repos
      • Check the status and notifications of the clusters
      • Be the first responder to issues and incidents of the services the SRE team runs
      • Follow the runbooks; where none exists, write one once the issue is resolved
      • Document your work in the on-call log
      • Stuck? Reach out to the rest of the SRE team""";

  private OncallMessages() {}

  static String day(LocalDate date) {
    return DAY.format(date);
  }

  static String when(Instant instant, ZoneId zone) {
    return WHEN.format(instant.atZone(zone)) + " " + zone.getId();
  }

  static String who(String userId) {
    return userId == null ? "nobody" : SlackText.mention(userId);
  }

  /** Where the next handover goes, or a note that nobody is next. */
  record Next(String userId, Instant at) {}

  static String nextLine(Next next, ZoneId zone) {
    if (next == null || next.userId() == null) return "Next: nobody (the list is empty).";
    String when = next.at() == null ? "" : " (" + when(next.at(), zone) + ")";
    return "Next: " + who(next.userId()) + when + ".";
  }

  static String shiftStarted(
      String to, String from, LocalDate date, Next next, ZoneId zone, boolean catchUp, int missed) {
    String took = from == null || from.equals(to) ? "" : ", taking over from " + who(from);
    String note =
        catchUp
            ? "\n_(Catch-up: I was not running when "
                + (missed > 1 ? missed + " handovers were" : "the handover was")
                + " due, so the rota moves one step now.)_"
            : "";
    return ":rotating_light: *On call today, "
        + day(date)
        + ": "
        + who(to)
        + "*"
        + took
        + "."
        + note
        + "\n*Duties:*\n"
        + DUTIES
        + "\n"
        + nextLine(next, zone);
  }

  /** At a shift whose handover was already made during the shift before. */
  static String shiftAnnounced(
      String current, Handover made, LocalDate date, Next next, ZoneId zone) {
    String how = made.from() == null ? "" : " (handed over early by " + who(made.from()) + ")";
    return ":rotating_light: *On call today, "
        + day(date)
        + ": "
        + who(current)
        + "*"
        + how
        + ".\n*Duties:*\n"
        + DUTIES
        + "\n"
        + nextLine(next, zone);
  }

  static String dmToday(LocalDate date, Next next, ZoneId zone) {
    return ":wave: You are on call today, "
        + day(date)
        + ". Thank you!\n*Duties:*\n"
        + DUTIES
        + "\nWhen your shift ends, hand over with `/oncall handover` (or it moves on by itself). "
        + nextLine(next, zone);
  }

  static String headsUp(Instant at, ZoneId zone) {
    return ":eyes: Heads-up: you are on call next, from " + when(at, zone) + ".";
  }

  static String handedOver(
      String from,
      String to,
      String by,
      Handover.Kind kind,
      Handover.Notes notes,
      Next next,
      ZoneId zone) {
    String head =
        switch (kind) {
          case REMOVAL ->
              ":arrows_counterclockwise: "
                  + who(from)
                  + " was taken off the on-call list by "
                  + who(by)
                  + ": "
                  + who(to)
                  + " is on call now.";
          default ->
              ":handshake: "
                  + who(from)
                  + " handed over to "
                  + who(to)
                  + ": "
                  + who(to)
                  + " is on call now"
                  + (by != null && !by.equals(from) ? " (handover by " + who(by) + ")" : "")
                  + ".";
        };
    return head + notesText(notes) + "\n" + nextLine(next, zone);
  }

  static String dmHandedOver(String from, Handover.Notes notes, Next next, ZoneId zone) {
    String by = from == null ? "The rota" : who(from);
    return ":wave: "
        + by
        + " handed over to you: you are on call now.\n*Duties:*\n"
        + DUTIES
        + notesText(notes)
        + "\n"
        + nextLine(next, zone);
  }

  private static String notesText(Handover.Notes notes) {
    StringBuilder s = new StringBuilder();
    if (notes.notes() != null)
      s.append("\n*What happened:* ").append(SlackText.escape(notes.notes(), 2500));
    if (notes.openItems() != null)
      s.append("\n*Open items:* ").append(SlackText.escape(notes.openItems(), 2500));
    if (notes.links() != null)
      s.append("\n*Links:* ").append(SlackText.escape(notes.links(), 2500));
    return s.toString();
  }

  static String reshuffled(List<Member> order, int round) {
    StringBuilder s =
        new StringBuilder(
            ":twisted_rightwards_arrows: Everyone on the list has had a turn. Order of round "
                + round
                + ":");
    for (Member m : order) s.append("\n").append(m.position()).append(". ").append(who(m.userId()));
    return s.toString();
  }

  static String holiday(LocalDate date, String name, Next next, ZoneId zone) {
    String what =
        name == null || name.isBlank()
            ? "a holiday"
            : "a holiday (" + SlackText.escape(name, 200) + ")";
    return ":palm_tree: "
        + day(date)
        + " is "
        + what
        + ": no on-call handover today. "
        + nextLine(next, zone);
  }

  /** The list with its checkboxes, for {@code /oncall list}. */
  static String list(Rota rota, String next, int round) {
    if (rota.members().isEmpty())
      return "The on-call list is empty. Add people with `/oncall add @user [github-login]`.";
    StringBuilder s =
        new StringBuilder(
            "*On-call list, round " + round + "* (:white_check_mark: had their turn this round)");
    for (Member m : rota.members()) {
      s.append("\n")
          .append(m.position())
          .append(". ")
          .append(m.hadTurn() ? ":white_check_mark: " : ":white_large_square: ")
          .append(who(m.userId()));
      if (m.userId().equals(rota.current())) s.append(" — *on call now*");
      if (m.userId().equals(next)) s.append(" — next");
    }
    if (rota.current() != null && !rota.contains(rota.current())) {
      s.append("\nOn call now (not on the list): ").append(who(rota.current()));
    }
    return s.toString();
  }

  static String status(String current, Instant since, Next next, ZoneId zone) {
    if (current == null)
      return "Nobody is on call: the list is empty. Add people with `/oncall add @user [github-login]`.";
    String s =
        ":rotating_light: On call now: "
            + who(current)
            + (since == null ? "" : ", since " + when(since, zone))
            + ".";
    if (next == null || next.userId() == null) return s + "\nNext: nobody.";
    return s
        + "\nNext: "
        + who(next.userId())
        + (next.at() == null ? "" : ", at the next handover " + when(next.at(), zone))
        + ".";
  }

  static String log(List<Handover> entries, ZoneId zone) {
    if (entries.isEmpty()) return "The on-call log is empty.";
    StringBuilder s = new StringBuilder("*On-call log* (newest first)");
    for (Handover e : entries) {
      s.append("\n• ")
          .append(when(e.madeAt(), zone))
          .append(" — ")
          .append(e.from() == null ? "start" : who(e.from()))
          .append(" → ")
          .append(who(e.to()))
          .append(" (")
          .append(e.kind().code)
          .append(")");
      if (e.notes() != null) s.append(": ").append(SlackText.escape(e.notes(), 300));
      if (e.openItems() != null) s.append(" _Open:_ ").append(SlackText.escape(e.openItems(), 200));
    }
    return s.toString();
  }

  // ---- GitHub ---------------------------------------------------------------------------------

  static final String LOG_TITLE = "On-call log";

  /** The issue body: the list as a checklist, the box moved at each handover. */
  static String logBody(Rota rota, int round, String next, Function<String, String> name) {
    StringBuilder s =
        new StringBuilder(
            "The on-call list of the SRE team, kept by firstresponder. Each handover is a"
                + " comment below.\n\n### Round "
                + round
                + "\n");
    for (Member m : rota.members()) {
      s.append("\n- [")
          .append(m.hadTurn() ? "x" : " ")
          .append("] ")
          .append(GitHubText.inertLine(name.apply(m.userId())));
      if (m.userId().equals(rota.current())) s.append(" — **on call now**");
      if (m.userId().equals(next)) s.append(" — next");
    }
    if (rota.current() != null && !rota.contains(rota.current())) {
      s.append("\n\nOn call now (not on the list): ")
          .append(GitHubText.inertLine(name.apply(rota.current())));
    }
    if (next != null && !rota.contains(next)) {
      s.append("\n\nNext (taking one shift): ").append(GitHubText.inertLine(name.apply(next)));
    }
    return s.append("\n").toString();
  }

  static String logComment(
      Handover.Kind kind,
      String from,
      String to,
      LocalDate shiftDate,
      Instant at,
      ZoneId zone,
      Handover.Notes notes,
      Function<String, String> name) {
    StringBuilder s =
        new StringBuilder(
            "**Handover "
                + when(at, zone)
                + "** ("
                + kind.code
                + ")"
                + (shiftDate == null ? "" : ", shift of " + day(shiftDate))
                + ": "
                + GitHubText.inertLine(from == null ? "start" : name.apply(from))
                + " → "
                + GitHubText.inertLine(name.apply(to)));
    if (notes.notes() != null)
      s.append("\n\n**What happened:**\n").append(GitHubText.inert(notes.notes()));
    if (notes.openItems() != null)
      s.append("\n\n**Open items:**\n").append(GitHubText.inert(notes.openItems()));
    if (notes.links() != null) s.append("\n\n**Links:**\n").append(GitHubText.inert(notes.links()));
    return s.toString();
  }

  static String names(Map<String, String> logins, String userId) {
    String login = logins.get(userId);
    return login != null ? login : "Slack user " + userId;
  }
}
