package dev.firstresponder.oncall;

import dev.firstresponder.Config;
import dev.firstresponder.github.GitHubEffects;
import dev.firstresponder.oncall.OncallMessages.Next;
import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.people.People;
import dev.firstresponder.slack.SlackEffects;
import dev.firstresponder.slack.SlackText;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rotation: shift starts (Quartz job, catch-up at start), handovers during a shift ({@code
 * /oncall handover}, removing the person on call) and the list changes. Every handover is decided
 * in one transaction: does the shift already have its handover (unique key), write the log row,
 * move the rota, enqueue the pings and the GitHub log update.
 */
public final class OncallService {
  private static final Logger log = LoggerFactory.getLogger(OncallService.class);
  static final String USERGROUP_EFFECT = "oncall.usergroup";
  static final String LOG_ISSUE_KEY = "oncall:log:issue";
  static final String GITHUB_STREAM = "github:oncall";
  private static final String CHANNEL_STREAM = "slack:oncall";

  /** A refusal or bad input: the message goes back to the user, nothing changed. */
  static final class Refusal extends RuntimeException {
    Refusal(String message) {
      super(message, null, false, false);
    }
  }

  /** Payload of {@link #USERGROUP_EFFECT}. */
  record UsergroupUpdate(String usergroup, List<String> users) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final Config.Oncall config;
  private final ShiftSchedule schedule;
  private final OncallDao dao = new OncallDao();
  private final Outbox outbox;
  private final People people;
  private final boolean github;
  private final Random random;

  /** One process decides at a time; the unique shift key guards against everything else. */
  private final Object lock = new Object();

  public OncallService(
      Jdbi jdbi,
      Clock clock,
      Config.Oncall config,
      Outbox outbox,
      People people,
      boolean github,
      Random random) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.config = config;
    this.schedule = new ShiftSchedule(config.cronExpression(), config.zone());
    this.outbox = outbox;
    this.people = people;
    this.github = github;
    this.random = random;
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
    Map<LocalDate, String> holidays = jdbi.withHandle(dao::holidayMap);
    schedule
        .latestAtOrBefore(now, holidays::containsKey)
        .ifPresent(t -> startShift(t, Handover.Kind.CATCH_UP));
  }

  void startShift(Instant t, Handover.Kind kind) {
    synchronized (lock) {
      jdbi.useTransaction(
          h -> {
            Map<LocalDate, String> holidays = dao.holidayMap(h);
            LocalDate date = schedule.date(t);
            Rota rota = dao.rota(h);
            if (rota.current() == null) return; // nobody on the list
            if (holidays.containsKey(date)) {
              Next next = next(h, rota, t, holidays);
              config
                  .channel()
                  .ifPresent(
                      c ->
                          post(
                              h,
                              CHANNEL_STREAM,
                              "oncall:holiday:" + date,
                              c,
                              OncallMessages.holiday(
                                  date, holidays.get(date), next, config.zone())));
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
            Successor to = successor(h, rota, date);
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
            handOver(
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
                  config
                      .channel()
                      .ifPresent(
                          c ->
                              post(
                                  h,
                                  CHANNEL_STREAM,
                                  "oncall:shift:" + t.toEpochMilli() + ":announce",
                                  c,
                                  OncallMessages.shiftStarted(
                                      to.userId(),
                                      rota.current(),
                                      date,
                                      next,
                                      config.zone(),
                                      kind == Handover.Kind.CATCH_UP,
                                      m)));
                  dm(
                      h,
                      "oncall:shift:" + t.toEpochMilli() + ":dm",
                      to.userId(),
                      OncallMessages.dmToday(date, next, config.zone()));
                  headsUp(h, t, next);
                });
          });
    }
  }

  private void announce(
      Handle h,
      Instant t,
      LocalDate date,
      Rota rota,
      Handover made,
      Map<LocalDate, String> holidays) {
    Next next = next(h, rota, t, holidays);
    config
        .channel()
        .ifPresent(
            c ->
                post(
                    h,
                    CHANNEL_STREAM,
                    "oncall:shift:" + t.toEpochMilli() + ":announce",
                    c,
                    OncallMessages.shiftAnnounced(
                        rota.current(), made, date, next, config.zone())));
    dm(
        h,
        "oncall:shift:" + t.toEpochMilli() + ":dm",
        rota.current(),
        OncallMessages.dmToday(date, next, config.zone()));
    headsUp(h, t, next);
  }

  private void headsUp(Handle h, Instant t, Next next) {
    if (next.userId() == null || next.at() == null) return;
    dm(
        h,
        "oncall:shift:" + t.toEpochMilli() + ":headsup",
        next.userId(),
        OncallMessages.headsUp(next.at(), config.zone()));
  }

  /**
   * Who takes the shift of a date: an override, else the rota's next (who then uses their turn).
   */
  private record Successor(String userId, boolean takesTurn) {}

  private Successor successor(Handle h, Rota rota, LocalDate date) {
    Optional<String> override = dao.override(h, date);
    if (override.isPresent()) return new Successor(override.get(), false);
    return new Successor(rota.next().orElse(null), true);
  }

  private Next next(Handle h, Rota rota, Instant after, Map<LocalDate, String> holidays) {
    Optional<Instant> at = schedule.nextAfter(after, holidays::containsKey);
    String who =
        at.flatMap(a -> dao.override(h, schedule.date(a)))
            .orElseGet(() -> rota.next().orElse(null));
    return new Next(who, at.orElse(null));
  }

  @FunctionalInterface
  private interface Pings {
    void enqueue(OncallMessages.Next next, long handoverId);
  }

  /** The one way the rota moves: log row (unique per shift), rota, state, usergroup, GitHub log. */
  private Optional<Long> handOver(
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
    Next next = next(h, after, shift != null ? shift : clock.instant(), holidays);
    pings.enqueue(next, id.get());
    if (handed.reshuffled() && after.members().size() > 1) {
      config
          .channel()
          .ifPresent(
              c ->
                  post(
                      h,
                      CHANNEL_STREAM,
                      "oncall:handover:" + id.get() + ":reshuffle",
                      c,
                      OncallMessages.reshuffled(after.members(), round)));
    }
    usergroup(h, to.userId(), now);
    githubLog(h, id.get(), kind, rota.current(), to.userId(), shiftDate, notes, next.userId());
    log.info(
        "on-call handover {} ({}): {} -> {}", id.get(), kind.code, rota.current(), to.userId());
    return id;
  }

  // ---- handovers during a shift ---------------------------------------------------------------

  /**
   * {@code /oncall handover} submitted: the handover for the next shift, made now. {@code expected}
   * is who was on call when the modal opened; if the rota moved since, nothing happens.
   */
  String handOverNow(String by, Handover.Notes notes, String viewId, String expected) {
    synchronized (lock) {
      return jdbi.inTransaction(
          h -> {
            if (viewId != null && dao.viewSeen(h, viewId)) return "Already handed over.";
            Rota rota = dao.rota(h);
            if (rota.current() == null) throw new Refusal("Nobody is on call: the list is empty.");
            if (expected != null && !expected.equals(rota.current())) {
              throw new Refusal(
                  "The rota moved on since you opened the handover: "
                      + OncallMessages.who(rota.current())
                      + " is on call now. Nothing was changed.");
            }
            Optional<Long> id =
                inShiftHandover(h, rota, Handover.Kind.MANUAL, notes, by, viewId, null);
            if (id.isEmpty())
              throw new Refusal("There is nobody to hand over to: add people with `/oncall add`.");
            return "Handed over to " + OncallMessages.who(dao.state(h).current()) + ". Thank you!";
          });
    }
  }

  /**
   * A handover made now, keyed by the next shift (or by no shift when that one already has one).
   */
  private Optional<Long> inShiftHandover(
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
    Successor to = successor(h, rota, date);
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
          config
              .channel()
              .ifPresent(
                  c ->
                      post(
                          h,
                          CHANNEL_STREAM,
                          "oncall:handover:" + id + ":channel",
                          c,
                          OncallMessages.handedOver(
                              rota.current(), who.userId(), by, kind, notes, next, config.zone())));
          dm(
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

  // ---- the list -------------------------------------------------------------------------------

  String add(String by, String userId, String githubLogin) {
    synchronized (lock) {
      return jdbi.inTransaction(
          h -> {
            if (githubLogin != null) people.link(h, userId, githubLogin);
            Rota rota = dao.rota(h);
            String login = githubLogin == null ? "" : " (GitHub `" + githubLogin + "`)";
            if (rota.contains(userId)) {
              if (githubLogin != null) refreshLog(h); // the checklist shows the login
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
              usergroup(h, userId, now);
              config
                  .channel()
                  .ifPresent(
                      c ->
                          post(
                              h,
                              CHANNEL_STREAM,
                              "oncall:first:" + userId + ":" + now,
                              c,
                              ":rotating_light: "
                                  + OncallMessages.who(userId)
                                  + " starts the on-call rota and is on call now.\n*Duties:*\n"
                                  + OncallMessages.DUTIES));
              refreshLog(h);
              return "Added "
                  + OncallMessages.who(userId)
                  + login
                  + ". The list was empty, so they are on call now.";
            }
            refreshLog(h);
            return "Added "
                + OncallMessages.who(userId)
                + login
                + " at position "
                + after.members().size()
                + ", the end of the current round.";
          });
    }
  }

  String remove(String by, String userId) {
    synchronized (lock) {
      return jdbi.inTransaction(
          h -> {
            Rota rota = dao.rota(h);
            if (!rota.contains(userId))
              throw new Refusal(OncallMessages.who(userId) + " is not on the on-call list.");
            long now = clock.millis();
            if (userId.equals(rota.current())) {
              Optional<Long> id =
                  inShiftHandover(
                      h, rota, Handover.Kind.REMOVAL, Handover.Notes.NONE, by, null, userId);
              Rota after = removeMember(h, dao.rota(h), userId, by, now);
              if (id.isEmpty()) {
                OncallDao.State st = dao.state(h);
                dao.setCurrent(h, null, null, st.round(), now);
                refreshLog(h);
                return "Removed "
                    + OncallMessages.who(userId)
                    + ". The list is empty now: nobody is on call.";
              }
              refreshLog(h);
              return "Removed "
                  + OncallMessages.who(userId)
                  + " and handed over to "
                  + OncallMessages.who(after.current())
                  + ".";
            }
            removeMember(h, rota, userId, by, now);
            refreshLog(h);
            return "Removed " + OncallMessages.who(userId) + " from the on-call list.";
          });
    }
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
        config
            .channel()
            .ifPresent(
                c ->
                    post(
                        h,
                        CHANNEL_STREAM,
                        "oncall:round:" + round + ":reshuffle",
                        c,
                        OncallMessages.reshuffled(after.members(), round)));
      }
    }
    return after;
  }

  String move(String by, String userId, int position) {
    synchronized (lock) {
      return jdbi.inTransaction(
          h -> {
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
          });
    }
  }

  /** Saves a new order, rewrites the log's checklist, and answers with the list as it now is. */
  private String reordered(Handle h, Rota after, String by, String what) {
    dao.saveMembers(h, after, by, clock.millis());
    refreshLog(h);
    String next = next(h, after, clock.instant(), dao.holidayMap(h)).userId();
    return what + "\n" + OncallMessages.list(after, next, dao.state(h).round());
  }

  String swap(String by, String a, String b) {
    synchronized (lock) {
      return jdbi.inTransaction(
          h -> {
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
          });
    }
  }

  String override(String by, String userId, LocalDate date) {
    LocalDate today = schedule.date(clock.instant());
    if (date.isBefore(today)) throw new Refusal(date + " is in the past.");
    if (!schedule.startsOn(date)) {
      throw new Refusal(
          OncallMessages.day(date) + " is not a working day of the rota: no shift starts then.");
    }
    synchronized (lock) {
      return jdbi.inTransaction(
          h -> {
            dao.putOverride(h, date, userId, by, clock.millis());
            refreshLog(h); // the checklist marks who is next, which an override may change
            String note =
                dao.holidayMap(h).containsKey(date)
                    ? " (it is a holiday: no shift starts that day)"
                    : "";
            return "On "
                + OncallMessages.day(date)
                + " "
                + OncallMessages.who(userId)
                + " takes the shift"
                + note
                + "; the order of the list stays as it is.";
          });
    }
  }

  String addHoliday(String by, LocalDate date, String name) {
    synchronized (lock) {
      return jdbi.inTransaction(
          h -> {
            dao.addHoliday(h, date, name, by, clock.millis());
            refreshLog(
                h); // a skipped day may change who is next (an override of it no longer applies)
            return "Holiday added: "
                + OncallMessages.day(date)
                + (name == null ? "" : " — " + SlackText.escape(name, 200))
                + ". The rotation skips it.";
          });
    }
  }

  String removeHoliday(LocalDate date) {
    synchronized (lock) {
      return jdbi.inTransaction(
          h -> {
            if (!dao.removeHoliday(h, date))
              throw new Refusal(date + " is not a holiday of the rota.");
            refreshLog(h);
            return "Holiday removed: " + OncallMessages.day(date) + ".";
          });
    }
  }

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

  // ---- reading --------------------------------------------------------------------------------

  String status() {
    return jdbi.withHandle(
        h -> {
          Rota rota = dao.rota(h);
          OncallDao.State st = dao.state(h);
          Next next = next(h, rota, clock.instant(), dao.holidayMap(h));
          return OncallMessages.status(rota.current(), st.since(), next, config.zone());
        });
  }

  String list() {
    return jdbi.withHandle(
        h -> {
          Rota rota = dao.rota(h);
          Next next = next(h, rota, clock.instant(), dao.holidayMap(h));
          return OncallMessages.list(rota, next.userId(), dao.state(h).round());
        });
  }

  String log(int n) {
    return OncallMessages.log(jdbi.withHandle(h -> dao.recent(h, n)), config.zone());
  }

  /** Who would take over if the handover happened now. */
  Optional<String> nextUser() {
    return Optional.ofNullable(
        jdbi.withHandle(h -> next(h, dao.rota(h), clock.instant(), dao.holidayMap(h)).userId()));
  }

  Optional<String> current() {
    return Optional.ofNullable(jdbi.withHandle(h -> dao.state(h).current()));
  }

  LocalDate today() {
    return schedule.date(clock.instant());
  }

  // ---- effects --------------------------------------------------------------------------------

  private void post(Handle h, String stream, String key, String channel, String text) {
    outbox.enqueue(
        h, Effect.of(stream, SlackEffects.POST, key, SlackEffects.Post.text(channel, text)));
  }

  private void dm(Handle h, String key, String userId, String text) {
    post(h, "slack:oncall:dm:" + userId, key, userId, text);
  }

  private void usergroup(Handle h, String userId, long now) {
    config
        .usergroup()
        .ifPresent(
            g ->
                outbox.enqueue(
                    h,
                    Effect.of(
                            "slack:oncall:usergroup",
                            USERGROUP_EFFECT,
                            "oncall:usergroup:" + userId + ":" + now,
                            new UsergroupUpdate(g, List.of(userId)))
                        .notifying(config.channel().orElse(null))));
  }

  /** The handover's comment on the log issue, and the checklist as it is now. */
  private void githubLog(
      Handle h,
      long id,
      Handover.Kind kind,
      String from,
      String to,
      LocalDate shiftDate,
      Handover.Notes notes,
      String next) {
    if (!github) return;
    // On a removal the list changes once more in the same transaction; remove() writes the body.
    if (kind != Handover.Kind.REMOVAL) syncLogBody(h, next);
    GitHubEffects.IssueRef issue = logIssue(h);
    Function<String, String> name = names(h, dao.rota(h), from, to);
    outbox.enqueue(
        h,
        Effect.of(
                GITHUB_STREAM,
                GitHubEffects.COMMENT,
                "oncall:handover:" + id + ":log-comment",
                new GitHubEffects.Comment(
                    issue,
                    OncallMessages.logComment(
                        kind, from, to, shiftDate, clock.instant(), config.zone(), notes, name)))
            .notifying(config.channel().orElse(null)));
  }

  /** After a change of the list outside a handover: the checklist with who is next from now. */
  private void refreshLog(Handle h) {
    if (!github) return;
    syncLogBody(h, next(h, dao.rota(h), clock.instant(), dao.holidayMap(h)).userId());
  }

  /**
   * Rewrites the log issue's body when the checklist it shows changed. The version counter is the
   * idempotency key: a repeated command that changes nothing enqueues nothing, and as the effects
   * of one stream apply in order, the newest body is the last one written, even after an outage.
   */
  private void syncLogBody(Handle h, String next) {
    Rota rota = dao.rota(h);
    String body = OncallMessages.logBody(rota, dao.state(h).round(), next, names(h, rota, next));
    OncallDao.LogBody last = dao.logBody(h);
    if (body.equals(last.body())) return;
    int version = last.version() + 1;
    dao.setLogBody(h, version, body);
    GitHubEffects.IssueRef issue = logIssue(h, body);
    outbox.enqueue(
        h,
        Effect.of(
                GITHUB_STREAM,
                GitHubEffects.SET_BODY,
                "oncall:log:body:" + version,
                new GitHubEffects.SetBody(issue, body))
            .notifying(config.channel().orElse(null)));
  }

  private GitHubEffects.IssueRef logIssue(Handle h) {
    return logIssue(h, dao.logBody(h).body());
  }

  /**
   * ONCALL_LOG_ISSUE, or the one issue created once (its create effect is keyed, so enqueued once).
   */
  private GitHubEffects.IssueRef logIssue(Handle h, String body) {
    if (config.logIssue().isPresent())
      return GitHubEffects.IssueRef.number(config.logIssue().get());
    outbox.enqueue(
        h,
        Effect.of(
                GITHUB_STREAM,
                GitHubEffects.CREATE_ISSUE,
                LOG_ISSUE_KEY,
                new GitHubEffects.CreateIssue(
                    OncallMessages.LOG_TITLE,
                    body == null ? "" : body,
                    List.of("oncall"),
                    List.of()))
            .notifying(config.channel().orElse(null)));
    return GitHubEffects.IssueRef.createdBy(LOG_ISSUE_KEY);
  }

  /**
   * GitHub names of the people on the list (and of the extra ones): their login, else their Slack
   * id.
   */
  private Function<String, String> names(Handle h, Rota rota, String... extra) {
    Map<String, String> logins = new HashMap<>();
    List<String> ids = new ArrayList<>(rota.members().stream().map(Member::userId).toList());
    if (rota.current() != null) ids.add(rota.current());
    for (String u : extra) if (u != null) ids.add(u);
    for (String u : ids) people.githubLogin(h, u).ifPresent(l -> logins.put(u, l));
    return u -> OncallMessages.names(logins, u);
  }
}
