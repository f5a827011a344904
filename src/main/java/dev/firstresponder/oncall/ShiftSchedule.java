package dev.firstresponder.oncall;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.Predicate;
import org.quartz.CronExpression;

/**
 * When shifts start: the firings of the rota's cron expression in its zone (the same expression and
 * zone the Quartz trigger uses, so DST behaves identically), minus firings whose local date is a
 * holiday. A shift is named by the instant of its scheduled firing.
 */
final class ShiftSchedule {
  /** Back from "now", how far to look for the latest firing: widening, up to a bit over a year. */
  private static final List<Duration> WINDOWS =
      List.of(
          Duration.ofMinutes(2),
          Duration.ofHours(2),
          Duration.ofDays(2),
          Duration.ofDays(9),
          Duration.ofDays(40),
          Duration.ofDays(400));

  private static final int MAX_FIRINGS = 100_000;

  private final CronExpression cron;
  private final ZoneId zone;

  ShiftSchedule(String expression, ZoneId zone) {
    try {
      this.cron = new CronExpression(expression);
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a Quartz cron expression: " + expression, e);
    }
    this.cron.setTimeZone(TimeZone.getTimeZone(zone));
    this.zone = zone;
  }

  ZoneId zone() {
    return zone;
  }

  LocalDate date(Instant instant) {
    return instant.atZone(zone).toLocalDate();
  }

  /** The first firing strictly after {@code t} that is not on a holiday. */
  /** Whether a shift starts on that local date (holidays aside). */
  boolean startsOn(LocalDate date) {
    Instant dayStart = date.atStartOfDay(zone()).toInstant();
    return nextAfter(dayStart.minusMillis(1), d -> false)
        .map(this::date)
        .filter(date::equals)
        .isPresent();
  }

  synchronized Optional<Instant> nextAfter(Instant t, Predicate<LocalDate> holiday) {
    Date d = Date.from(t);
    for (int i = 0; i < MAX_FIRINGS; i++) {
      d = cron.getNextValidTimeAfter(d);
      if (d == null) return Optional.empty();
      if (!holiday.test(date(d.toInstant()))) return Optional.of(d.toInstant());
    }
    return Optional.empty();
  }

  /**
   * The latest firing at or before {@code t} that is not on a holiday (CronExpression cannot go
   * back).
   */
  synchronized Optional<Instant> latestAtOrBefore(Instant t, Predicate<LocalDate> holiday) {
    for (Duration window : WINDOWS) {
      Instant latest = null;
      Date d = Date.from(t.minus(window).minusMillis(1));
      for (int i = 0; i < MAX_FIRINGS; i++) {
        d = cron.getNextValidTimeAfter(d);
        if (d == null || d.toInstant().isAfter(t)) break;
        if (!holiday.test(date(d.toInstant()))) latest = d.toInstant();
      }
      if (latest != null) return Optional.of(latest);
    }
    return Optional.empty();
  }

  /** Firings in (from, to], holidays included, at most {@code limit}: what a downtime missed. */
  synchronized List<Instant> between(Instant fromExclusive, Instant toInclusive, int limit) {
    List<Instant> out = new ArrayList<>();
    Date d = Date.from(fromExclusive);
    while (out.size() < limit) {
      d = cron.getNextValidTimeAfter(d);
      if (d == null || d.toInstant().isAfter(toInclusive)) break;
      out.add(d.toInstant());
    }
    return out;
  }
}
