package dev.firstresponder.alert;

import dev.firstresponder.incident.DeclarationPrefill;
import dev.firstresponder.incident.DeclarationSource;
import dev.firstresponder.oncall.OnCallTeam;
import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.slack.SlackText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a firing episode after its page: escalation when a level is due (the timer) or
 * asked for, acknowledgement, silencing, and the incident declared from it. Each is one
 * transaction; answers are the ephemeral text for the person who clicked.
 */
final class AlertService {
  private static final Logger log = LoggerFactory.getLogger(AlertService.class);

  /** How long the Silence button silences a group. */
  static final Duration SILENCE_FOR = Duration.ofHours(1);

  private static final int DUE_BATCH = 100;

  private final Jdbi jdbi;
  private final Clock clock;
  private final AlertSettings settings;
  private final AlertDao dao;
  private final Pager pager;
  private final Snapshots snapshots;
  private final Outbox outbox;
  private final Supplier<OnCallTeam> team;
  private final AlertMetrics metrics;

  AlertService(
      Jdbi jdbi,
      Clock clock,
      AlertSettings settings,
      AlertDao dao,
      Pager pager,
      Snapshots snapshots,
      Outbox outbox,
      Supplier<OnCallTeam> team,
      AlertMetrics metrics) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.settings = settings;
    this.dao = dao;
    this.pager = pager;
    this.snapshots = snapshots;
    this.outbox = outbox;
    this.team = team;
    this.metrics = metrics;
  }

  // ---- escalation -----------------------------------------------------------------------------

  /**
   * The timer's work: pages every level that is due. Each episode in its own transaction, claimed
   * by a conditional update, so a level is paged once however many processes or runs see it due.
   */
  int escalateDue() {
    long now = clock.millis();
    List<Long> due = jdbi.withHandle(h -> dao.due(h, now, DUE_BATCH));
    if (due.isEmpty()) return 0;
    OnCallTeam rota = team.get();
    int paged = 0;
    for (long id : due) {
      try {
        if (jdbi.inTransaction(h -> escalate(h, id, rota, null, now))) paged++;
      } catch (RuntimeException e) {
        log.warn(
            "alert episode {}: escalation failed, retried at the next tick: {}", id, e.toString());
      }
    }
    return paged;
  }

  /** Pages the level after the episode's current one; false when someone else already did. */
  private boolean escalate(Handle h, long id, OnCallTeam rota, String by, long now) {
    Optional<Snapshot> found = snapshots.find(h, id);
    if (found.isEmpty() || !found.get().episode().firing()) return false;
    Episode e = found.get().episode();
    Instant at = Instant.ofEpochMilli(now);
    Optional<Escalation.Page> next =
        Escalation.after(e.level(), rota, settings, found.get().paged(), at);
    if (next.isEmpty()) return false;
    Escalation.Page page = next.get();
    if (!dao.claimLevel(
        h, id, e.level(), page.level(), page.nextAt().orElse(null), now, by == null)) {
      return false;
    }
    Episode claimed = dao.find(h, id).orElseThrow();
    pager.page(h, claimed, page, false, Duration.between(e.openedAt(), at), by, now);
    return true;
  }

  /** Escalate now: pages the next level at once, even after an acknowledgement. */
  String escalateNow(long id, String user) {
    long now = clock.millis();
    OnCallTeam rota = team.get();
    return onFiring(
        id,
        "This alert group has resolved; nobody needs paging.",
        (h, e) -> {
          if (e.level() >= Episode.TOP_LEVEL) {
            return "The whole team (level 3) is already paged for this alert group.";
          }
          if (!escalate(h, id, rota, user, now)) return "Someone escalated it a moment ago.";
          int level = dao.find(h, id).orElseThrow().level();
          return ":rotating_light: Escalated: level " + level + " is paged now.";
        });
  }

  /**
   * Runs a button's action on a firing episode in one transaction; the answer to the clicker when
   * the episode is gone or has resolved.
   */
  private String onFiring(
      long id, String whenResolved, BiFunction<Handle, Episode, String> action) {
    return jdbi.inTransaction(
        h -> {
          Optional<Episode> found = dao.find(h, id);
          if (found.isEmpty()) return "I do not know this alert group any more.";
          if (!found.get().firing()) return whenResolved;
          return action.apply(h, found.get());
        });
  }

  // ---- acknowledgement ------------------------------------------------------------------------

  String acknowledge(long id, String user) {
    long now = clock.millis();
    return onFiring(
        id,
        "This alert group has already resolved.",
        (h, e) -> {
          if (!acknowledge(h, e, user, now)) {
            return "Already acknowledged by "
                + SlackText.mention(e.acknowledgedBy())
                + " after "
                + AlertViews.duration(e.timeToAcknowledge().orElseThrow())
                + "; nothing changed.";
          }
          return ":ballot_box_with_check: Acknowledged: escalation stopped for this alert group.";
        });
  }

  /**
   * The first acknowledgement stops escalation and shows on the messages; later ones change
   * nothing.
   */
  private boolean acknowledge(Handle h, Episode e, String user, long now) {
    if (!dao.acknowledge(h, e.id(), user, now)) return false;
    pager.refresh(h, e.id());
    Duration after = Duration.ofMillis(Math.max(0, now - e.openedAt().toEpochMilli()));
    h.afterCommit(() -> metrics.acknowledged(after));
    return true;
  }

  // ---- silence --------------------------------------------------------------------------------

  /** Payload of {@link AlertEffects#SILENCE}. */
  record SilenceRequest(long episodeId, Map<String, String> matchers, String by, String byName) {}

  /**
   * Queues a silence of the group in Alertmanager for an hour (it survives an Alertmanager restart
   * or outage: the outbox retries), and acknowledges the episode: whoever silences it is on it.
   */
  String silence(long id, String user, String userName) {
    if (settings.alertmanagerUrl().isEmpty()) return "Silencing needs ALERTMANAGER_URL to be set.";
    long now = clock.millis();
    return onFiring(
        id,
        "This alert group has resolved; there is nothing to silence.",
        (h, e) -> {
          var matchers = AlertRules.silenceMatchers(e);
          if (matchers.isEmpty()) {
            return "This group has no labels to match, so I cannot silence it from here.";
          }
          int n = dao.nextSilence(h, id);
          outbox.enqueue(
              h,
              Effect.of(
                      "alertmanager:" + id,
                      AlertEffects.SILENCE,
                      e.key("silence:" + n),
                      new SilenceRequest(id, matchers, user, userName))
                  .notifying(user));
          acknowledge(h, e, user, now);
          return ":mute: Asking Alertmanager to silence this group for 1 hour; the thread will say when it is done.";
        });
  }

  // ---- incidents ------------------------------------------------------------------------------

  /** The declaration form's start, from the alert's labels and annotations; empty when resolved. */
  Optional<DeclarationPrefill> prefill(long id) {
    return jdbi.withHandle(h -> snapshots.find(h, id))
        .filter(s -> s.episode().firing())
        .map(
            s -> {
              AlertFacts f = s.facts();
              List<String> links = new ArrayList<>();
              f.generatorUrl().ifPresent(links::add);
              f.runbookUrl().ifPresent(links::add);
              AlertRules.alertmanagerLink(s.episode()).ifPresent(links::add);
              return new DeclarationPrefill(
                  f.cluster().orElse(null),
                  f.service().orElse(null),
                  f.headline(),
                  String.join("\n", links),
                  "alert:" + id);
            });
  }

  /**
   * An incident was declared from the episode (inside the declaring transaction): link both ways,
   * acknowledge for the declarer, and show the incident's channel on the alert once it exists.
   */
  Optional<String> declared(Handle h, String ref, DeclarationSource.Declared incident) {
    long id;
    try {
      id = Long.parseLong(ref);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    Optional<Snapshot> found = snapshots.find(h, id);
    if (found.isEmpty()) return Optional.empty();
    Episode e = found.get().episode();
    long now = clock.millis();
    boolean linked = dao.linkIncident(h, id, incident.incidentId(), now);
    if (e.firing()) acknowledge(h, e, incident.declaredBy(), now);
    if (linked) {
      pager.refresh(h, id);
      // Queued behind the incident's channel creation, so the alert can link the channel.
      outbox.enqueue(
          h,
          Effect.of(
              incident.slackStream(),
              AlertEffects.REFRESH,
              e.key("incident:" + incident.incidentId()),
              new AlertEffects.Refresh(id, 0, true)));
    }
    AlertFacts f = found.get().facts();
    return Optional.of(
        SlackText.truncate(
            "the alert %s (%s), firing since %s%s"
                .formatted(
                    f.alertname(),
                    f.where(),
                    f.firingSince(),
                    f.summary().map(v -> ": " + v).orElse("")),
            500));
  }

  // ---- reading --------------------------------------------------------------------------------

  List<Snapshot> firing() {
    return jdbi.withHandle(h -> dao.firing(h).stream().map(e -> snapshots.of(h, e)).toList());
  }

  long countFiring() {
    return jdbi.withHandle(dao::countFiring);
  }
}
