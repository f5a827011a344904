package dev.firstresponder.upgrade;

import dev.firstresponder.upgrade.Upgrade.Plan;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "starts soon" and "starting now" DMs to the crew, each once per start time. The Quartz job
 * calls {@link #sendDue}; what was sent is marked on the upgrade rows, so a restart neither loses
 * nor repeats one, and a reschedule re-arms them.
 */
final class UpgradeReminders {
  private static final Logger log = LoggerFactory.getLogger(UpgradeReminders.class);

  private final Jdbi jdbi;
  private final Clock clock;
  private final UpgradeDao dao;
  private final UpgradeNotices notices;
  private final boolean github;

  UpgradeReminders(Jdbi jdbi, Clock clock, UpgradeDao dao, UpgradeNotices notices, boolean github) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.dao = dao;
    this.notices = notices;
    this.github = github;
  }

  /** Sends the due reminders; returns how many upgrades got one. */
  int sendDue() {
    long now = clock.millis();
    int sent = 0;
    for (long id : jdbi.withHandle(h -> dao.dueStart(h, now))) {
      if (jdbi.inTransaction(h -> remind(h, id, true))) sent++;
    }
    for (long id :
        jdbi.withHandle(h -> dao.dueSoon(h, now, UpgradeRules.REMINDER_LEAD.toMillis()))) {
      if (jdbi.inTransaction(h -> remind(h, id, false))) sent++;
    }
    return sent;
  }

  private boolean remind(Handle h, long id, boolean start) {
    Optional<Upgrade> found = dao.find(h, id);
    if (found.isEmpty()) return false;
    Plan p = found.get().plan();
    if (!(start ? dao.claimStart(h, id) : dao.claimSoon(h, id))) return false;
    // Planned at short notice, or caught up after downtime: say how long it really is.
    long minutes = Math.max(1, (p.startsAt().toEpochMilli() - clock.millis() + 59_999) / 60_000);
    String what =
        start ? "starting now" : "starts in " + minutes + (minutes == 1 ? " minute" : " minutes");
    String text = UpgradeTemplates.reminder(id, p, what, github);
    for (String user : p.crew()) {
      notices.note(
          h,
          id,
          UpgradeNotices.remindKey(id, start ? "start" : "soon", p.startsAt().toEpochMilli(), user),
          user,
          text,
          UpgradeViews.reminder(text, id),
          p.cc());
    }
    log.info("upgrade {} reminder sent ({})", id, what);
    return true;
  }
}
