package dev.firstresponder.outbox;

import java.time.Instant;
import java.util.Optional;

/** One row of the outbox as a handler sees it. */
public record OutboxEntry(
    long id,
    String stream,
    String kind,
    String payload,
    String idempotencyKey,
    String state,
    int attempts,
    Instant nextAttemptAt,
    Optional<String> lastError,
    Optional<String> result,
    Optional<String> notifyChannel,
    Instant createdAt,
    boolean claimLost) {

  public <T> T payload(Class<T> type) {
    return Json.read(payload, type);
  }

  /**
   * True on a retry: a previous attempt may have reached the other side before failing, or before
   * the process applying it died (its lease ran out, {@code claimLost}) without recording anything.
   */
  public boolean retried() {
    return attempts > 0 || claimLost;
  }
}
