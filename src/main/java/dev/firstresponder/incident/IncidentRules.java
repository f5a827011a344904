package dev.firstresponder.incident;

import dev.firstresponder.github.GitHubIssues;
import dev.firstresponder.github.GitHubText;
import dev.firstresponder.slack.SlackText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The incident procedure and its communication rules (README, "Incidents") as plain functions:
 * validation, the issue title, the templates, the channel name. No Slack or GitHub calls here;
 * every piece of user text is made inert for the system it is written to.
 */
final class IncidentRules {
  static final int MAX_NAME = 50;
  static final int MAX_SHORT = 120;
  static final int MAX_TEXT = 2000;
  static final List<Integer> NEXT_UPDATE_MINUTES = List.of(15, 30, 60, 120, 240, 0);

  /**
   * The communications plan's example promise ("the next update will be in 30 minutes");
   * preselected in both modals.
   */
  static final int DEFAULT_NEXT_UPDATE_MINUTES = 30;

  static final String LABEL = "incident";
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private IncidentRules() {}

  // ---- validation -----------------------------------------------------------------------------

  /** Field errors keyed by the field's block id; empty when the declaration is acceptable. */
  static Map<String, String> validate(Declaration d) {
    Map<String, String> errors = new LinkedHashMap<>();
    required(errors, IncidentViews.DECLARE_CLUSTER, "the cluster", d.cluster(), MAX_NAME);
    required(errors, IncidentViews.DECLARE_SERVICE, "the service", d.service(), MAX_NAME);
    required(errors, IncidentViews.DECLARE_SHORT, "a short message", d.shortMessage(), MAX_SHORT);
    required(errors, IncidentViews.DECLARE_IMPACT, "who is impacted", d.impactedUsers(), MAX_TEXT);
    optional(errors, IncidentViews.DECLARE_LINKS, d.relatedLinks(), MAX_TEXT);
    if (d.criteria().isEmpty()) {
      errors.put(
          IncidentViews.DECLARE_CRITERIA,
          "Not an incident yet: tick at least one criterion. Until one holds, keep working on it in your team channel.");
    }
    if (d.ccUser() == null || d.ccUser().isBlank()) {
      errors.put(IncidentViews.DECLARE_CC, "Choose who coordinates communications.");
    }
    if (d.nextUpdateMinutes() == null)
      errors.put(IncidentViews.DECLARE_NEXT, "Say when the first update comes.");
    return errors;
  }

  static Map<String, String> validate(StatusUpdate u) {
    Map<String, String> errors = new LinkedHashMap<>();
    required(errors, IncidentViews.UPDATE_IMPACT, "the current impact", u.impact(), MAX_TEXT);
    required(
        errors, IncidentViews.UPDATE_ACTION, "the action being taken", u.actionTaken(), MAX_TEXT);
    optional(errors, IncidentViews.UPDATE_USERS, u.userAction(), MAX_TEXT);
    if (u.nextInMinutes() == null)
      errors.put(IncidentViews.UPDATE_NEXT, "Say when the next update comes.");
    return errors;
  }

  static Map<String, String> validateLingering(String lingering) {
    Map<String, String> errors = new LinkedHashMap<>();
    optional(errors, IncidentViews.RESOLVE_LINGERING, lingering, MAX_TEXT);
    return errors;
  }

  private static void required(
      Map<String, String> errors, String block, String what, String value, int max) {
    if (value == null || value.isBlank()) errors.put(block, "Please enter " + what + ".");
    else if (value.length() > max)
      errors.put(block, "Too long: at most " + max + " characters (" + value.length() + " given).");
  }

  private static void optional(Map<String, String> errors, String block, String value, int max) {
    if (value != null && value.length() > max) {
      errors.put(block, "Too long: at most " + max + " characters (" + value.length() + " given).");
    }
  }

  // ---- names ----------------------------------------------------------------------------------

  /**
   * {@code [INCIDENT][<CLUSTER>/<SERVICE>] - <SHORT MSG>}, the procedure's issue title; cut to the
   * length GitHub takes (breaking up mentions and references makes the text longer).
   */
  static String issueTitle(Incident i) {
    return SlackText.truncate(
        GitHubText.inertTitle(
            "[INCIDENT]["
                + oneLine(i.cluster())
                + "/"
                + oneLine(i.service())
                + "] - "
                + oneLine(i.shortMessage())),
        GitHubIssues.MAX_TITLE);
  }

  /** {@code inc-20261123-grafana}: the day and the service, in Slack's channel-name alphabet. */
  static String channelName(Incident i, int attempt) {
    String slug =
        i.service()
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-+|-+$", "");
    if (slug.length() > 40) slug = slug.substring(0, 40).replaceAll("-+$", "");
    if (slug.isEmpty()) slug = "incident";
    String base = "inc-" + DAY.format(i.declaredAt()) + "-" + slug;
    return attempt <= 1 ? base : base + "-" + attempt;
  }

  // ---- GitHub (Markdown) ----------------------------------------------------------------------

  /** The "Main Incident start thread template", filled in, plus who runs the incident. */
  static String issueBody(
      Incident i, String audience, Map<String, String> logins, Function<String, String> names) {
    StringBuilder b = new StringBuilder();
    b.append("Hello ").append(GitHubText.inert(audience)).append(",\n\n");
    b.append("We are investigating an ongoing incident affecting ")
        .append(GitHubText.inertLine(i.service()))
        .append(" on ")
        .append(GitHubText.inertLine(i.cluster()))
        .append(".\n\n");
    b.append("Impacted users: ").append(GitHubText.inert(i.impactedUsers().strip())).append("\n\n");
    b.append("We will provide updates to this issue thread as the incident progresses.\n\n");
    b.append("Related Links:\n");
    List<String> links = lines(i.relatedLinks());
    if (links.isEmpty()) b.append("- none yet\n");
    for (String l : links) b.append("- ").append(GitHubText.inertLine(l)).append('\n');
    b.append("\n---\n");
    if (i.severity() != null)
      b.append("**Severity:** ").append(GitHubText.inertLine(i.severity())).append("  \n");
    if (i.declaredFrom() != null)
      b.append("**Declared from:** ").append(GitHubText.inertLine(i.declaredFrom())).append("  \n");
    b.append("**Communications Coordinator:** ")
        .append(person(i.ccUser(), logins, names))
        .append("  \n");
    b.append("**Operations Technicians:** ");
    if (i.ots().isEmpty()) b.append("none named yet");
    else b.append(String.join(", ", i.ots().stream().map(u -> person(u, logins, names)).toList()));
    b.append("  \n");
    b.append("**Declared by:** ")
        .append(person(i.declaredBy(), logins, names))
        .append(" at ")
        .append(i.declaredAt())
        .append("  \n");
    b.append("**Why this is an incident:** ")
        .append(String.join("; ", i.criteria().stream().map(c -> c.label).toList()))
        .append('\n');
    return b.toString();
  }

  /** A person on GitHub: the login in code style (assigned, so no mention needed), or the name. */
  private static String person(
      String userId, Map<String, String> logins, Function<String, String> names) {
    String name = GitHubText.inertLine(names.apply(userId));
    String login = logins.get(userId);
    return login == null ? name + " (no GitHub login linked)" : name + " (`" + login + "`)";
  }

  static String updateComment(Incident i, int seq, StatusUpdate u, Instant postedAt) {
    StringBuilder b = new StringBuilder("### Update ").append(seq).append("\n\n");
    b.append("**Current impact:** ").append(GitHubText.inert(u.impact().strip())).append("\n\n");
    b.append("**Action being taken:** ")
        .append(GitHubText.inert(u.actionTaken().strip()))
        .append("\n\n");
    if (u.userAction() != null && !u.userAction().isBlank()) {
      b.append("**What you should do:** ")
          .append(GitHubText.inert(u.userAction().strip()))
          .append("\n\n");
    }
    b.append("**Next update:** ").append(nextUpdate(u, postedAt)).append("\n\n");
    b.append("We apologise for the inconvenience and thank you for your patience.");
    return b.toString();
  }

  /** The "Main Incident resolution thread template". */
  static String resolutionComment(Incident i, String lingering) {
    StringBuilder b = new StringBuilder("This incident has been resolved.\n\n");
    if (lingering != null && !lingering.isBlank())
      b.append(GitHubText.inert(lingering.strip())).append("\n\n");
    b.append("Please let us know if you continue to see any remaining issues.");
    return b.toString();
  }

  // ---- Slack (mrkdwn) -------------------------------------------------------------------------

  /** The start message: the same words as the issue, in Slack, with the issue's state. */
  static String startMessage(Incident i, String audience, boolean githubOn) {
    StringBuilder b = new StringBuilder(heading("Incident", i));
    b.append("Hello ").append(s(audience)).append(",\n");
    b.append("We are investigating an ongoing incident affecting ")
        .append(s(i.service()))
        .append(" on ")
        .append(s(i.cluster()))
        .append(".\n");
    b.append("Impacted users: ").append(s(i.impactedUsers().strip())).append('\n');
    b.append("We will provide updates to the issue thread as the incident progresses.\n");
    List<String> links = lines(i.relatedLinks());
    if (!links.isEmpty()) {
      b.append("Related links:\n");
      for (String l : links) b.append("• ").append(s(l)).append('\n');
    }
    if (i.severity() != null) b.append("Severity: ").append(s(i.severity())).append('\n');
    if (i.declaredFrom() != null)
      b.append("Declared from ").append(s(i.declaredFrom())).append('\n');
    nextUpdate(i).ifPresent(n -> b.append("Next update: ").append(n).append('\n'));
    b.append("Communications Coordinator: ").append(SlackText.mention(i.ccUser()));
    if (!i.ots().isEmpty()) {
      b.append(" · Operations Technicians: ")
          .append(String.join(", ", i.ots().stream().map(SlackText::mention).toList()));
    }
    b.append('\n').append("GitHub issue: ").append(issueLink(i, githubOn));
    return b.toString();
  }

  /** "*Incident - moc-infra/grafana: dashboards do not load*", a message's bold first line. */
  private static String heading(String what, Incident i) {
    return "*"
        + what
        + " - "
        + s(i.cluster())
        + "/"
        + s(i.service())
        + ": "
        + s(i.shortMessage())
        + "*\n";
  }

  static String announcement(Incident i, String audience, boolean githubOn) {
    return startMessage(i, audience, githubOn) + "\n\n" + notice(i, githubOn);
  }

  /**
   * {@code INCIDENT NOTICE: <CLUSTER> - <SERVICE> incident, for details please follow this issue:
   * <LINK>}.
   */
  static String notice(Incident i, boolean githubOn) {
    return "INCIDENT NOTICE: "
        + s(i.cluster())
        + " - "
        + s(i.service())
        + " incident, for details please follow this issue: "
        + issueLink(i, githubOn);
  }

  static String issueLink(Incident i, boolean githubOn) {
    if (i.issueUrl() != null) return SlackText.link(i.issueUrl(), "#" + i.issueNumber());
    return githubOn
        ? "_pending (it is created as soon as GitHub answers)_"
        : "_none (GitHub is not configured)_";
  }

  static String updateMessage(Incident i, int seq, StatusUpdate u, Instant postedAt) {
    StringBuilder b =
        new StringBuilder("*Incident update ")
            .append(seq)
            .append(" - ")
            .append(s(i.cluster()))
            .append("/")
            .append(s(i.service()))
            .append("*\n");
    b.append("*Current impact:* ").append(s(u.impact().strip())).append('\n');
    b.append("*Action being taken:* ").append(s(u.actionTaken().strip())).append('\n');
    if (u.userAction() != null && !u.userAction().isBlank()) {
      b.append("*What you should do:* ").append(s(u.userAction().strip())).append('\n');
    }
    b.append("*Next update:* ").append(nextUpdate(u, postedAt)).append('\n');
    b.append("We apologise for the inconvenience and thank you for your patience.");
    return b.toString();
  }

  /**
   * The promise as the start message and the announcement state it, from the stored state (they are
   * re-rendered later): before any update the declaration's promise, relative to the declaration;
   * after updates the latest promise; nothing once resolved.
   */
  static Optional<String> nextUpdate(Incident i) {
    if (!i.open()) return Optional.empty();
    if (i.nextUpdateDueAt() == null) return Optional.of("when the incident is resolved");
    if (i.updateCount() == 0) {
      int m = (int) Duration.between(i.declaredAt(), i.nextUpdateDueAt()).toMinutes();
      return Optional.of("in " + minutes(m) + " (by " + CLOCK.format(i.nextUpdateDueAt()) + ")");
    }
    return Optional.of(
        "by " + CLOCK.format(i.nextUpdateDueAt()) + " (see update " + i.updateCount() + ")");
  }

  static String nextUpdate(StatusUpdate u, Instant postedAt) {
    if (u.nextInMinutes() == null || u.nextInMinutes() == 0) return "when the incident is resolved";
    return "in "
        + minutes(u.nextInMinutes())
        + " (by "
        + CLOCK.format(postedAt.plus(Duration.ofMinutes(u.nextInMinutes())))
        + ")";
  }

  static String resolvedMessage(Incident i, String lingering, boolean githubOn) {
    StringBuilder b = new StringBuilder(heading("Incident resolved", i));
    b.append("This incident has been resolved.\n");
    if (lingering != null && !lingering.isBlank()) b.append(s(lingering.strip())).append('\n');
    b.append("Please let us know if you continue to see any remaining issues.\n");
    b.append("Duration: ").append(duration(i.age(i.resolvedAt()))).append('\n');
    b.append(notice(i, githubOn));
    return b.toString();
  }

  static String reminder(Incident i) {
    return ":alarm_clock: "
        + SlackText.mention(i.ccUser())
        + " the next update was promised for "
        + CLOCK.format(i.nextUpdateDueAt())
        + " and none has been posted yet. Run `/incident update` "
        + "(or press *Post update*) to keep the promise.";
  }

  static String listLine(Incident i, Instant now, boolean githubOn) {
    return "• *#"
        + i.id()
        + "* "
        + s(i.cluster())
        + "/"
        + s(i.service())
        + ": "
        + s(i.shortMessage())
        + " · open "
        + duration(i.age(now))
        + " · CC "
        + SlackText.mention(i.ccUser())
        + (i.channelId() != null ? " · " + SlackText.channel(i.channelId()) : "")
        + " · issue "
        + issueLink(i, githubOn);
  }

  static String duration(Duration d) {
    long minutes = Math.max(0, d.toMinutes());
    if (minutes < 60) return minutes + " min";
    if (minutes < 48 * 60) return (minutes / 60) + " h " + (minutes % 60) + " min";
    return (minutes / (24 * 60)) + " d " + (minutes / 60 % 24) + " h";
  }

  static String minutes(int m) {
    return m < 60
        ? m + " minutes"
        : m == 60 ? "1 hour" : (m % 60 == 0 ? (m / 60) + " hours" : m + " minutes");
  }

  private static String s(String userText) {
    return SlackText.escape(userText == null ? "" : userText);
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").strip();
  }

  static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) return out;
    for (String l : text.split("\\R")) if (!l.isBlank()) out.add(l.strip());
    return out;
  }
}
