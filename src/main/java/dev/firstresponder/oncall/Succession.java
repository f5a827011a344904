package dev.firstresponder.oncall;

import dev.firstresponder.oncall.OncallMessages.Next;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Who takes a shift (the date's override, else the rota's next) and who is next after a time. */
final class Succession {
  /** Who takes the shift of a date, and whether that uses up their turn of the round. */
  record Successor(String userId, boolean takesTurn) {}

  private final Clock clock;
  private final ShiftSchedule schedule;
  private final OncallDao dao;

  Succession(Clock clock, ShiftSchedule schedule, OncallDao dao) {
    this.clock = clock;
    this.schedule = schedule;
    this.dao = dao;
  }

  /** An override takes the shift without using a turn; else the rota's next (who then uses it). */
  Successor successor(Handle h, Rota rota, LocalDate date) {
    Optional<String> override = dao.override(h, date);
    if (override.isPresent()) return new Successor(override.get(), false);
    return new Successor(rota.next().orElse(null), true);
  }

  /** Who takes the first shift after {@code after}, and when it starts. */
  Next next(Handle h, Rota rota, Instant after, Map<LocalDate, String> holidays) {
    Optional<Instant> at = schedule.nextAfter(after, holidays::containsKey);
    String who =
        at.flatMap(a -> dao.override(h, schedule.date(a)))
            .orElseGet(() -> rota.next().orElse(null));
    return new Next(who, at.orElse(null));
  }

  /** Who takes the next shift from now, with the list as it is stored. */
  Next nextNow(Handle h) {
    return next(h, dao.rota(h), clock.instant(), dao.holidayMap(h));
  }
}
