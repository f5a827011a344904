package dev.firstresponder.alert;

import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Keeps the posts of one Slack conversation a second apart, Slack's rate per channel, so a storm is
 * delivered in full at that pace instead of being refused. A post records its time and holds what
 * waits in its stream; a post queued within a second of the last one is held when queued. Both
 * happen in one transaction with what they read, so no post slips between them.
 */
final class Pacing {
  /** Slack takes about one message per second per channel (short bursts aside). */
  static final Duration PACE = Duration.ofSeconds(1);

  private final Jdbi jdbi;
  private final Clock clock;
  private final Outbox outbox;

  Pacing(Jdbi jdbi, Clock clock, Outbox outbox) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.outbox = outbox;
  }

  /** Queues a post into a paced stream, held until a second after that stream's last post. */
  void enqueue(Handle h, Effect post) {
    outbox.enqueue(h, post);
    h.createQuery("SELECT posted_at FROM alert_pace WHERE stream = :stream")
        .bind("stream", post.stream())
        .mapTo(Long.class)
        .findOne()
        .map(last -> Instant.ofEpochMilli(last).plus(PACE))
        .filter(until -> until.isAfter(clock.instant()))
        .ifPresent(until -> outbox.hold(h, post.stream(), until));
  }

  /** A post of the stream just went out: what waits in the stream waits a second more. */
  void posted(String stream) {
    jdbi.useTransaction(h -> posted(h, stream));
  }

  /** The same, in the caller's transaction. */
  void posted(Handle h, String stream) {
    Instant now = clock.instant();
    h.createUpdate(
            """
            INSERT INTO alert_pace (stream, posted_at) VALUES (:stream, :now)
            ON CONFLICT (stream) DO UPDATE SET posted_at = excluded.posted_at
            """)
        .bind("stream", stream)
        .bind("now", now.toEpochMilli())
        .execute();
    outbox.hold(h, stream, now.plus(PACE));
  }
}
