package dev.firstresponder.upgrade;

import dev.firstresponder.github.GitHubIssues;
import dev.firstresponder.github.GitHubText;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.people.People;
import dev.firstresponder.slack.SlackText;
import dev.firstresponder.upgrade.Upgrade.Plan;
import dev.firstresponder.upgrade.Upgrade.Status;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;

/**
 * What happens to an upgrade: planned, updated, rescheduled, completed, cancelled. Each step is one
 * transaction that changes the upgrade and enqueues its notices on the three channels of the
 * upgrade procedure ({@link UpgradeNotices}: GitHub issue, mail to the users' list, Slack
 * announcement). The reminders are {@link UpgradeReminders}.
 */
final class UpgradeService {
  /** Settings the feature needs; mailTo is empty when e-mail is off. */
  record Settings(
      boolean github,
      Optional<String> mailTo,
      Optional<String> announceChannel,
      UpgradeTemplates templates) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final People people;
  private final Settings settings;
  private final Function<String, String> names;
  private final UpgradeDao dao = new UpgradeDao();
  private final UpgradeNotices notices;
  private final UpgradeReminders reminders;

  UpgradeService(
      Jdbi jdbi,
      Clock clock,
      Outbox outbox,
      People people,
      Settings settings,
      Function<String, String> names) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.people = people;
    this.settings = settings;
    this.names = names;
    this.notices = new UpgradeNotices(outbox, settings);
    this.reminders = new UpgradeReminders(jdbi, clock, dao, notices, settings.github());
  }

  Settings settings() {
    return settings;
  }

  void registerWith(OutboxWorker worker) {
    notices.registerWith(worker);
  }

  /** The reminder job: sends the due "starts soon" and "starting now" reminders. */
  int sendDueReminders() {
    return reminders.sendDue();
  }

  // ---- reading ------------------------------------------------------------------------------

  Optional<Upgrade> find(long id) {
    return jdbi.withHandle(h -> dao.find(h, id));
  }

  List<Upgrade> open() {
    return jdbi.withHandle(dao::open);
  }

  /**
   * Open upgrades that belong to a channel: planned there, noticed there, or reminded in this DM.
   */
  List<Upgrade> openHere(String channel, String user) {
    return jdbi.withHandle(
        h -> {
          List<Upgrade> here = new ArrayList<>();
          for (Upgrade u : dao.open(h)) {
            boolean inChannel = dao.channels(h, u.id()).contains(channel);
            boolean remindedInDm =
                channel != null
                    && channel.startsWith("D")
                    && u.plan().crew().contains(user)
                    && notices.toDm(h, u.id(), user, u.plan().cc());
            if (inChannel || remindedInDm) here.add(u);
          }
          return here;
        });
  }

  /** How the notice e-mail is doing (see {@link UpgradeNotices#mailState}). */
  String mailState(long id) {
    return notices.mailState(id);
  }

  Optional<String> issueUrl(long id) {
    return notices.issueUrl(id);
  }

  // ---- planning -----------------------------------------------------------------------------

  /** What planning decided, for the answer to the planner. */
  record Planned(long id, boolean duplicate, List<String> unmapped) {}

  Planned plan(Plan p, String createdBy, String originChannel, String viewId) {
    // Names come from Slack: asked before the transaction, which must not wait on the network.
    Map<String, String> crewNames = new HashMap<>();
    for (String user : p.crew()) crewNames.put(user, names.apply(user));
    return jdbi.inTransaction(
        h -> {
          Optional<Long> inserted = dao.insert(h, p, createdBy, clock.millis(), viewId);
          if (inserted.isEmpty())
            return new Planned(dao.byView(h, viewId).orElseThrow(), true, List.of());
          long id = inserted.get();
          if (originChannel != null) dao.addChannel(h, id, originChannel);
          settings.announceChannel().ifPresent(c -> dao.addChannel(h, id, c));

          List<String> logins = new ArrayList<>();
          List<String> unmapped = new ArrayList<>();
          List<String> crewLines = new ArrayList<>();
          for (String user : p.crew()) {
            Optional<String> login = people.githubLogin(h, user);
            // GitHub takes ten assignees: the CC and the first OTs.
            boolean assigned = login.isPresent() && logins.size() < GitHubIssues.MAX_ASSIGNEES;
            if (assigned) logins.add(login.get());
            if (login.isEmpty()) unmapped.add(user);
            String role =
                user.equals(p.cc()) ? "Communications Coordinator" : "Operations Technician";
            crewLines.add(
                "- "
                    + role
                    + ": "
                    + login
                        .map(l -> assigned ? l : l + " (not assigned: GitHub takes ten assignees)")
                        .orElseGet(
                            () ->
                                GitHubText.inertLine(crewNames.get(user))
                                    + " (no GitHub login linked, not assigned)"));
          }
          String subject = settings.templates().subject(p);
          if (settings.github()) {
            String notice = settings.templates().notice(p, GitHubText::inert);
            notices.createIssue(
                h, id, subject, UpgradeTemplates.issueBody(notice, crewLines), logins, p.cc());
          }
          notices.mailNotice(h, id, subject, settings.templates().notice(p, s -> s), p.cc());
          settings
              .announceChannel()
              .ifPresent(
                  c ->
                      notices.note(
                          h,
                          id,
                          UpgradeNotices.announceKey(id),
                          c,
                          UpgradeTemplates.announcement(p, "", SlackText::escape),
                          UpgradeViews.announcement(
                              UpgradeTemplates.title(p, SlackText::escape),
                              UpgradeTemplates.announcement(p, "", SlackText::escape),
                              "When: "
                                  + UpgradeTemplates.when(p)
                                  + " · CC: "
                                  + SlackText.mention(p.cc())),
                          p.cc()));
          notices.note(
              h,
              id,
              UpgradeNotices.plannedKey(id),
              p.cc(),
              UpgradeTemplates.planned(
                  id,
                  p,
                  unmapped,
                  settings.github(),
                  settings.mailTo().isPresent(),
                  settings.announceChannel()),
              null,
              p.cc());
          return new Planned(id, false, unmapped);
        });
  }

  // ---- during the upgrade -------------------------------------------------------------------

  /** Comments the update on the issue: during the upgrade, updates go to the issue only. */
  Optional<Integer> update(long id, String user, String text) {
    if (!settings.github()) return Optional.empty();
    String body = UpgradeTemplates.updateComment(names.apply(user), text);
    return jdbi.inTransaction(
        h -> {
          int n = dao.nextUpdate(h, id);
          notices.comment(h, id, UpgradeNotices.key(id, "update:" + n), body, user);
          return Optional.of(n);
        });
  }

  // ---- the end ------------------------------------------------------------------------------

  /**
   * Completes the upgrade: resolution notice to the issue (then closed), the mail thread and Slack.
   */
  boolean complete(long id, String user, String lingering) {
    return end(
        id,
        user,
        Status.DONE,
        "done",
        lingering,
        "Re: ",
        p -> " completed",
        (p, esc) -> UpgradeTemplates.resolution(lingering, esc));
  }

  boolean cancel(long id, String user, String reason) {
    return end(
        id,
        user,
        Status.CANCELLED,
        "cancel",
        reason,
        "Cancelled: ",
        p -> " on " + UpgradeRules.date(p) + " cancelled",
        (p, esc) -> UpgradeTemplates.cancellation(p, reason, esc));
  }

  /** The notice text of an ending, written with the escaping of the channel it goes to. */
  @FunctionalInterface
  private interface EndingText {
    String render(Plan plan, UnaryOperator<String> escape);
  }

  /**
   * Ends an upgrade (done or cancelled) on all three channels: a comment on the issue (then
   * closed), a reply in the mail thread, and a notice in the announcement channel.
   */
  private boolean end(
      long id,
      String user,
      Status status,
      String keySuffix,
      String why,
      String subjectPrefix,
      Function<Plan, String> announcementEvent,
      EndingText text) {
    return jdbi.inTransaction(
        h -> {
          Optional<Upgrade> found = dao.find(h, id);
          if (found.isEmpty() || !dao.finish(h, id, status, clock.millis(), blankToNull(why))) {
            return false;
          }
          Plan p = found.get().plan();
          notices.everywhere(
              h,
              id,
              UpgradeNotices.key(id, keySuffix),
              p,
              subjectPrefix + settings.templates().subject(p),
              announcementEvent.apply(p),
              esc -> text.render(p, esc),
              user);
          if (settings.github()) notices.close(h, id, user);
          return true;
        });
  }

  /** Moves the upgrade; reminders follow the new start. Returns the new revision. */
  Optional<Integer> reschedule(long id, String user, Plan after, String reason) {
    return jdbi.inTransaction(
        h -> {
          Optional<Upgrade> found = dao.find(h, id);
          if (found.isEmpty()) return Optional.<Integer>empty();
          Plan before = found.get().plan();
          Optional<Integer> revision =
              dao.reschedule(h, id, after.startsAt(), after.durationMinutes());
          if (revision.isEmpty()) return revision;
          notices.everywhere(
              h,
              id,
              UpgradeNotices.key(id, "reschedule:" + revision.get()),
              after,
              "Rescheduled: " + settings.templates().subject(after),
              " rescheduled to " + UpgradeRules.date(after) + " " + UpgradeRules.startTime(after),
              esc -> UpgradeTemplates.rescheduled(before, after, reason, esc),
              user);
          return revision;
        });
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
