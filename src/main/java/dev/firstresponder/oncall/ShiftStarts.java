package dev.firstresponder.oncall;

import dev.firstresponder.oncall.OncallMessages.Next;
import dev.firstresponder.oncall.Succession.Successor;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shift starts: its one handover (unless it already has one, made during the shift before), the
 * announcement and the pings; a note on a holiday; after downtime, one catch-up step. Runs in the
 * caller's transaction.
 */
final class ShiftStarts {
  private static final Logger log = LoggerFactory.getLogger(ShiftStarts.class);

  private final OncallSettings config;
  private final ShiftSchedule schedule;
  private final OncallDao dao;
  private final Succession succession;
  private final Handovers handovers;
  private final OncallNotices notices;

  ShiftStarts(
      OncallSettings config,
      ShiftSchedule schedule,
      OncallDao dao,
      Succession succession,
      Handovers handovers,
      OncallNotices notices) {
    this.config = config;
    this.schedule = schedule;
    this.dao = dao;
    this.succession = succession;
    this.handovers = handovers;
    this.notices = notices;
  }

  /** The latest shift start at or before now, if one passed; holidays start none. */
  Optional<Instant> latest(Handle h, Instant now) {
    Map<LocalDate, String> holidays = dao.holidayMap(h);
    return schedule.latestAtOrBefore(now, holidays::containsKey);
  }

  void start(Handle h, Instant t, Handover.Kind kind) {
    Map<LocalDate, String> holidays = dao.holidayMap(h);
    LocalDate date = schedule.date(t);
    Rota rota = dao.rota(h);
    if (rota.current() == null) return; // nobody on the list
    if (holidays.containsKey(date)) {
      Next next = succession.next(h, rota, t, holidays);
      notices.toChannel(
          h,
          "oncall:holiday:" + date,
          OncallMessages.holiday(date, holidays.get(date), next, config.zone()));
      return;
    }
    Optional<Handover> existing = dao.handoverForShift(h, t);
    if (existing.isPresent()) {
      // Handed over during the shift before: this shift only announces (keys make it once).
      if (existing.get().kind() == Handover.Kind.MANUAL
          || existing.get().kind() == Handover.Kind.REMOVAL) {
        announce(h, t, date, rota, existing.get(), holidays);
      }
      return;
    }
    OncallDao.State state = dao.state(h);
    Optional<Instant> latest = dao.latestShiftStart(h);
    if (latest.isPresent() && latest.get().isAfter(t)) {
      log.info("ignoring a late firing for {}: shift {} already started", t, latest.get());
      return;
    }
    if (state.since() != null && state.since().isAfter(t))
      return; // the rota began after this firing
    Successor to = succession.successor(h, rota, date);
    if (to.userId() == null) return;
    int missed = 0;
    if (kind == Handover.Kind.CATCH_UP) {
      Instant from = latest.orElse(state.since());
      missed =
          schedule.between(from, t, 1000).stream()
              .filter(i -> !holidays.containsKey(schedule.date(i)))
              .toList()
              .size();
    }
    int m = missed;
    handovers.handOver(
        h,
        rota,
        state,
        t,
        date,
        to,
        kind,
        Handover.Notes.NONE,
        null,
        null,
        holidays,
        (next, id) -> {
          notices.toChannel(
              h,
              "oncall:shift:" + t.toEpochMilli() + ":announce",
              OncallMessages.shiftStarted(
                  to.userId(),
                  rota.current(),
                  date,
                  next,
                  config.zone(),
                  kind == Handover.Kind.CATCH_UP,
                  m));
          dmToday(h, t, date, to.userId(), next);
        });
  }

  private void announce(
      Handle h,
      Instant t,
      LocalDate date,
      Rota rota,
      Handover made,
      Map<LocalDate, String> holidays) {
    Next next = succession.next(h, rota, t, holidays);
    notices.toChannel(
        h,
        "oncall:shift:" + t.toEpochMilli() + ":announce",
        OncallMessages.shiftAnnounced(rota.current(), made, date, next, config.zone()));
    dmToday(h, t, date, rota.current(), next);
  }

  /** The DM to today's engineer, and the heads-up to the next one. */
  private void dmToday(Handle h, Instant t, LocalDate date, String today, Next next) {
    notices.dm(
        h,
        "oncall:shift:" + t.toEpochMilli() + ":dm",
        today,
        OncallMessages.dmToday(date, next, config.zone()));
    if (next.userId() == null || next.at() == null) return;
    notices.dm(
        h,
        "oncall:shift:" + t.toEpochMilli() + ":headsup",
        next.userId(),
        OncallMessages.headsUp(next.at(), config.zone()));
  }
}
