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
}
