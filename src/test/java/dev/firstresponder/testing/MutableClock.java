package dev.firstresponder.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * A clock tests move by hand, so schedules, reminders and DST run without waiting. It stands still
 * ({@link #at}) or runs on with the system clock from wherever it was set ({@link #ticking}): then
 * outbox retries still come due while a test jumps ahead by days.
 */
public final class MutableClock extends Clock {
  private final Supplier<Instant> base;
  private volatile Duration offset;

  private MutableClock(Supplier<Instant> base, Duration offset) {
    this.base = base;
    this.offset = offset;
  }

  public MutableClock(Instant start) {
    this(() -> Instant.EPOCH, Duration.between(Instant.EPOCH, start));
  }

  /** A clock that stands still at the instant. */
  public static MutableClock at(String isoInstant) {
    return new MutableClock(Instant.parse(isoInstant));
  }

  /** A clock that runs with the system clock and can be moved ahead. */
  public static MutableClock ticking() {
    return new MutableClock(Instant::now, Duration.ZERO);
  }

  public void set(Instant instant) {
    offset = Duration.between(base.get(), instant);
  }

  public void advance(Duration d) {
    offset = offset.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return base.get().plus(offset);
  }
}
