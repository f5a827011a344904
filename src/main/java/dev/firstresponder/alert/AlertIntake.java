package dev.firstresponder.alert;

import dev.firstresponder.oncall.OnCallTeam;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a notification in one transaction: the group's new state and every effect it causes (the
 * page, message updates, the GitHub issue) are stored together before Alertmanager gets its 200, so
 * a crash loses nothing and a repeat finds nothing to do.
 */
final class AlertIntake {
  private static final Logger log = LoggerFactory.getLogger(AlertIntake.class);

  private final Jdbi jdbi;
  private final Clock clock;
  private final AlertSettings settings;
  private final AlertDao dao;
  private final Pager pager;
  private final AlertIssues issues;
  private final Snapshots snapshots;
  private final Supplier<OnCallTeam> team;
  private final AlertMetrics metrics;

  /**
   * Requests of this process queue here for the write lock, in order, rather than in SQLite's busy
   * handler, whose growing sleeps let a burst of notifications wait far longer than the writes
   * take.
   */
  private final ReentrantLock writing = new ReentrantLock(true);

  AlertIntake(
      Jdbi jdbi,
      Clock clock,
      AlertSettings settings,
      AlertDao dao,
      Pager pager,
      AlertIssues issues,
      Snapshots snapshots,
      Supplier<OnCallTeam> team,
      AlertMetrics metrics) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.settings = settings;
    this.dao = dao;
    this.pager = pager;
    this.issues = issues;
    this.snapshots = snapshots;
    this.team = team;
    this.metrics = metrics;
  }

  /** Stores what the notification changes; returns what that was, for the log and the reply. */
  String accept(Notification n) {
    // Most notifications repeat what is stored: decide from a plain read first, and take the
    // write lock (and read the rota, for a page) only when something changes.
    AlertRules.Change change = jdbi.withHandle(h -> decide(h, n, dao.groupId(h, n.groupKey())));
    if (!(change instanceof AlertRules.Change.Nothing)) {
      Optional<OnCallTeam> rota =
          change instanceof AlertRules.Change.Open ? Optional.of(team.get()) : Optional.empty();
      writing.lock();
      try {
        change = jdbi.inTransaction(h -> store(h, n, rota));
      } finally {
        writing.unlock();
      }
    }
    long firing = n.alerts().stream().filter(Notification.Alert::firing).count();
    if (firing > 0) metrics.received(Notification.FIRING, (int) firing);
    if (firing < n.alerts().size()) {
      metrics.received(Notification.RESOLVED, n.alerts().size() - (int) firing);
    }
    String outcome = describe(change);
    log.info("alert group {}: {}", n.groupKey(), outcome);
    return outcome;
  }

  private AlertRules.Change decide(Handle h, Notification n, Optional<Long> groupId) {
    Optional<Episode> latest = groupId.flatMap(g -> dao.latest(h, g));
    List<Notification.Alert> stored = latest.map(e -> dao.alerts(h, e.id())).orElse(List.of());
    return AlertRules.decide(latest, stored, n);
  }

  /** Decides again under the write lock (another request may have been first) and stores it. */
  private AlertRules.Change store(Handle h, Notification n, Optional<OnCallTeam> rota) {
    long now = clock.millis();
    long groupId = dao.group(h, n.groupKey(), n.receiver(), now);
    AlertRules.Change c = decide(h, n, Optional.of(groupId));
    Optional<Episode> latest = dao.latest(h, groupId);
    if (c instanceof AlertRules.Change.Open open) {
      long id =
          dao.insertEpisode(
              h, groupId, settings.channel().orElseThrow(), n, since(open.alerts()), now);
      dao.saveAlerts(h, id, open.alerts());
      Escalation.Page page =
          Escalation.first(rota.orElseGet(team), settings, Instant.ofEpochMilli(now));
      dao.claimLevel(h, id, 0, page.level(), page.nextAt().orElse(null), now, false);
      Episode e = dao.find(h, id).orElseThrow();
      pager.page(h, e, page, true, null, null, now);
      if (issues.on()) issues.opened(h, snapshots.of(h, e));
    } else if (c instanceof AlertRules.Change.Update update) {
      Episode e = latest.orElseThrow();
      dao.saveAlerts(h, e.id(), update.alerts());
      dao.updateEpisode(h, e.id(), n, since(update.alerts()), now);
      pager.refresh(h, e.id());
      if (issues.on()) issues.changed(h, snapshots.of(h, dao.find(h, e.id()).orElseThrow()));
    } else if (c instanceof AlertRules.Change.Resolve resolve) {
      Episode e = latest.orElseThrow();
      dao.saveAlerts(h, e.id(), resolve.alerts());
      dao.resolve(h, e.id(), now);
      pager.refresh(h, e.id());
      if (issues.on()) issues.resolved(h, snapshots.of(h, dao.find(h, e.id()).orElseThrow()));
    }
    return c;
  }

  private static Instant since(List<Notification.Alert> alerts) {
    return alerts.stream()
        .filter(Notification.Alert::firing)
        .map(Notification.Alert::startsAt)
        .min(Comparator.naturalOrder())
        .or(() -> alerts.stream().map(Notification.Alert::startsAt).min(Comparator.naturalOrder()))
        .orElseThrow();
  }

  private static String describe(AlertRules.Change c) {
    if (c instanceof AlertRules.Change.Nothing nothing)
      return "nothing new (" + nothing.why() + ")";
    if (c instanceof AlertRules.Change.Open) return "firing: paged";
    if (c instanceof AlertRules.Change.Update) return "alerts changed: messages updated";
    return "resolved";
  }
}
