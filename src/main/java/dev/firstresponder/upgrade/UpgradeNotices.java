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
import dev.firstresponder.slack.SlackEffects;
import dev.firstresponder.slack.SlackText;
import dev.firstresponder.upgrade.Upgrade.Plan;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;

/**
 * An upgrade's notices on its three channels: the GitHub issue (and its comments and close), the
 * mail thread to the users' list, and Slack (the announcement, DMs). Everything goes through the
 * outbox in the caller's transaction, with keys derived from the upgrade, so a repeated request
 * sends nothing twice. Slack texts that show the issue link wait for the issue ({@link
 * #SLACK_NOTE}).
 */
final class UpgradeNotices {
  /** Outbox kind: a Slack message whose text needs the issue link, posted once the issue exists. */
  static final String SLACK_NOTE = "upgrade.slack";

  static final String LABEL = "upgrade";

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

  /** A notice as each channel writes it, with that channel's escaping of user text. */
  @FunctionalInterface
  interface Text {
    String render(UnaryOperator<String> escape);
  }

  private final Outbox outbox;
  private final UpgradeService.Settings settings;

  UpgradeNotices(Outbox outbox, UpgradeService.Settings settings) {
    this.outbox = outbox;
    this.settings = settings;
  }

  void registerWith(OutboxWorker worker) {
    worker.register(SLACK_NOTE, this::postNote);
  }

  // ---- keys and streams ---------------------------------------------------------------------

  static String key(long id, String step) {
    return "upgrade:" + id + ":" + step;
  }

  static String issueKey(long id) {
    return key(id, "issue");
  }

  static String noticeMailKey(long id) {
    return key(id, "mail:notice");
  }

  static String announceKey(long id) {
    return key(id, "announce");
  }

  /** The note to the CC that the upgrade is planned. */
  static String plannedKey(long id) {
    return key(id, "planned");
  }

  /** A reminder ({@code soon} or {@code start}) of one start time, to one person. */
  static String remindKey(long id, String which, long startsAtMillis, String user) {
    return key(id, "remind:" + which + ":" + startsAtMillis + ":" + user);
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

  // ---- the first notice ---------------------------------------------------------------------

  /** The issue, with the crew that has linked logins as assignees. */
  void createIssue(Handle h, long id, String title, String body, List<String> logins, String cc) {
    outbox.enqueue(
        h,
        Effect.of(
                githubStream(id),
                GitHubEffects.CREATE_ISSUE,
                issueKey(id),
                new GitHubEffects.CreateIssue(
                    GitHubText.inertTitle(title), body, List.of(LABEL), logins))
            .notifying(cc));
  }

  /** The notice mail, which starts the thread later notices reply in. */
  void mailNotice(Handle h, long id, String subject, String body, String cc) {
    mail(h, id, noticeMailKey(id), subject, body, null, cc);
  }

  // ---- later notices ------------------------------------------------------------------------

  /**
   * A notice on all three channels: a comment on the issue, a reply in the mail thread, and in the
   * announcement channel the UPGRADE NOTICE line of {@code event} above the notice.
   */
  void everywhere(
      Handle h, long id, String key, Plan p, String subject, String event, Text text, String by) {
    if (settings.github()) comment(h, id, key, text.render(GitHubText::inert), by);
    // A reply in the notice's mail thread (In-Reply-To the notice).
    String mailKey = key.replace(key(id, ""), key(id, "mail:"));
    mail(h, id, mailKey, subject, text.render(s -> s), noticeMailKey(id), p.cc());
    settings
        .announceChannel()
        .ifPresent(
            c ->
                note(
                    h,
                    id,
                    key + ":announce",
                    c,
                    UpgradeTemplates.announcement(p, event, SlackText::escape)
                        + "\n\n"
                        + text.render(SlackText::escape),
                    null,
                    p.cc()));
  }

  void comment(Handle h, long id, String key, String body, String notify) {
    outbox.enqueue(
        h,
        Effect.of(
                githubStream(id),
                GitHubEffects.COMMENT,
                key,
                new GitHubEffects.Comment(IssueRef.createdBy(issueKey(id)), body))
            .notifying(notify));
  }

  void close(Handle h, long id, String notify) {
    outbox.enqueue(
        h,
        Effect.of(
                githubStream(id),
                GitHubEffects.CLOSE,
                key(id, "close"),
                new GitHubEffects.Close(IssueRef.createdBy(issueKey(id))))
            .notifying(notify));
  }

  /**
   * A mail to the users' list when e-mail is on; {@code inReplyTo}: the key of the mail it answers
   * (the notice), or null for the notice itself.
   */
  private void mail(
      Handle h,
      long id,
      String mailKey,
      String subject,
      String body,
      String inReplyTo,
      String notify) {
    settings
        .mailTo()
        .ifPresent(
            to ->
                outbox.enqueue(
                    h,
                    Effect.of(
                            mailStream(id),
                            MailEffects.SEND,
                            mailKey,
                            new MailEffects.Send(to, subject, body, inReplyTo))
                        .notifying(notify)));
  }

  /**
   * A Slack message (to a channel, or a user's DM) whose text and blocks may hold {@link
   * UpgradeTemplates#ISSUE_LINK}; it is posted once the issue exists.
   */
  void note(
      Handle h,
      long id,
      String postKey,
      String channel,
      String text,
      List<LayoutBlock> blocks,
      String notify) {
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
                blocks == null ? null : SlackEffects.blocksJson(blocks),
                settings.github() ? issueKey(id) : null,
                notify)));
  }

  // ---- what became of them ------------------------------------------------------------------

  Optional<String> issueUrl(long id) {
    return GitHubEffects.created(outbox, issueKey(id)).map(GitHubEffects.Created::url);
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

  /** Whether a reminder (or, for the CC, the planning note) went to this user's DM. */
  boolean toDm(Handle h, long id, String user, String cc) {
    if (outbox.knownBetween(h, key(id, "remind:"), ":" + user)) return true;
    return user.equals(cc) && outbox.known(h, plannedKey(id));
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
}
