package dev.firstresponder.oncall;

import dev.firstresponder.oncall.OncallMessages.Next;
import dev.firstresponder.oncall.OncallService.Refusal;
import dev.firstresponder.oncall.Succession.Successor;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the rota moves ({@link #handOver}), and the handovers made during a shift: {@code
 * /oncall handover} and removing the person on call. Runs in the caller's transaction.
 */
final class Handovers {
  private static final Logger log = LoggerFactory.getLogger(Handovers.class);

  /** The pings of a handover, enqueued once it is written; they know who is next. */
  @FunctionalInterface
  interface Pings {
    void enqueue(Next next, long handoverId);
  }

  private final Clock clock;
  private final OncallSettings config;
  private final ShiftSchedule schedule;
  private final OncallDao dao;
  private final Succession succession;
  private final OncallNotices notices;
  private final OncallLog oncallLog;
  private final Random random;

  Handovers(
      Clock clock,
      OncallSettings config,
      ShiftSchedule schedule,
      OncallDao dao,
      Succession succession,
      OncallNotices notices,
      OncallLog oncallLog,
      Random random) {
    this.clock = clock;
    this.config = config;
    this.schedule = schedule;
    this.dao = dao;
    this.succession = succession;
    this.notices = notices;
    this.oncallLog = oncallLog;
    this.random = random;
  }

  /** The one way the rota moves: log row (unique per shift), rota, state, usergroup, GitHub log. */
  Optional<Long> handOver(
      Handle h,
      Rota rota,
      OncallDao.State state,
      Instant shift,
      LocalDate shiftDate,
      Successor to,
      Handover.Kind kind,
      Handover.Notes notes,
      String by,
      String viewId,
      Map<LocalDate, String> holidays,
      Pings pings) {
    long now = clock.millis();
    Optional<Long> id =
        dao.insertHandover(
            h, shift, shiftDate, rota.current(), to.userId(), kind, notes, by, now, viewId);
    if (id.isEmpty()) return id;
    Rota.Handed handed = rota.handOverTo(to.userId(), to.takesTurn(), random);
    Rota after = handed.rota();
    int round = state.round() + (handed.reshuffled() ? 1 : 0);
    dao.saveMembers(h, after, by, now);
    dao.setCurrent(h, to.userId(), clock.instant(), round, now);
    Next next = succession.next(h, after, shift != null ? shift : clock.instant(), holidays);
    pings.enqueue(next, id.get());
    if (handed.reshuffled() && after.members().size() > 1) {
      notices.toChannel(
          h,
          "oncall:handover:" + id.get() + ":reshuffle",
          OncallMessages.reshuffled(after.members(), round));
    }
    notices.usergroup(h, to.userId(), now);
    oncallLog.handover(
        h, id.get(), kind, rota.current(), to.userId(), shiftDate, notes, next.userId());
    log.info(
        "on-call handover {} ({}): {} -> {}", id.get(), kind.code, rota.current(), to.userId());
    return id;
  }

  /**
   * {@code /oncall handover} submitted: the handover for the next shift, made now. {@code expected}
   * is who was on call when the modal opened; if the rota moved since, nothing happens.
   */
  String handOverNow(Handle h, String by, Handover.Notes notes, String viewId, String expected) {
    if (viewId != null && dao.viewSeen(h, viewId)) return "Already handed over.";
    Rota rota = dao.rota(h);
    if (rota.current() == null) throw new Refusal("Nobody is on call: the list is empty.");
    if (expected != null && !expected.equals(rota.current())) {
      throw new Refusal(
          "The rota moved on since you opened the handover: "
              + OncallMessages.who(rota.current())
              + " is on call now. Nothing was changed.");
    }
    Optional<Long> id = inShift(h, rota, Handover.Kind.MANUAL, notes, by, viewId, null);
    if (id.isEmpty())
      throw new Refusal("There is nobody to hand over to: add people with `/oncall add`.");
    return "Handed over to " + OncallMessages.who(dao.state(h).current()) + ". Thank you!";
  }

  /**
   * A handover made now, keyed by the next shift (or by no shift when that one already has one).
   * {@code excluded}: the one being removed, whom an override does not bring back.
   */
  Optional<Long> inShift(
      Handle h,
      Rota rota,
      Handover.Kind kind,
      Handover.Notes notes,
      String by,
      String viewId,
      String excluded) {
    Map<LocalDate, String> holidays = dao.holidayMap(h);
    Instant now = clock.instant();
    Optional<Instant> nextShift = schedule.nextAfter(now, holidays::containsKey);
    Instant key = nextShift.filter(n -> dao.handoverForShift(h, n).isEmpty()).orElse(null);
    LocalDate date = nextShift.map(schedule::date).orElse(schedule.date(now));
    Successor to = succession.successor(h, rota, date);
    // An override for the one being removed does not apply: the rota's next takes over.
    if (excluded != null && excluded.equals(to.userId()))
      to = new Successor(rota.next().orElse(null), true);
    if (to.userId() == null || to.userId().equals(rota.current())) return Optional.empty();
    OncallDao.State state = dao.state(h);
    Successor who = to;
    return handOver(
        h,
        rota,
        state,
        key,
        key == null ? null : date,
        to,
        kind,
        notes,
        by,
        viewId,
        holidays,
        (next, id) -> {
          notices.toChannel(
              h,
              "oncall:handover:" + id + ":channel",
              OncallMessages.handedOver(
                  rota.current(), who.userId(), by, kind, notes, next, config.zone()));
          notices.dm(
              h,
              "oncall:handover:" + id + ":dm",
              who.userId(),
              OncallMessages.dmHandedOver(
                  kind == Handover.Kind.REMOVAL ? null : rota.current(),
                  notes,
                  next,
                  config.zone()));
        });
  }
}
