package dev.firstresponder.outbox;

/**
 * Applies one kind of effect to the outside world. Implementations are idempotent in the face of an
 * ambiguous earlier attempt (see {@link OutboxEntry#retried()}): look for the earlier result before
 * creating again.
 */
@FunctionalInterface
public interface EffectHandler {
  /**
   * @return a short result that later effects may need (issue number, message ts), or null
   * @throws EffectFailure.Permanent when retrying cannot help (404, 422, bad payload)
   * @throws EffectFailure.RetryAfter when the other side said when to come back
   * @throws Exception anything else is retried with backoff
   */
  String apply(OutboxEntry entry) throws Exception;
}
