package dev.firstresponder.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The durable queue of side effects. Features enqueue inside the transaction that changes their own
 * state, so a crash keeps both or neither; the {@link OutboxWorker} applies them afterwards.
 */
public final class Outbox {
  private final Jdbi jdbi;
  private final Clock clock;
  private volatile Runnable onEnqueue = () -> {};

  public Outbox(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** Called after enqueue so the worker need not wait for its next poll. */
  void onEnqueue(Runnable wake) {
    this.onEnqueue = wake;
  }

  /**
   * Adds the effect in the caller's transaction. An effect whose idempotency key is already known
   * is ignored (a redelivered request decides the same effects again). Returns whether it was new.
   */
  public boolean enqueue(Handle handle, Effect effect) {
    long now = clock.millis();
    int rows =
        handle
            .createUpdate(
                """
                INSERT INTO outbox (stream, kind, payload, idempotency_key, next_attempt_at,
                                    notify_channel, created_at, updated_at)
                VALUES (:stream, :kind, :payload, :key, :now, :notify, :now, :now)
                ON CONFLICT (idempotency_key) DO NOTHING
                """)
            .bind("stream", effect.stream())
            .bind("kind", effect.kind())
            .bind("payload", effect.payload())
            .bind("key", effect.idempotencyKey())
            .bind("notify", effect.notifyChannel().orElse(null))
            .bind("now", now)
            .execute();
    // The worker re-reads the table; waking it early before the commit is harmless.
    onEnqueue.run();
    return rows == 1;
  }

  /** Enqueues in a transaction of its own. */
  public boolean enqueue(Effect effect) {
    return jdbi.inTransaction(h -> enqueue(h, effect));
  }

  /**
   * Holds the pending effects of a stream until {@code until}, in the caller's transaction: a
   * stream paced to a rate limit (one Slack message per second per channel) waits its turn instead
   * of running into the limit.
   */
  public void hold(Handle handle, String stream, Instant until) {
    handle
        .createUpdate(
            """
            UPDATE outbox SET next_attempt_at = :until
            WHERE stream = :stream AND state = 'pending' AND next_attempt_at < :until
            """)
        .bind("stream", stream)
        .bind("until", until.toEpochMilli())
        .execute();
  }

  /** The result of a done effect, looked up by its idempotency key. */
  public Optional<String> result(String idempotencyKey) {
    return jdbi.withHandle(h -> result(h, idempotencyKey));
  }

  public Optional<String> result(Handle handle, String idempotencyKey) {
    return handle
        .createQuery("SELECT result FROM outbox WHERE idempotency_key = :key AND state = 'done'")
        .bind("key", idempotencyKey)
        .mapTo(String.class)
        .findOne();
  }

  public Optional<OutboxEntry> find(String idempotencyKey) {
    return entries("idempotency_key = :value", idempotencyKey).stream().findFirst();
  }

  /** Whether an effect with this key was ever enqueued, in whatever state. */
  public boolean known(Handle handle, String idempotencyKey) {
    return handle
        .createQuery("SELECT 1 FROM outbox WHERE idempotency_key = :key")
        .bind("key", idempotencyKey)
        .mapTo(Integer.class)
        .findOne()
        .isPresent();
  }

  /**
   * Whether an effect was ever enqueued whose key starts with {@code prefix} and ends with {@code
   * suffix} (e.g. a reminder to one user, whatever its time).
   */
  public boolean knownBetween(Handle handle, String prefix, String suffix) {
    return handle
        .createQuery("SELECT idempotency_key FROM outbox WHERE idempotency_key LIKE :p ESCAPE '!'")
        .bind("p", likeLiteral(prefix) + "%" + likeLiteral(suffix))
        .mapTo(String.class)
        .list()
        .stream()
        // LIKE ignores the case of ASCII letters in SQLite: the keys are compared exactly here.
        .anyMatch(
            k ->
                k.startsWith(prefix)
                    && k.endsWith(suffix)
                    && k.length() >= prefix.length() + suffix.length());
  }

  private static String likeLiteral(String s) {
    return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  public List<OutboxEntry> stream(String stream) {
    return entries("stream = :value", stream);
  }

  private List<OutboxEntry> entries(String where, String value) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM outbox WHERE " + where + " ORDER BY id")
                .bind("value", value)
                .map((rs, ctx) -> entry(rs))
                .list());
  }

  /** Pending count, age of the oldest pending effect, and effects that failed for good. */
  public record Stats(long pending, long oldestPendingAgeMillis, long failed) {}

  public Stats stats() {
    long now = clock.millis();
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    """
                    SELECT
                      (SELECT count(*) FROM outbox WHERE state = 'pending') AS pending,
                      (SELECT min(created_at) FROM outbox WHERE state = 'pending') AS oldest,
                      (SELECT count(*) FROM outbox WHERE state = 'failed') AS failed
                    """)
                .map(
                    (rs, ctx) -> {
                      long oldest = rs.getLong("oldest");
                      boolean none = rs.wasNull();
                      return new Stats(
                          rs.getLong("pending"),
                          none ? 0 : Math.max(0, now - oldest),
                          rs.getLong("failed"));
                    })
                .one());
  }

  static OutboxEntry entry(ResultSet rs) throws SQLException {
    return new OutboxEntry(
        rs.getLong("id"),
        rs.getString("stream"),
        rs.getString("kind"),
        rs.getString("payload"),
        rs.getString("idempotency_key"),
        rs.getString("state"),
        rs.getInt("attempts"),
        Instant.ofEpochMilli(rs.getLong("next_attempt_at")),
        Optional.ofNullable(rs.getString("last_error")),
        Optional.ofNullable(rs.getString("result")),
        Optional.ofNullable(rs.getString("notify_channel")),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        // Completions clear the lease; one still set on a claimable row belonged to a dead process.
        rs.getObject("claimed_until") != null);
  }
}
