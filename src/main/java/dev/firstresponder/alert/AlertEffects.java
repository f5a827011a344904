package dev.firstresponder.alert;

import com.slack.api.methods.SlackApiException;
import dev.firstresponder.github.GitHubEffects;
import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.EffectFailure;
import dev.firstresponder.outbox.Json;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxEntry;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.slack.SlackApi;
import dev.firstresponder.slack.SlackEffects;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert's outbox effects. Pages are rendered when they are sent, so a page that waited its turn
 * shows the group as it is then; posts into one conversation are paced by {@link Pacing}.
 */
final class AlertEffects {
  private static final Logger log = LoggerFactory.getLogger(AlertEffects.class);

  static final String PAGE = "alert.page";
  static final String POST = "alert.post";
  static final String REFRESH = "alert.refresh";
  static final String ISSUE_LINK = "alert.issue.link";
  static final String SILENCE = "alert.silence";

  /** A silence that Alertmanager has not taken after this long is reported instead of retried. */
  private static final Duration SILENCE_GIVE_UP = Duration.ofMinutes(10);

  /** A page of episode {@code episodeId} to a channel, or to a user (DM) at a level. */
  record PageRef(long episodeId, String recipient, int level) {}

  /**
   * Bring the messages to the episode's version; {@code force}: even when a refresh already did
   * (the incident's channel appeared after it).
   */
  record Refresh(long episodeId, int version, boolean force) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final AlertDao dao;
  private final PageDao pages;
  private final Snapshots snapshots;
  private final Outbox outbox;
  private final SlackEffects slack;
  private final SlackApi api;
  private final Pager pager;
  private final Pacing pacing;
  private final Optional<Silences> silences;
  private final boolean silenceButton;

  AlertEffects(
      Jdbi jdbi,
      Clock clock,
      AlertDao dao,
      PageDao pages,
      Snapshots snapshots,
      Outbox outbox,
      SlackApi api,
      Pager pager,
      Pacing pacing,
      Optional<Silences> silences) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.dao = dao;
    this.pages = pages;
    this.snapshots = snapshots;
    this.outbox = outbox;
    this.slack = new SlackEffects(api, outbox);
    this.api = api;
    this.pager = pager;
    this.pacing = pacing;
    this.silences = silences;
    this.silenceButton = silences.isPresent();
  }

  void registerWith(OutboxWorker worker) {
    worker.register(PAGE, this::page);
    worker.register(POST, this::post);
    worker.register(REFRESH, this::refresh);
    worker.register(ISSUE_LINK, this::issueLink);
    worker.register(SILENCE, this::silence);
  }

  private Snapshot load(long episodeId) throws EffectFailure.Permanent {
    return jdbi.withHandle(h -> snapshots.find(h, episodeId))
        .orElseThrow(() -> new EffectFailure.Permanent("alert episode " + episodeId + " is gone"));
  }

  private String page(OutboxEntry e) throws Exception {
    PageRef ref = e.payload(PageRef.class);
    Snapshot s = load(ref.episodeId());
    String result = slack.post(rendered(e, message(s, ref.recipient(), ref.level())));
    SlackEffects.Posted posted = Json.read(result, SlackEffects.Posted.class);
    jdbi.useTransaction(
        h -> {
          pages.posted(h, e.idempotencyKey(), posted.channel(), posted.ts(), clock.millis());
          pacing.posted(h, e.stream());
        });
    // A refresh that ran while this was being sent skipped it (no ts yet): catch up here.
    Snapshot now = load(ref.episodeId());
    if (now.episode().version() != s.episode().version()) {
      SlackEffects.Post fresh = message(now, ref.recipient(), ref.level());
      update(
          new PageDao.MessageRow(
              e.idempotencyKey(), ref.recipient(), posted.channel(), posted.ts()),
          fresh.text(),
          fresh.blocks());
    }
    return result;
  }

  private SlackEffects.Post message(Snapshot s, String recipient, int level) {
    boolean channel = recipient.equals(s.episode().channel());
    return SlackEffects.Post.text(
            recipient, channel ? AlertViews.text(s) : AlertViews.directText(s, level))
        .withBlocks(SlackEffects.blocksJson(AlertViews.blocks(s, silenceButton)));
  }

  /** The entry as a plain Slack post of the rendered message, for {@link SlackEffects#post}. */
  private static OutboxEntry rendered(OutboxEntry e, SlackEffects.Post post) {
    return new OutboxEntry(
        e.id(),
        e.stream(),
        SlackEffects.POST,
        Json.write(post),
        e.idempotencyKey(),
        e.state(),
        e.attempts(),
        e.nextAttemptAt(),
        e.lastError(),
        e.result(),
        e.notifyChannel(),
        e.createdAt(),
        e.claimLost());
  }

  /** A thread reply under a page (or another post); the page's ts is read from the episode. */
  private String post(OutboxEntry e) throws Exception {
    SlackEffects.Post p = e.payload(SlackEffects.Post.class);
    Optional<PageDao.MessageRow> parent =
        p.threadFrom() == null
            ? Optional.empty()
            : jdbi.withHandle(h -> pages.message(h, p.threadFrom())).filter(m -> m.ts() != null);
    String result = slack.post(parent.isEmpty() ? e : rendered(e, p.inThread(parent.get().ts())));
    pacing.posted(e.stream());
    return result;
  }

  /**
   * Re-renders every posted message of the episode. A page not posted yet is skipped: it renders
   * the state when it is sent, and catches up itself if that changes while it is on its way.
   */
  private String refresh(OutboxEntry e) throws Exception {
    Refresh r = e.payload(Refresh.class);
    Snapshot s = load(r.episodeId());
    Episode episode = s.episode();
    if (!r.force() && episode.refreshedVersion() >= r.version()) return null;
    for (PageDao.MessageRow m : jdbi.withHandle(h -> pages.messages(h, episode.id()))) {
      if (m.ts() == null) continue;
      boolean toChannel = m.recipient().equals(episode.channel());
      SlackEffects.Post post = message(s, m.recipient(), toChannel ? 0 : levelOf(m.postKey()));
      update(m, post.text(), post.blocks());
    }
    jdbi.useHandle(h -> dao.refreshed(h, episode.id(), episode.version()));
    return null;
  }

  private static int levelOf(String dmKey) {
    String[] parts = dmKey.split(":");
    return parts.length >= 4 ? Integer.parseInt(parts[3]) : 1;
  }

  private void update(PageDao.MessageRow m, String text, String blocks) throws Exception {
    try {
      var r =
          api.backgroundMethods()
              .chatUpdate(u -> u.channel(m.channel()).ts(m.ts()).text(text).blocksAsString(blocks));
      SlackApi.check("chat.update", r);
    } catch (SlackApiException ex) {
      throw SlackApi.classify(ex);
    } catch (EffectFailure.Permanent p) {
      // One deleted message must not keep the others stale.
      log.info("alert message {} not updated: {}", m.postKey(), p.getMessage());
    }
  }

  /** Puts the created issue's number on the episode, so its messages link it. */
  private String issueLink(OutboxEntry e) {
    long id = e.payload(Refresh.class).episodeId();
    Optional<GitHubEffects.Created> created =
        jdbi.withHandle(h -> dao.find(h, id))
            .flatMap(ep -> GitHubEffects.created(outbox, ep.issueKey()));
    if (created.isEmpty()) return null; // the create failed for good; a person was told
    jdbi.useTransaction(
        h -> {
          dao.setIssue(h, id, created.get().number(), created.get().url(), clock.millis());
          pager.refresh(h, id);
        });
    return null;
  }

  private String silence(OutboxEntry e) throws Exception {
    AlertService.SilenceRequest req = e.payload(AlertService.SilenceRequest.class);
    Silences am =
        silences.orElseThrow(() -> new EffectFailure.Permanent("ALERTMANAGER_URL is not set"));
    Instant now = clock.instant();
    if (Duration.between(e.createdAt(), now).compareTo(SILENCE_GIVE_UP) > 0) {
      throw new EffectFailure.Permanent(
          "Alertmanager did not answer for "
              + SILENCE_GIVE_UP.toMinutes()
              + " minutes: "
              + e.lastError().orElse(""));
    }
    String marker = "(firstresponder " + e.idempotencyKey() + ")";
    Instant until = now.plus(AlertService.SILENCE_FOR);
    Optional<String> earlier = e.retried() ? am.findByComment(marker) : Optional.empty();
    String id =
        earlier.isPresent()
            ? earlier.get()
            : am.create(
                req.matchers(),
                now,
                until,
                req.byName(),
                "Silenced from Slack for 1 hour by " + req.byName() + " " + marker);
    jdbi.useTransaction(
        h -> {
          Episode ep = dao.find(h, req.episodeId()).orElseThrow();
          dao.setSilence(h, ep.id(), id, req.by(), until.toEpochMilli(), clock.millis());
          pager.refresh(h, ep.id());
          pacing.enqueue(
              h,
              Effect.of(
                  Episode.postStream(ep.channel()),
                  POST,
                  e.idempotencyKey() + ":reply",
                  new SlackEffects.Post(
                      ep.channel(),
                      AlertViews.silencedReply(req.by(), until, id),
                      null,
                      null,
                      ep.pageKey(),
                      false)));
        });
    return id;
  }
}
