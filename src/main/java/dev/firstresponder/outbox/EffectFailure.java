package dev.firstresponder.outbox;

import java.time.Duration;

/** How a handler tells the worker what to do with a failed effect. */
public abstract sealed class EffectFailure extends Exception {
  EffectFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /** Retrying will not help; a person is told. */
  public static final class Permanent extends EffectFailure {
    public Permanent(String message) {
      super(message, null);
    }

    public Permanent(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The other side is rate limiting or down and said when to try again. */
  public static final class RetryAfter extends EffectFailure {
    private final Duration delay;

    public RetryAfter(String message, Duration delay) {
      super(message, null);
      this.delay = delay;
    }

    public Duration delay() {
      return delay;
    }
  }

  /**
   * The other side refused (no permission, a locked issue): a person may fix that soon, so the
   * effect is tried again with backoff, but after {@code attempts} attempts in all it fails for
   * good and a person is told, instead of holding up its stream forever.
   */
  public static final class Refused extends EffectFailure {
    private final int attempts;

    public Refused(String message, int attempts, Throwable cause) {
      super(message, cause);
      this.attempts = attempts;
    }

    public int attempts() {
      return attempts;
    }
  }
}
