package dev.firstresponder.alert;

import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.slack.SlackEffects;
import java.time.Duration;
import org.jdbi.v3.core.Handle;

/**
 * Queues what a page sends, in the transaction that decided it: the message in the alert channel
 * (first page) or a thread reply under it (later levels), the DMs, and the refresh of every message
 * of the episode. Keys are derived from the episode and level, so each is sent once.
 */
final class Pager {
  private final Outbox outbox;
  private final AlertDao dao;
  private final PageDao pages;
  private final AlertMetrics metrics;
  private final Pacing pacing;

  Pager(Outbox outbox, AlertDao dao, PageDao pages, AlertMetrics metrics, Pacing pacing) {
    this.outbox = outbox;
    this.pacing = pacing;
    this.dao = dao;
    this.pages = pages;
    this.metrics = metrics;
  }

  /**
   * Records and sends one level's page.
   *
   * @param unacknowledged how long the episode has gone unacknowledged (for the thread reply)
   * @param by who pressed Escalate now; null when the timer escalated
   */
  void page(
      Handle h,
      Episode e,
      Escalation.Page page,
      boolean first,
      Duration unacknowledged,
      String by,
      long now) {
    pages.insertPage(h, e.id(), page, now, by);
    if (first) {
      pages.expectMessage(h, e.pageKey(), e.id(), e.channel());
      Effect post =
          Effect.of(
              Episode.postStream(e.channel()),
              AlertEffects.PAGE,
              e.pageKey(),
              new AlertEffects.PageRef(e.id(), e.channel(), page.level()));
      pacing.enqueue(h, page.users().isEmpty() ? post : post.notifying(page.users().get(0)));
    } else {
      SlackEffects.Post reply =
          new SlackEffects.Post(
              e.channel(),
              AlertViews.levelReply(page, unacknowledged, by),
              null,
              null,
              e.pageKey(),
              page.level() == Episode.TOP_LEVEL);
      pacing.enqueue(
          h,
          Effect.of(
              Episode.postStream(e.channel()),
              AlertEffects.POST,
              e.key("level:" + page.level()),
              reply));
      refresh(h, e.id());
    }
    if (page.directMessages()) {
      for (String user : page.users()) {
        String key = e.dmKey(page.level(), user);
        pages.expectMessage(h, key, e.id(), user);
        pacing.enqueue(
            h,
            Effect.of(
                Episode.postStream(user),
                AlertEffects.PAGE,
                key,
                new AlertEffects.PageRef(e.id(), user, page.level())));
      }
    }
    h.afterCommit(() -> metrics.paged(page.level()));
  }

  /** Brings every message of the episode up to its current version, after what is queued. */
  void refresh(Handle h, long episodeId) {
    int version = dao.version(h, episodeId);
    outbox.enqueue(
        h,
        Effect.of(
            Episode.refreshStream(episodeId),
            AlertEffects.REFRESH,
            "alert:" + episodeId + ":refresh:" + version,
            new AlertEffects.Refresh(episodeId, version, false)));
  }
}
