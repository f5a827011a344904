package dev.firstresponder.mirror;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.File;
import com.slack.api.model.Message;
import com.slack.api.model.event.MessageBotEvent;
import com.slack.api.model.event.MessageChangedEvent;
import com.slack.api.model.event.MessageChannelJoinEvent;
import com.slack.api.model.event.MessageChannelPurposeEvent;
import com.slack.api.model.event.MessageChannelTopicEvent;
import com.slack.api.model.event.MessageDeletedEvent;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.event.MessageFileShareEvent;
import com.slack.api.model.event.MessageRepliedEvent;
import com.slack.api.model.event.MessageThreadBroadcastEvent;
import dev.firstresponder.Config;
import dev.firstresponder.github.GitHubEffects;
import dev.firstresponder.github.GitHubIssues;
import dev.firstresponder.incident.IncidentKeys;
import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.Json;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.people.People;
import dev.firstresponder.schedule.Scheduling;
import dev.firstresponder.slack.Commands;
import dev.firstresponder.slack.SlackApi;
import dev.firstresponder.slack.SlackText;
import dev.firstresponder.slack.SlackUsers;
import dev.firstresponder.store.Deliveries;
import dev.firstresponder.web.GitHubWebhookServlet;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversation mirror (README, "Conversation mirror"): what people say in an incident channel
 * becomes comments on the incident's GitHub issue (batched, edits and deletions followed), and what
 * people write on the issue appears in the channel. Acknowledging a Slack event only stores the
 * message; the {@link MirrorFlusher} turns stored messages into outbox effects.
 */
public final class MirrorFeature {
  private static final Logger log = LoggerFactory.getLogger(MirrorFeature.class);
  static final String FLUSH_JOB = "mirror.flush";
  static final String POLL_JOB = "mirror.poll";

  /** GitHub allows 5,000 requests an hour: one list per open incident every 20 s is well inside. */
  static final int POLL_SECONDS = 20;

  /** Message metadata our own Slack posts carry (SlackEffects): never mirrored back. */
  private static final String OUR_METADATA = "firstresponder_effect";

  private final Config config;
  private final Jdbi jdbi;
  private final Outbox outbox;
  private final Deliveries deliveries;
  private final Clock clock;
  private final boolean githubOn;
  private final MirrorFlusher flusher;
  private final GitHubToSlack fromGitHub;
  private Scheduling scheduling;

  public MirrorFeature(
      Config config,
      Clock clock,
      Jdbi jdbi,
      Outbox outbox,
      Deliveries deliveries,
      SlackApi slackApi,
      SlackUsers slackUsers,
      People people,
      Optional<GitHubIssues> github) {
    this.config = config;
    this.jdbi = jdbi;
    this.outbox = outbox;
    this.deliveries = deliveries;
    this.clock = clock;
    this.githubOn = github.isPresent();
    this.flusher =
        new MirrorFlusher(jdbi, outbox, clock, new SlackFacts(slackApi, slackUsers, people));
    this.fromGitHub = new GitHubToSlack(jdbi, outbox, clock, github);
  }

  /** Slack events, the {@code /incident mirror off|on} subcommands and the jobs. */
  public void register(App app, Commands commands, Scheduling scheduling) {
    this.scheduling = scheduling;
    app.event(MessageEvent.class, this::onMessage);
    app.event(MessageFileShareEvent.class, this::onFileShare);
    app.event(MessageThreadBroadcastEvent.class, this::onThreadBroadcast);
    app.event(MessageChangedEvent.class, this::onChanged);
    app.event(MessageDeletedEvent.class, this::onDeleted);
    // Subtypes that are never mirrored, acknowledged so Slack does not retry them.
    app.event(MessageBotEvent.class, (p, ctx) -> ctx.ack());
    app.event(MessageRepliedEvent.class, (p, ctx) -> ctx.ack());
    app.event(MessageChannelJoinEvent.class, (p, ctx) -> ctx.ack());
    app.event(MessageChannelTopicEvent.class, (p, ctx) -> ctx.ack());
    app.event(MessageChannelPurposeEvent.class, (p, ctx) -> ctx.ack());
    commands.subcommand(
        "/incident",
        "mirror off",
        "",
        "stop mirroring this incident channel to the GitHub issue",
        this::onMirrorOff);
    commands.subcommand(
        "/incident",
        "mirror on",
        "",
        "mirror this incident channel to the GitHub issue again",
        this::onMirrorOn);
    if (githubOn) {
      scheduling.every(FLUSH_JOB, 1, fired -> flusher.flush());
      if (config.githubWebhookSecret().isEmpty()) {
        log.info(
            "GITHUB_WEBHOOK_SECRET unset: polling incident issues for comments every {} s",
            POLL_SECONDS);
        scheduling.every(POLL_JOB, POLL_SECONDS, fired -> fromGitHub.poll());
      }
    }
  }

  /** For {@code webhook.listener(mirror.webhookListener())}: GitHub comments into Slack. */
  public GitHubWebhookServlet.Listener webhookListener() {
    return fromGitHub::onWebhook;
  }

  // ---- Slack events: store and acknowledge --------------------------------------------------

  /** A new message, already stripped to what the mirror keeps. */
  record Incoming(
      String eventId,
      String channel,
      String user,
      String ts,
      String threadTs,
      String text,
      List<File> files) {}

  private Response onMessage(EventsApiPayload<MessageEvent> payload, EventContext ctx) {
    MessageEvent e = payload.getEvent();
    if (e.getBotId() != null || ours(e.getMetadata()) || isBot(e.getUser(), ctx)) return ctx.ack();
    accept(
        new Incoming(
            payload.getEventId(),
            e.getChannel(),
            e.getUser(),
            e.getTs(),
            e.getThreadTs(),
            e.getText(),
            e.getFiles()));
    return ctx.ack();
  }

  private Response onFileShare(EventsApiPayload<MessageFileShareEvent> payload, EventContext ctx) {
    MessageFileShareEvent e = payload.getEvent();
    if (isBot(e.getUser(), ctx)) return ctx.ack();
    accept(
        new Incoming(
            payload.getEventId(),
            e.getChannel(),
            e.getUser(),
            e.getTs(),
            e.getThreadTs(),
            e.getText(),
            e.getFiles()));
    return ctx.ack();
  }

  private Response onThreadBroadcast(
      EventsApiPayload<MessageThreadBroadcastEvent> payload, EventContext ctx) {
    MessageThreadBroadcastEvent e = payload.getEvent();
    if (isBot(e.getUser(), ctx)) return ctx.ack();
    accept(
        new Incoming(
            payload.getEventId(),
            e.getChannel(),
            e.getUser(),
            e.getTs(),
            e.getThreadTs(),
            e.getText(),
            List.of()));
    return ctx.ack();
  }

  private Response onChanged(EventsApiPayload<MessageChangedEvent> payload, EventContext ctx) {
    MessageChangedEvent e = payload.getEvent();
    MessageChangedEvent.Message m = e.getMessage();
    if (m == null || m.getTs() == null || m.getBotId() != null || isBot(m.getUser(), ctx))
      return ctx.ack();
    String before =
        e.getPreviousMessage() == null || e.getPreviousMessage().getMessage() == null
            ? null
            : e.getPreviousMessage().getMessage().getText();
    String text = m.getText() == null ? "" : m.getText();
    String files = filesJson(m.getFiles());
    if (text.equals(before) && m.getFiles() == null) return ctx.ack(); // an unfurl, not an edit
    long now = clock.millis();
    boolean changed =
        jdbi.inTransaction(
            h -> {
              if (!deliveries.firstTime(h, "slack.event", payload.getEventId())) return false;
              Optional<MirrorDao.MessageRow> row = MirrorDao.message(h, e.getChannel(), m.getTs());
              if (row.isEmpty()) return false; // never mirrored (paused, or before the incident)
              if (row.get().text().equals(text) && Objects.equals(row.get().files(), files))
                return false;
              MirrorDao.editMessage(
                  h, row.get(), text, files != null ? files : row.get().files(), now);
              return true;
            });
    if (changed) kick();
    return ctx.ack();
  }

  private Response onDeleted(EventsApiPayload<MessageDeletedEvent> payload, EventContext ctx) {
    MessageDeletedEvent e = payload.getEvent();
    String ts =
        e.getDeletedTs() != null
            ? e.getDeletedTs()
            : e.getPreviousMessage() == null ? null : e.getPreviousMessage().getTs();
    if (ts == null) return ctx.ack();
    long now = clock.millis();
    boolean changed =
        jdbi.inTransaction(
            h -> {
              if (!deliveries.firstTime(h, "slack.event", payload.getEventId())) return false;
              Optional<MirrorDao.MessageRow> row = MirrorDao.message(h, e.getChannel(), ts);
              if (row.isEmpty() || row.get().deletedAt() != null) return false;
              MirrorDao.deleteMessage(h, row.get(), now);
              return true;
            });
    if (changed) kick();
    return ctx.ack();
  }

  /** Stores the message in its incident's current batch; the flusher does the rest. */
  void accept(Incoming in) {
    if (!githubOn || in.channel() == null || in.user() == null || in.ts() == null) return;
    String text = in.text() == null ? "" : in.text();
    String files = filesJson(in.files());
    if (text.isBlank() && files == null) return;
    long now = clock.millis();
    long window = config.mirrorBatchSeconds() * 1000L;
    boolean stored =
        jdbi.inTransaction(
            h -> {
              Optional<MirrorDao.IncidentRef> incident =
                  MirrorDao.incidentForChannel(h, in.channel());
              if (incident.isEmpty()) return false;
              // Slack's retries repeat the event id; a redelivery under a new id repeats the
              // message ts.
              if (in.eventId() != null && !deliveries.firstTime(h, "slack.event", in.eventId()))
                return false;
              if (MirrorDao.knownMessage(h, in.channel(), in.ts())) return false;
              if (MirrorDao.paused(h, in.channel()))
                return false; // said while paused: never mirrored
              long batch = MirrorDao.batchFor(h, incident.get(), now, window, text.length());
              MirrorDao.insertMessage(
                  h, in.channel(), in.ts(), batch, in.user(), in.threadTs(), text, files, now);
              return true;
            });
    if (stored && window == 0) kick();
  }

  /** Runs the flusher now instead of at its next tick (Quartz keeps runs one at a time). */
  private void kick() {
    if (scheduling == null || !githubOn) return;
    try {
      scheduling.scheduler().triggerJob(JobKey.jobKey(FLUSH_JOB));
    } catch (SchedulerException e) {
      log.debug("mirror flush not triggered early: {}", e.toString()); // the next tick does it
    }
  }

  private static boolean ours(Message.Metadata metadata) {
    return metadata != null && OUR_METADATA.equals(metadata.getEventType());
  }

  private static boolean isBot(String user, EventContext ctx) {
    return user == null || user.equals(ctx.getBotUserId());
  }

  private static String filesJson(List<File> files) {
    if (files == null || files.isEmpty()) return null;
    List<MirrorComment.FileLink> links =
        files.stream()
            .filter(f -> f.getPermalink() != null || f.getUrlPrivate() != null)
            .map(
                f ->
                    new MirrorComment.FileLink(
                        f.getName() != null
                            ? f.getName()
                            : f.getTitle() != null ? f.getTitle() : "file",
                        f.getPermalink() != null ? f.getPermalink() : f.getUrlPrivate()))
            .toList();
    return links.isEmpty() ? null : Json.write(links);
  }

  // ---- /incident mirror off|on --------------------------------------------------------------

  private Response onMirrorOff(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    return setPaused(req, ctx, true);
  }

  private Response onMirrorOn(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    return setPaused(req, ctx, false);
  }

  private Response setPaused(SlashCommandRequest req, SlashCommandContext ctx, boolean paused) {
    String channel = req.getPayload().getChannelId();
    String user = req.getPayload().getUserId();
    long now = clock.millis();
    Optional<MirrorDao.IncidentRef> incident =
        jdbi.withHandle(h -> MirrorDao.incidentForChannel(h, channel));
    if (incident.isEmpty()) {
      return ctx.ack(
          ":information_source: `/incident mirror "
              + (paused ? "off" : "on")
              + "` works in an incident channel; this is not one.");
    }
    Optional<Integer> revision =
        jdbi.inTransaction(
            h -> {
              Optional<Integer> rev = MirrorDao.setPaused(h, channel, paused, user, now);
              if (rev.isPresent()
                  && githubOn
                  // A note on no issue could only fail: only once the issue was asked for.
                  && outbox.known(h, IncidentKeys.issueKey(incident.get().id()))) {
                long id = incident.get().id();
                // A note on the issue, so readers there know the thread has a gap and why.
                String note =
                    paused
                        ? "_Mirroring from Slack is paused: what is said in the incident channel now is not copied here._"
                        : "_Mirroring from Slack is on again._";
                outbox.enqueue(
                    h,
                    Effect.of(
                        IncidentKeys.githubStream(id),
                        GitHubEffects.COMMENT,
                        "mirror:incident:" + id + ":pause:" + rev.get(),
                        new GitHubEffects.Comment(
                            GitHubEffects.IssueRef.createdBy(IncidentKeys.issueKey(id)), note)));
              }
              return rev;
            });
    String who = SlackText.mention(user);
    if (revision.isEmpty()) {
      return ctx.ack("Mirroring to GitHub is already " + (paused ? "off" : "on") + " here.");
    }
    String text =
        paused
            ? ":double_vertical_bar: "
                + who
                + " paused the GitHub mirror: from now on this channel is not copied to the issue"
                + " (and comments there are not brought here) until `/incident mirror on`."
            : ":arrow_forward: "
                + who
                + " resumed the GitHub mirror: messages from now on are copied to the issue again.";
    return ctx.ack(r -> r.responseType("in_channel").text(text));
  }
}
