package dev.firstresponder.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for an asynchronous outcome (the outbox, scheduled jobs) without fixed sleeps. */
public final class Await {
  public static final Duration TIMEOUT = Duration.ofSeconds(15);

  private Await() {}

  public static <T> T until(Supplier<T> probe, String what) {
    return until(probe, what, TIMEOUT);
  }

  public static <T> T until(Supplier<T> probe, String what, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null && !Boolean.FALSE.equals(value)) return value;
      if (System.nanoTime() > deadline)
        throw new AssertionError(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  public static void until(BooleanSupplier condition, String what) {
    until(condition, what, TIMEOUT);
  }

  public static void until(BooleanSupplier condition, String what, Duration timeout) {
    until(() -> condition.getAsBoolean() ? Boolean.TRUE : null, what, timeout);
  }
}
