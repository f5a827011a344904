package dev.firstresponder.oncall;

import dev.firstresponder.oncall.OncallService.Refusal;
import dev.firstresponder.people.People;
import dev.firstresponder.slack.SlackText;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.jdbi.v3.core.Handle;

/**
 * Changes of the list by rota admins: add, remove (handing over when it is the person on call),
 * move, swap, one-day overrides and holidays. Each runs in the caller's transaction, keeps the
 * GitHub log's checklist in step, and answers with what it did; bad input is a {@link Refusal}.
 */
final class RotaChanges {
  private final Clock clock;
  private final ShiftSchedule schedule;
  private final OncallDao dao;
  private final People people;
  private final Succession succession;
  private final Handovers handovers;
  private final OncallNotices notices;
  private final OncallLog oncallLog;
  private final Random random;

  RotaChanges(
      Clock clock,
      ShiftSchedule schedule,
      OncallDao dao,
      People people,
      Succession succession,
      Handovers handovers,
      OncallNotices notices,
      OncallLog oncallLog,
      Random random) {
    this.clock = clock;
    this.schedule = schedule;
    this.dao = dao;
    this.people = people;
    this.succession = succession;
    this.handovers = handovers;
    this.notices = notices;
    this.oncallLog = oncallLog;
    this.random = random;
  }

  String add(Handle h, String by, String userId, String githubLogin) {
    if (githubLogin != null) people.link(h, userId, githubLogin);
    Rota rota = dao.rota(h);
    String login = githubLogin == null ? "" : " (GitHub `" + githubLogin + "`)";
    if (rota.contains(userId)) {
      if (githubLogin != null) oncallLog.refresh(h); // the checklist shows the login
      return OncallMessages.who(userId)
          + " is already on the list"
          + (githubLogin == null ? "." : "; GitHub login saved" + login + ".");
    }
    boolean first = rota.current() == null;
    Rota after = rota.add(userId);
    long now = clock.millis();
    dao.saveMembers(h, after, by, now);
    if (first) {
      OncallDao.State st = dao.state(h);
      dao.setCurrent(h, userId, clock.instant(), st.round(), now);
      notices.usergroup(h, userId, now);
      notices.toChannel(
          h,
          "oncall:first:" + userId + ":" + now,
          ":rotating_light: "
              + OncallMessages.who(userId)
              + " starts the on-call rota and is on call now.\n*Duties:*\n"
              + OncallMessages.DUTIES);
      oncallLog.refresh(h);
      return "Added "
          + OncallMessages.who(userId)
          + login
          + ". The list was empty, so they are on call now.";
    }
    oncallLog.refresh(h);
    return "Added "
        + OncallMessages.who(userId)
        + login
        + " at position "
        + after.members().size()
        + ", the end of the current round.";
  }

  String remove(Handle h, String by, String userId) {
    Rota rota = dao.rota(h);
    if (!rota.contains(userId))
      throw new Refusal(OncallMessages.who(userId) + " is not on the on-call list.");
    long now = clock.millis();
    if (userId.equals(rota.current())) {
      Optional<Long> id =
          handovers.inShift(h, rota, Handover.Kind.REMOVAL, Handover.Notes.NONE, by, null, userId);
      Rota after = removeMember(h, dao.rota(h), userId, by, now);
      if (id.isEmpty()) {
        OncallDao.State st = dao.state(h);
        dao.setCurrent(h, null, null, st.round(), now);
        oncallLog.refresh(h);
        return "Removed "
            + OncallMessages.who(userId)
            + ". The list is empty now: nobody is on call.";
      }
      oncallLog.refresh(h);
      return "Removed "
          + OncallMessages.who(userId)
          + " and handed over to "
          + OncallMessages.who(after.current())
          + ".";
    }
    removeMember(h, rota, userId, by, now);
    oncallLog.refresh(h);
    return "Removed " + OncallMessages.who(userId) + " from the on-call list.";
  }

  /**
   * Takes someone off the saved list. When that leaves only people who had their turn, a new round
   * starts: its number goes up and its order is announced, as at a handover.
   */
  private Rota removeMember(Handle h, Rota rota, String userId, String by, long now) {
    Rota.Handed removed = rota.removing(userId, random);
    Rota after = removed.rota();
    dao.saveMembers(h, after, by, now);
    if (removed.reshuffled()) {
      OncallDao.State st = dao.state(h);
      int round = st.round() + 1;
      dao.setCurrent(h, st.current(), st.since(), round, now);
      if (after.members().size() > 1) {
        notices.toChannel(
            h,
            "oncall:round:" + round + ":reshuffle",
            OncallMessages.reshuffled(after.members(), round));
      }
    }
    return after;
  }

  String move(Handle h, String by, String userId, int position) {
    Rota rota = dao.rota(h);
    if (!rota.contains(userId))
      throw new Refusal(OncallMessages.who(userId) + " is not on the on-call list.");
    if (position < 1 || position > rota.members().size()) {
      throw new Refusal("Position must be from 1 to " + rota.members().size() + ".");
    }
    return reordered(
        h,
        rota.move(userId, position),
        by,
        "Moved " + OncallMessages.who(userId) + " to position " + position + ".");
  }

  String swap(Handle h, String by, String a, String b) {
    Rota rota = dao.rota(h);
    for (String u : List.of(a, b)) {
      if (!rota.contains(u))
        throw new Refusal(OncallMessages.who(u) + " is not on the on-call list.");
      if (u.equals(rota.current())) {
        throw new Refusal(
            OncallMessages.who(u)
                + " is on call now: hand over with `/oncall handover`, or use"
                + " `/oncall override @user <date>` for a single day.");
      }
    }
    if (a.equals(b)) throw new Refusal("Name two different people to swap.");
    return reordered(
        h,
        rota.swap(a, b),
        by,
        "Swapped " + OncallMessages.who(a) + " and " + OncallMessages.who(b) + ".");
  }

  /** Saves a new order, rewrites the log's checklist, and answers with the list as it now is. */
  private String reordered(Handle h, Rota after, String by, String what) {
    dao.saveMembers(h, after, by, clock.millis());
    oncallLog.refresh(h);
    String next = succession.next(h, after, clock.instant(), dao.holidayMap(h)).userId();
    return what + "\n" + OncallMessages.list(after, next, dao.state(h).round());
  }

  /** Refuses a date in the past or a day without a shift, before anything is locked. */
  void checkOverride(LocalDate date) {
    LocalDate today = schedule.date(clock.instant());
    if (date.isBefore(today)) throw new Refusal(date + " is in the past.");
    if (!schedule.startsOn(date)) {
      throw new Refusal(
          OncallMessages.day(date) + " is not a working day of the rota: no shift starts then.");
    }
  }

  String override(Handle h, String by, String userId, LocalDate date) {
    dao.putOverride(h, date, userId, by, clock.millis());
    oncallLog.refresh(h); // the checklist marks who is next, which an override may change
    String note =
        dao.holidayMap(h).containsKey(date) ? " (it is a holiday: no shift starts that day)" : "";
    return "On "
        + OncallMessages.day(date)
        + " "
        + OncallMessages.who(userId)
        + " takes the shift"
        + note
        + "; the order of the list stays as it is.";
  }

  String addHoliday(Handle h, String by, LocalDate date, String name) {
    dao.addHoliday(h, date, name, by, clock.millis());
    // A skipped day may change who is next (an override of it no longer applies).
    oncallLog.refresh(h);
    return "Holiday added: "
        + OncallMessages.day(date)
        + (name == null ? "" : " — " + SlackText.escape(name, 200))
        + ". The rotation skips it.";
  }

  String removeHoliday(Handle h, LocalDate date) {
    if (!dao.removeHoliday(h, date)) throw new Refusal(date + " is not a holiday of the rota.");
    oncallLog.refresh(h);
    return "Holiday removed: " + OncallMessages.day(date) + ".";
  }
}
