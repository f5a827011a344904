package dev.firstresponder.oncall;

import dev.firstresponder.oncall.OncallMessages.Next;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.people.People;
import dev.firstresponder.slack.SlackText;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.jdbi.v3.core.Jdbi;

/**
 * The rotation: shift starts (Quartz job, catch-up at start; {@link ShiftStarts}), handovers during
 * a shift ({@link Handovers}) and the list changes ({@link RotaChanges}), with the GitHub log
 * ({@link OncallLog}) kept in step. Every change is decided in one transaction, one at a time in
 * this process; the unique shift key of a handover guards against everything else. The reads are
 * here too.
 */
public final class OncallService {
  /** A refusal or bad input: the message goes back to the user, nothing changed. */
  static final class Refusal extends RuntimeException {
    Refusal(String message) {
      super(message, null, false, false);
    }
  }

  private final Jdbi jdbi;
  private final Clock clock;
  private final OncallSettings config;
  private final ShiftSchedule schedule;
  private final OncallDao dao = new OncallDao();
  private final Succession succession;
  private final ShiftStarts shifts;
  private final Handovers handovers;
  private final RotaChanges changes;

  /** One process decides at a time; the unique shift key guards against everything else. */
  private final Object lock = new Object();

  public OncallService(
      Jdbi jdbi,
      Clock clock,
      OncallSettings config,
      Outbox outbox,
      People people,
      boolean github,
      Random random) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.config = config;
    this.schedule = new ShiftSchedule(config.cronExpression(), config.zone());
    this.succession = new Succession(clock, schedule, dao);
    OncallNotices notices = new OncallNotices(config, outbox);
    OncallLog oncallLog =
        new OncallLog(clock, config, dao, outbox, people, notices, succession, github);
    this.handovers =
        new Handovers(clock, config, schedule, dao, succession, notices, oncallLog, random);
    this.shifts = new ShiftStarts(config, schedule, dao, succession, handovers, notices);
    this.changes =
        new RotaChanges(
            clock, schedule, dao, people, succession, handovers, notices, oncallLog, random);
  }

  // ---- shifts ---------------------------------------------------------------------------------

  /** The Quartz job: the shift scheduled at {@code scheduledFireTime} starts. */
  public void startShift(Instant scheduledFireTime) {
    startShift(scheduledFireTime, Handover.Kind.SCHEDULED);
  }

  /**
   * At start: if the latest shift start passed while we were down, one catch-up handover for it
   * (one step, one ping), however many were missed.
   */
  public void catchUp() {
    Instant now = clock.instant();
    jdbi.withHandle(h -> shifts.latest(h, now))
        .ifPresent(t -> startShift(t, Handover.Kind.CATCH_UP));
  }

  void startShift(Instant t, Handover.Kind kind) {
    synchronized (lock) {
      jdbi.useTransaction(h -> shifts.start(h, t, kind));
    }
  }

  // ---- changes --------------------------------------------------------------------------------

  /** {@code /oncall handover} submitted (see {@link Handovers#handOverNow}). */
  String handOverNow(String by, Handover.Notes notes, String viewId, String expected) {
    synchronized (lock) {
      return jdbi.inTransaction(h -> handovers.handOverNow(h, by, notes, viewId, expected));
    }
  }

  String add(String by, String userId, String githubLogin) {
    synchronized (lock) {
      return jdbi.inTransaction(h -> changes.add(h, by, userId, githubLogin));
    }
  }

  String remove(String by, String userId) {
    synchronized (lock) {
      return jdbi.inTransaction(h -> changes.remove(h, by, userId));
    }
  }

  String move(String by, String userId, int position) {
    synchronized (lock) {
      return jdbi.inTransaction(h -> changes.move(h, by, userId, position));
    }
  }

  String swap(String by, String a, String b) {
    synchronized (lock) {
      return jdbi.inTransaction(h -> changes.swap(h, by, a, b));
    }
  }

  String override(String by, String userId, LocalDate date) {
    changes.checkOverride(date);
    synchronized (lock) {
      return jdbi.inTransaction(h -> changes.override(h, by, userId, date));
    }
  }

  String addHoliday(String by, LocalDate date, String name) {
    synchronized (lock) {
      return jdbi.inTransaction(h -> changes.addHoliday(h, by, date, name));
    }
  }

  String removeHoliday(LocalDate date) {
    synchronized (lock) {
      return jdbi.inTransaction(h -> changes.removeHoliday(h, date));
    }
  }

  // ---- reading --------------------------------------------------------------------------------

  String holidays() {
    List<OncallDao.Holiday> list = jdbi.withHandle(dao::holidays);
    if (list.isEmpty()) return "No holidays. Add one with `/oncall holiday add 2026-12-24 [name]`.";
    StringBuilder s = new StringBuilder("*Holidays of the rota* (no handover on these days)");
    for (OncallDao.Holiday d : list) {
      s.append("\n• ")
          .append(OncallMessages.day(d.day()))
          .append(d.name() == null ? "" : " — " + SlackText.escape(d.name(), 200));
    }
    return s.toString();
  }

  String status() {
    return jdbi.withHandle(
        h -> {
          Rota rota = dao.rota(h);
          OncallDao.State st = dao.state(h);
          Next next = succession.next(h, rota, clock.instant(), dao.holidayMap(h));
          return OncallMessages.status(rota.current(), st.since(), next, config.zone());
        });
  }

  String list() {
    return jdbi.withHandle(
        h -> {
          Rota rota = dao.rota(h);
          Next next = succession.next(h, rota, clock.instant(), dao.holidayMap(h));
          return OncallMessages.list(rota, next.userId(), dao.state(h).round());
        });
  }

  String log(int n) {
    return OncallMessages.log(jdbi.withHandle(h -> dao.recent(h, n)), config.zone());
  }

  /** Who is on call, who is next and who is on the list, read in one go. */
  public OnCallTeam team() {
    return jdbi.withHandle(
        h -> {
          Rota rota = dao.rota(h);
          Next next = succession.next(h, rota, clock.instant(), dao.holidayMap(h));
          return new OnCallTeam(
              Optional.ofNullable(rota.current()),
              Optional.ofNullable(next.userId()),
              rota.members().stream().map(Member::userId).toList());
        });
  }

  /** Who would take over if the handover happened now. */
  Optional<String> nextUser() {
    return Optional.ofNullable(jdbi.withHandle(h -> succession.nextNow(h).userId()));
  }

  Optional<String> current() {
    return Optional.ofNullable(jdbi.withHandle(h -> dao.state(h).current()));
  }
}
