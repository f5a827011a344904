package dev.firstresponder.store;

import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Inbound deliveries already accepted (Slack event ids, message timestamps, modal view ids, GitHub
 * delivery ids). Slack and GitHub redeliver; the first delivery wins and the rest are acked and
 * ignored.
 */
public final class Deliveries {
  /**
   * Longer than Slack's last retry (~5 min) and GitHub's manual redelivery window we care about.
   */
  static final Duration KEEP = Duration.ofDays(3);

  private final Jdbi jdbi;
  private final Clock clock;

  public Deliveries(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** Records the delivery; true only the first time this (source, id) is seen. */
  public boolean firstTime(String source, String id) {
    return jdbi.withHandle(h -> firstTime(h, source, id));
  }

  /** As {@link #firstTime(String, String)}, inside the caller's transaction. */
  public boolean firstTime(Handle handle, String source, String id) {
    return handle
            .createUpdate(
                """
                INSERT INTO inbound_delivery (source, delivery_id, received_at)
                VALUES (:source, :id, :now)
                ON CONFLICT (source, delivery_id) DO NOTHING
                """)
            .bind("source", source)
            .bind("id", id)
            .bind("now", clock.millis())
            .execute()
        == 1;
  }

  /** Whether this (source, id) was recorded already; records nothing. */
  public boolean known(String source, String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT 1 FROM inbound_delivery WHERE source = :source AND delivery_id = :id")
                .bind("source", source)
                .bind("id", id)
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
  }

  public int prune() {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM inbound_delivery WHERE received_at < :cutoff")
                .bind("cutoff", clock.millis() - KEEP.toMillis())
                .execute());
  }
}
