package dev.firstresponder.upgrade;

import com.slack.api.model.block.LayoutBlock;
import dev.firstresponder.github.GitHubEffects;
import dev.firstresponder.github.GitHubEffects.IssueRef;
import dev.firstresponder.github.GitHubText;
import dev.firstresponder.mail.MailEffects;
import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.EffectFailure;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxEntry;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.people.People;
import dev.firstresponder.slack.SlackEffects;
import dev.firstresponder.slack.SlackText;
import dev.firstresponder.upgrade.Upgrade.Plan;
import dev.firstresponder.upgrade.Upgrade.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to an upgrade: planned, updated, rescheduled, reminded, completed, cancelled. Each
 * step is one transaction that changes the upgrade and enqueues its notices on the three channels
 * of the upgrade procedure (GitHub issue, mail to the users' list, Slack announcement), with
 * deterministic idempotency keys so a repeated request sends nothing twice.
 */
final class UpgradeService {
  private static final Logger log = LoggerFactory.getLogger(UpgradeService.class);

  /** Outbox kind: a Slack message whose text needs the issue link, posted once the issue exists. */
  static final String SLACK_NOTE = "upgrade.slack";

  static final String LABEL = "upgrade";

  /** Settings the feature needs; mailTo is empty when e-mail is off. */
  record Settings(
      boolean github,
      Optional<String> mailTo,
      Optional<String> announceChannel,
      UpgradeTemplates templates) {}

  /**
   * Payload of {@link #SLACK_NOTE}: becomes a {@code slack.post} with key {@code postKey} once the
   * issue of {@code issueKey} is created (or known never to be).
   */
  record SlackNote(
      String stream,
      String postKey,
      String channel,
      String text,
      String blocks,
      String issueKey,
      String notifyChannel) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final Outbox outbox;
  private final People people;
  private final Settings settings;
  private final Function<String, String> names;
  private final UpgradeDao dao = new UpgradeDao();

  UpgradeService(
      Jdbi jdbi,
      Clock clock,
      Outbox outbox,
      People people,
      Settings settings,
      Function<String, String> names) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.outbox = outbox;
    this.people = people;
    this.settings = settings;
    this.names = names;
  }

  Settings settings() {
    return settings;
  }

  void registerWith(OutboxWorker worker) {
    worker.register(SLACK_NOTE, this::postNote);
  }

  static String issueKey(long id) {
    return "upgrade:" + id + ":issue";
  }

  static String noticeMailKey(long id) {
    return "upgrade:" + id + ":mail:notice";
  }

  static String announceKey(long id) {
    return "upgrade:" + id + ":announce";
  }

  private static String githubStream(long id) {
    return "github:upgrade:" + id;
  }

  private static String slackStream(long id) {
    return "slack:upgrade:" + id;
  }

  private static String mailStream(long id) {
    return "mail:upgrade:" + id;
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
                    && reminderSent(h, u.id(), user);
            if (inChannel || remindedInDm) here.add(u);
          }
          return here;
        });
  }

  /** Whether a reminder (or, for the CC, the planning note) went to this user's DM. */
  private boolean reminderSent(Handle h, long id, String user) {
    if (outbox.knownBetween(h, "upgrade:" + id + ":remind:", ":" + user)) return true;
    return user.equals(dao.find(h, id).map(u -> u.plan().cc()).orElse(null))
        && outbox.known(h, "upgrade:" + id + ":planned");
  }

  /**
   * How the notice e-mail is doing, for the list: sent, queued, retrying (why), failed (why), off.
   */
  String mailState(long id) {
    if (settings.mailTo().isEmpty()) return "e-mail off";
    Optional<OutboxEntry> e = outbox.find(noticeMailKey(id));
    if (e.isEmpty()) return "e-mail not queued";
    OutboxEntry m = e.get();
    return switch (m.state()) {
      case "done" -> "e-mail sent";
      case "failed" -> "e-mail FAILED: " + m.lastError().orElse("unknown error");
      default ->
          m.attempts() == 0
              ? "e-mail queued"
              : "e-mail retrying (attempt " + m.attempts() + ": " + m.lastError().orElse("?") + ")";
    };
  }

  Optional<String> issueUrl(long id) {
    return GitHubEffects.created(outbox, issueKey(id)).map(GitHubEffects.Created::url);
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
            login.ifPresent(logins::add);
            if (login.isEmpty()) unmapped.add(user);
            String role =
                user.equals(p.cc()) ? "Communications Coordinator" : "Operations Technician";
            crewLines.add(
                "- "
                    + role
                    + ": "
                    + login.orElseGet(
                        () ->
                            GitHubText.inertLine(crewNames.get(user))
                                + " (no GitHub login linked, not assigned)"));
          }
          String subject = settings.templates().subject(p);
          if (settings.github()) {
            String body =
                settings.templates().notice(p, GitHubText::inert)
                    + "\n---\n"
                    + String.join("\n", crewLines)
                    + "\n";
            outbox.enqueue(
                h,
                Effect.of(
                        githubStream(id),
                        GitHubEffects.CREATE_ISSUE,
                        issueKey(id),
                        new GitHubEffects.CreateIssue(
                            GitHubText.inertTitle(subject), body, List.of(LABEL), logins))
                    .notifying(p.cc()));
          }
          settings
              .mailTo()
              .ifPresent(
                  to ->
                      outbox.enqueue(
                          h,
                          Effect.of(
                                  mailStream(id),
                                  MailEffects.SEND,
                                  noticeMailKey(id),
                                  new MailEffects.Send(
                                      to, subject, settings.templates().notice(p, s -> s), null))
                              .notifying(p.cc())));
          settings
              .announceChannel()
              .ifPresent(
                  c ->
                      note(
                          h,
                          id,
                          announceKey(id),
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
          note(
              h,
              id,
              "upgrade:" + id + ":planned",
              p.cc(),
              plannedText(id, p, unmapped),
              null,
              p.cc());
          return new Planned(id, false, unmapped);
        });
  }

  private String plannedText(long id, Plan p, List<String> unmapped) {
    StringBuilder b =
        new StringBuilder(
            "Upgrade #" + id + " is planned and you are its Communications Coordinator.\n");
    b.append("• GitHub issue: ")
        .append(settings.github() ? UpgradeTemplates.ISSUE_LINK : "off (GitHub is not configured)")
        .append('\n');
    b.append("• E-mail to the users' list: ")
        .append(
            settings.mailTo().isPresent()
                ? "queued (see `/incident upgrade list`)"
                : "off (SMTP is not configured)")
        .append('\n');
    b.append("• Announcement: ")
        .append(
            settings
                .announceChannel()
                .map(SlackText::channel)
                .orElse("off (ANNOUNCE_CHANNEL unset)"))
        .append('\n');
    if (!unmapped.isEmpty()) {
      b.append("Not assigned on GitHub (no linked GitHub login): ")
          .append(String.join(", ", unmapped.stream().map(SlackText::mention).toList()))
          .append(". They can run `/incident link <github-login>`.\n");
    }
    b.append("Reminders come ")
        .append(UpgradeRules.REMINDER_LEAD.toMinutes())
        .append(" minutes before ")
        .append(UpgradeTemplates.when(p))
        .append(
            " and at the start. During the upgrade, record updates on the issue"
                + " with `/incident upgrade update <text>`; finish with `/incident upgrade done`.");
    return b.toString();
  }

  // ---- during the upgrade -------------------------------------------------------------------

  /** Comments the update on the issue: during the upgrade, updates go to the issue only. */
  Optional<Integer> update(long id, String user, String text) {
    if (!settings.github()) return Optional.empty();
    String who = GitHubText.inertLine(names.apply(user));
    return jdbi.inTransaction(
        h -> {
          int n = dao.nextUpdate(h, id);
          String body = "**Update** (from " + who + "):\n\n" + GitHubText.inert(text);
          outbox.enqueue(
              h,
              Effect.of(
                      githubStream(id),
                      GitHubEffects.COMMENT,
                      "upgrade:" + id + ":update:" + n,
                      new GitHubEffects.Comment(IssueRef.createdBy(issueKey(id)), body))
                  .notifying(user));
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
          String key = "upgrade:" + id + ":" + keySuffix;
          if (settings.github()) {
            comment(h, id, key, text.render(p, GitHubText::inert), user);
            close(h, id, user);
          }
          mail(
              h,
              id,
              key,
              subjectPrefix + settings.templates().subject(p),
              text.render(p, s -> s),
              p.cc());
          settings
              .announceChannel()
              .ifPresent(
                  c ->
                      note(
                          h,
                          id,
                          key + ":announce",
                          c,
                          UpgradeTemplates.announcement(
                                  p, announcementEvent.apply(p), SlackText::escape)
                              + "\n\n"
                              + text.render(p, SlackText::escape),
                          null,
                          p.cc()));
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
          String key = "upgrade:" + id + ":reschedule:" + revision.get();
          if (settings.github())
            comment(
                h,
                id,
                key,
                UpgradeTemplates.rescheduled(before, after, reason, GitHubText::inert),
                user);
          mail(
              h,
              id,
              key,
              "Rescheduled: " + settings.templates().subject(after),
              UpgradeTemplates.rescheduled(before, after, reason, s -> s),
              after.cc());
          settings
              .announceChannel()
              .ifPresent(
                  c ->
                      note(
                          h,
                          id,
                          key + ":announce",
                          c,
                          UpgradeTemplates.announcement(
                                  after,
                                  " rescheduled to "
                                      + UpgradeRules.date(after)
                                      + " "
                                      + UpgradeRules.startTime(after),
                                  SlackText::escape)
                              + "\n\n"
                              + UpgradeTemplates.rescheduled(
                                  before, after, reason, SlackText::escape),
                          null,
                          after.cc()));
          return revision;
        });
  }

  // ---- reminders (the Quartz job calls this; state is in the upgrade rows) -------------------

  /** Sends the due "starts soon" and "starting now" reminders, each once per start time. */
  int sendDueReminders() {
    long now = clock.millis();
    int sent = 0;
    for (long id : jdbi.withHandle(h -> dao.dueStart(h, now))) {
      if (jdbi.inTransaction(h -> remind(h, id, true))) sent++;
    }
    for (long id :
        jdbi.withHandle(h -> dao.dueSoon(h, now, UpgradeRules.REMINDER_LEAD.toMillis()))) {
      if (jdbi.inTransaction(h -> remind(h, id, false))) sent++;
    }
    return sent;
  }

  private boolean remind(Handle h, long id, boolean start) {
    Optional<Upgrade> found = dao.find(h, id);
    if (found.isEmpty()) return false;
    Plan p = found.get().plan();
    if (!(start ? dao.claimStart(h, id) : dao.claimSoon(h, id))) return false;
    // Planned at short notice, or caught up after downtime: say how long it really is.
    long minutes = Math.max(1, (p.startsAt().toEpochMilli() - clock.millis() + 59_999) / 60_000);
    String what =
        start ? "starting now" : "starts in " + minutes + (minutes == 1 ? " minute" : " minutes");
    String text =
        ":alarm_clock: *Upgrade #"
            + id
            + " "
            + what
            + ":* "
            + UpgradeTemplates.title(p, SlackText::escape).replace("*", "")
            + ", "
            + UpgradeTemplates.when(p)
            + ".\n"
            + "Issue: "
            + (settings.github() ? UpgradeTemplates.ISSUE_LINK : "none (GitHub is off)")
            + "\n"
            + "During the upgrade, updates go to the GitHub issue only: `/incident upgrade update <text>`. "
            + "When it is finished, press *Mark done* or run `/incident upgrade done`.";
    String blocks = SlackEffects.blocksJson(UpgradeViews.reminder(text, id));
    for (String user : p.crew()) {
      note(
          h,
          id,
          "upgrade:"
              + id
              + ":remind:"
              + (start ? "start" : "soon")
              + ":"
              + p.startsAt().toEpochMilli()
              + ":"
              + user,
          user,
          text,
          blocks,
          p.cc());
    }
    log.info("upgrade {} reminder sent ({})", id, what);
    return true;
  }

  // ---- effects ------------------------------------------------------------------------------

  private void comment(Handle h, long id, String key, String body, String notify) {
    outbox.enqueue(
        h,
        Effect.of(
                githubStream(id),
                GitHubEffects.COMMENT,
                key,
                new GitHubEffects.Comment(IssueRef.createdBy(issueKey(id)), body))
            .notifying(notify));
  }

  private void close(Handle h, long id, String notify) {
    outbox.enqueue(
        h,
        Effect.of(
                githubStream(id),
                GitHubEffects.CLOSE,
                "upgrade:" + id + ":close",
                new GitHubEffects.Close(IssueRef.createdBy(issueKey(id))))
            .notifying(notify));
  }

  /** A reply in the notice's mail thread (In-Reply-To the notice). */
  private void mail(Handle h, long id, String key, String subject, String body, String notify) {
    settings
        .mailTo()
        .ifPresent(
            to ->
                outbox.enqueue(
                    h,
                    Effect.of(
                            mailStream(id),
                            MailEffects.SEND,
                            key.replace("upgrade:" + id + ":", "upgrade:" + id + ":mail:"),
                            new MailEffects.Send(to, subject, body, noticeMailKey(id)))
                        .notifying(notify)));
  }

  private void note(
      Handle h,
      long id,
      String postKey,
      String channel,
      String text,
      Object blocks,
      String notify) {
    String blocksJson =
        blocks == null
            ? null
            : blocks instanceof String s ? s : SlackEffects.blocksJson(castBlocks(blocks));
    outbox.enqueue(
        h,
        Effect.of(
            slackStream(id),
            SLACK_NOTE,
            postKey + ":prep",
            new SlackNote(
                slackStream(id),
                postKey,
                channel,
                text,
                blocksJson,
                settings.github() ? issueKey(id) : null,
                notify)));
  }

  @SuppressWarnings("unchecked")
  private static List<LayoutBlock> castBlocks(Object blocks) {
    return (List<LayoutBlock>) blocks;
  }

  /**
   * Turns a note into its Slack post once the issue link is known; waits while the issue is
   * pending.
   */
  private String postNote(OutboxEntry e) throws Exception {
    SlackNote n = e.payload(SlackNote.class);
    String link;
    if (n.issueKey() == null) {
      link = "(no GitHub issue: GitHub is not configured)";
    } else {
      Optional<OutboxEntry> create = outbox.find(n.issueKey());
      if (create.isEmpty() || create.get().state().equals("failed")) {
        link = "(the GitHub issue could not be created)";
      } else if (create.get().state().equals("done")) {
        link =
            GitHubEffects.created(outbox, n.issueKey())
                .map(GitHubEffects.Created::url)
                .orElseThrow();
      } else {
        // The issue is on its way (GitHub may be down): look again soon, less often as it drags on.
        long millis = Math.min(60_000, 250L * (e.attempts() + 1));
        throw new EffectFailure.RetryAfter(
            "waiting for the GitHub issue " + n.issueKey(), Duration.ofMillis(millis));
      }
    }
    UnaryOperator<String> fill =
        s -> s == null ? null : s.replace(UpgradeTemplates.ISSUE_LINK, link);
    SlackEffects.Post post = SlackEffects.Post.text(n.channel(), fill.apply(n.text()));
    if (n.blocks() != null) post = post.withBlocks(fill.apply(n.blocks()));
    Effect effect = Effect.of(n.stream(), SlackEffects.POST, n.postKey(), post);
    outbox.enqueue(n.notifyChannel() == null ? effect : effect.notifying(n.notifyChannel()));
    return null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
