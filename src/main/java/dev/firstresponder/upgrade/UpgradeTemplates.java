package dev.firstresponder.upgrade;

import static dev.firstresponder.upgrade.UpgradeRules.date;
import static dev.firstresponder.upgrade.UpgradeRules.duration;
import static dev.firstresponder.upgrade.UpgradeRules.startTime;

import dev.firstresponder.github.GitHubText;
import dev.firstresponder.slack.SlackText;
import dev.firstresponder.upgrade.Upgrade.Cluster;
import dev.firstresponder.upgrade.Upgrade.Plan;
import dev.firstresponder.upgrade.Upgrade.Service;
import dev.firstresponder.upgrade.Upgrade.Target;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The upgrade procedure's communication templates: the Cluster Version and Service Upgrade Notices,
 * the Generic Upgrade Resolution Notice, and the UPGRADE NOTICE announcement; plus cancellation and
 * reschedule notices in the same voice. User text goes through the channel's escaper: none for
 * plain-text mail, {@code GitHubText::inert} for GitHub, {@code SlackText::escape} for Slack.
 */
final class UpgradeTemplates {
  /** Where the issue link goes in Slack texts; filled in once the issue exists. */
  static final String ISSUE_LINK = "{{firstresponder.issue}}";

  private final String audience;
  private final String subjectPrefix;

  UpgradeTemplates(String audience, String subjectPrefix) {
    this.audience = audience;
    this.subjectPrefix = subjectPrefix;
  }

  /**
   * "[Operate-first-users] OpenShift Cluster upgrade, 2026-12-01" (issue title and mail subject).
   */
  String subject(Plan p) {
    String what = p.target() instanceof Service ? "Service upgrade" : "OpenShift Cluster upgrade";
    return (subjectPrefix.isBlank() ? "" : subjectPrefix.strip() + " ") + what + ", " + date(p);
  }

  /** The Cluster Version / Service Upgrade Notice body. */
  String notice(Plan p, UnaryOperator<String> esc) {
    StringBuilder b = new StringBuilder();
    b.append("Hello ").append(audience).append(",\n\n");
    b.append("We’re reaching out to you since you’re the users of the ")
        .append(subject(p.target(), esc))
        .append(".\n\n");
    b.append("We are planning on an upgrade to this ")
        .append(p.target() instanceof Service ? "service" : "cluster")
        .append(", from ");
    b.append(esc.apply(p.currentVersion()))
        .append(" to ")
        .append(esc.apply(p.newVersion()))
        .append(", on ")
        .append(date(p))
        .append(".\n\n");
    if (p.comments() != null) b.append(esc.apply(p.comments())).append("\n\n");
    b.append("We expect to start around ")
        .append(startTime(p))
        .append(" and expect the upgrade to take approximately ")
        .append(duration(p.durationMinutes()))
        .append(".\n");
    if (!p.links().isEmpty()) {
      b.append("\nRelevant links:\n");
      for (String l : p.links()) b.append("- ").append(esc.apply(l)).append('\n');
    }
    return b.toString();
  }

  /** "moc/smaug at https://console…" */
  private static String where(Cluster c, UnaryOperator<String> esc) {
    return esc.apply(c.environment()) + "/" + esc.apply(c.name()) + " at " + esc.apply(c.url());
  }

  /** What the users use: "moc/smaug at URL", or "Grafana on moc/smaug at URL". */
  private static String subject(Target t, UnaryOperator<String> esc) {
    String where = where(t.cluster(), esc);
    return t instanceof Service s ? esc.apply(s.name()) + " on " + where : where;
  }

  /** The Generic Upgrade Resolution Notice; the lingering-effects paragraph only when given. */
  static String resolution(String lingering, UnaryOperator<String> esc) {
    StringBuilder b = new StringBuilder("This upgrade has now been completed.\n\n");
    if (lingering != null && !lingering.isBlank()) {
      String l = lingering.strip();
      b.append(esc.apply(l));
      if (!l.endsWith(".") && !l.endsWith("!") && !l.endsWith("?")) b.append('.');
      b.append("\n\n");
    }
    return b.append("Please let us know if you continue to see any remaining issues.\n").toString();
  }

  static String cancellation(Plan p, String reason, UnaryOperator<String> esc) {
    StringBuilder b =
        new StringBuilder("The planned upgrade of ")
            .append(what(p, esc))
            .append(", from ")
            .append(esc.apply(p.currentVersion()))
            .append(" to ")
            .append(esc.apply(p.newVersion()))
            .append(", on ")
            .append(date(p))
            .append(" at ")
            .append(startTime(p))
            .append(" has been cancelled.\n\n");
    if (reason != null && !reason.isBlank()) b.append(esc.apply(reason.strip())).append("\n\n");
    return b.append("Please let us know if you have any questions.\n").toString();
  }

  static String rescheduled(Plan before, Plan after, String reason, UnaryOperator<String> esc) {
    StringBuilder b =
        new StringBuilder("The planned upgrade of ")
            .append(what(after, esc))
            .append(", from ")
            .append(esc.apply(after.currentVersion()))
            .append(" to ")
            .append(esc.apply(after.newVersion()))
            .append(", has been rescheduled from ")
            .append(date(before))
            .append(" at ")
            .append(startTime(before))
            .append(" to ")
            .append(date(after))
            .append(".\n\n");
    if (reason != null && !reason.isBlank()) b.append(esc.apply(reason.strip())).append("\n\n");
    b.append("We now expect to start around ")
        .append(startTime(after))
        .append(" and expect the upgrade to take approximately ")
        .append(duration(after.durationMinutes()))
        .append(".\n\n");
    return b.append("Please let us know if you have any questions.\n").toString();
  }

  private static String what(Plan p, UnaryOperator<String> esc) {
    return p.target() instanceof Service
        ? subject(p.target(), esc)
        : "the " + subject(p.target(), esc);
  }

  // ---- Slack (mrkdwn, already escaped by the caller's escaper) ------------------------------

  /** "UPGRADE NOTICE: smaug - Grafana upgrade, for details please follow this issue: LINK". */
  static String announcement(Plan p, String event, UnaryOperator<String> esc) {
    return "UPGRADE NOTICE: "
        + esc.apply(p.target().cluster().name())
        + " - "
        + serviceName(p, esc)
        + " upgrade"
        + event
        + ", for details please follow this issue: "
        + ISSUE_LINK;
  }

  static String serviceName(Plan p, UnaryOperator<String> esc) {
    return p.target() instanceof Service s ? esc.apply(s.name()) : "OpenShift Cluster";
  }

  /** A bold title for the announcement: a message says clearly what it is about. */
  static String title(Plan p, UnaryOperator<String> esc) {
    return "*"
        + serviceName(p, esc)
        + " upgrade on "
        + esc.apply(p.target().cluster().environment())
        + "/"
        + esc.apply(p.target().cluster().name())
        + ": "
        + esc.apply(p.currentVersion())
        + " → "
        + esc.apply(p.newVersion())
        + "*";
  }

  static String when(Plan p) {
    return date(p) + ", " + startTime(p) + ", about " + duration(p.durationMinutes());
  }

  // ---- the crew's notes (Slack DMs) ---------------------------------------------------------

  /** The CC's note that the upgrade is planned: what went where, and what comes next. */
  static String planned(
      long id,
      Plan p,
      List<String> unmapped,
      boolean github,
      boolean mail,
      Optional<String> announceChannel) {
    StringBuilder b =
        new StringBuilder(
            "Upgrade #" + id + " is planned and you are its Communications Coordinator.\n");
    b.append("• GitHub issue: ")
        .append(github ? ISSUE_LINK : "off (GitHub is not configured)")
        .append('\n');
    b.append("• E-mail to the users' list: ")
        .append(mail ? "queued (see `/incident upgrade list`)" : "off (SMTP is not configured)")
        .append('\n');
    b.append("• Announcement: ")
        .append(announceChannel.map(SlackText::channel).orElse("off (ANNOUNCE_CHANNEL unset)"))
        .append('\n');
    if (!unmapped.isEmpty()) {
      b.append("Not assigned on GitHub (no linked GitHub login): ")
          .append(String.join(", ", unmapped.stream().map(SlackText::mention).toList()))
          .append(". They can run `/incident link <github-login>`.\n");
    }
    b.append("Reminders come ")
        .append(UpgradeRules.REMINDER_LEAD.toMinutes())
        .append(" minutes before ")
        .append(when(p))
        .append(
            " and at the start. During the upgrade, record updates on the issue"
                + " with `/incident upgrade update <text>`; finish with `/incident upgrade done`.");
    return b.toString();
  }

  /** A reminder DM; {@code what}: "starting now", "starts in 15 minutes". */
  static String reminder(long id, Plan p, String what, boolean github) {
    return ":alarm_clock: *Upgrade #"
        + id
        + " "
        + what
        + ":* "
        + title(p, SlackText::escape).replace("*", "")
        + ", "
        + when(p)
        + ".\n"
        + "Issue: "
        + (github ? ISSUE_LINK : "none (GitHub is off)")
        + "\n"
        + "During the upgrade, updates go to the GitHub issue only: `/incident upgrade update <text>`. "
        + "When it is finished, press *Mark done* or run `/incident upgrade done`.";
  }

  // ---- GitHub -------------------------------------------------------------------------------

  /** An update during the upgrade, as a comment on its issue. */
  static String updateComment(String who, String text) {
    return "**Update** (from " + GitHubText.inertLine(who) + "):\n\n" + GitHubText.inert(text);
  }

  /** The issue body: the notice, then the crew (by login, or by name when none is linked). */
  static String issueBody(String notice, List<String> crewLines) {
    return notice + "\n---\n" + String.join("\n", crewLines) + "\n";
  }
}
