package dev.firstresponder.upgrade;

import dev.firstresponder.upgrade.Upgrade.Cluster;
import dev.firstresponder.upgrade.Upgrade.Kind;
import dev.firstresponder.upgrade.Upgrade.Plan;
import dev.firstresponder.upgrade.Upgrade.Service;
import dev.firstresponder.upgrade.Upgrade.Status;
import dev.firstresponder.upgrade.Upgrade.Target;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The upgrade tables. Every method runs in the caller's handle, so state and outbox share a
 * transaction.
 */
final class UpgradeDao {
  private static final String COLUMNS =
      """
      id, kind, environment, cluster, cluster_url, service, current_version, new_version, starts_at, zone,
      duration_minutes, comments, links, cc_user, status, revision, updates, lingering_effects
      """;

  /** Stores a new plan; empty when this modal submission was already stored (a redelivery). */
  Optional<Long> insert(Handle h, Plan p, String createdBy, long now, String viewId) {
    int rows =
        h.createUpdate(
                """
            INSERT INTO upgrade (kind, environment, cluster, cluster_url, service, current_version, new_version,
                                 starts_at, zone, duration_minutes, comments, links, cc_user, created_by, created_at,
                                 source_view_id)
            VALUES (:kind, :env, :cluster, :url, :service, :cur, :next, :start, :zone, :minutes, :comments, :links,
                    :cc, :by, :now, :view)
            ON CONFLICT (source_view_id) DO NOTHING
            """)
            .bind("kind", p.target().kind().id())
            .bind("env", p.target().cluster().environment())
            .bind("cluster", p.target().cluster().name())
            .bind("url", p.target().cluster().url())
            .bind("service", p.target() instanceof Service s ? s.name() : null)
            .bind("cur", p.currentVersion())
            .bind("next", p.newVersion())
            .bind("start", p.startsAt().toEpochMilli())
            .bind("zone", p.zone().getId())
            .bind("minutes", p.durationMinutes())
            .bind("comments", p.comments())
            .bind("links", p.links().isEmpty() ? null : String.join("\n", p.links()))
            .bind("cc", p.cc())
            .bind("by", createdBy)
            .bind("now", now)
            .bind("view", viewId)
            .execute();
    // Looked up by the unique view id rather than generated keys: portable, and exact on a no-op
    // insert.
    Optional<Long> id = rows == 1 ? byView(h, viewId) : Optional.empty();
    id.ifPresent(
        n -> {
          for (String ot : p.ots()) {
            h.createUpdate(
                    "INSERT INTO upgrade_ot (upgrade_id, user_id) VALUES (:id, :u) ON CONFLICT DO NOTHING")
                .bind("id", n)
                .bind("u", ot)
                .execute();
          }
        });
    return id;
  }

  Optional<Long> byView(Handle h, String viewId) {
    return h.createQuery("SELECT id FROM upgrade WHERE source_view_id = :v")
        .bind("v", viewId)
        .mapTo(Long.class)
        .findOne();
  }

  Optional<Upgrade> find(Handle h, long id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM upgrade WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> row(rs))
        .findOne()
        .map(u -> withOts(h, u));
  }

  /** Planned and running upgrades, soonest first. */
  List<Upgrade> open(Handle h) {
    return h
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM upgrade WHERE status IN ('planned', 'running') ORDER BY starts_at, id")
        .map((rs, ctx) -> row(rs))
        .list()
        .stream()
        .map(u -> withOts(h, u))
        .toList();
  }

  void addChannel(Handle h, long id, String channel) {
    h.createUpdate(
            "INSERT INTO upgrade_channel (upgrade_id, channel_id) VALUES (:id, :c) ON CONFLICT DO NOTHING")
        .bind("id", id)
        .bind("c", channel)
        .execute();
  }

  List<String> channels(Handle h, long id) {
    return h.createQuery("SELECT channel_id FROM upgrade_channel WHERE upgrade_id = :id")
        .bind("id", id)
        .mapTo(String.class)
        .list();
  }

  /** Moves an open upgrade to done or cancelled; false when it was no longer open. */
  boolean finish(Handle h, long id, Status to, long now, String text) {
    return h.createUpdate(
                """
            UPDATE upgrade SET status = :to, finished_at = :now, lingering_effects = :text
            WHERE id = :id AND status IN ('planned', 'running')
            """)
            .bind("to", to.id())
            .bind("now", now)
            .bind("text", text)
            .bind("id", id)
            .execute()
        == 1;
  }

  /** New start and duration; returns the new revision, or empty when the upgrade is not open. */
  Optional<Integer> reschedule(Handle h, long id, Instant start, int minutes) {
    int rows =
        h.createUpdate(
                """
            UPDATE upgrade SET starts_at = :start, duration_minutes = :minutes, revision = revision + 1,
                               status = 'planned'
            WHERE id = :id AND status IN ('planned', 'running')
            """)
            .bind("start", start.toEpochMilli())
            .bind("minutes", minutes)
            .bind("id", id)
            .execute();
    if (rows == 0) return Optional.empty();
    return Optional.of(
        h.createQuery("SELECT revision FROM upgrade WHERE id = :id")
            .bind("id", id)
            .mapTo(Integer.class)
            .one());
  }

  /** Counts one more issue update and returns its number. */
  int nextUpdate(Handle h, long id) {
    h.createUpdate("UPDATE upgrade SET updates = updates + 1 WHERE id = :id")
        .bind("id", id)
        .execute();
    return h.createQuery("SELECT updates FROM upgrade WHERE id = :id")
        .bind("id", id)
        .mapTo(Integer.class)
        .one();
  }

  /** Planned upgrades whose "starts soon" reminder for their current start is due and unsent. */
  List<Long> dueSoon(Handle h, long now, long leadMillis) {
    return h.createQuery(
            """
            SELECT id FROM upgrade
            WHERE status = 'planned' AND starts_at - :lead <= :now
              AND (soon_reminded_for IS NULL OR soon_reminded_for <> starts_at)
            ORDER BY id
            """)
        .bind("now", now)
        .bind("lead", leadMillis)
        .mapTo(Long.class)
        .list();
  }

  /** Claims the "starts soon" reminder; false when another run already sent it. */
  boolean claimSoon(Handle h, long id) {
    return h.createUpdate(
                """
            UPDATE upgrade SET soon_reminded_for = starts_at
            WHERE id = :id AND status = 'planned' AND (soon_reminded_for IS NULL OR soon_reminded_for <> starts_at)
            """)
            .bind("id", id)
            .execute()
        == 1;
  }

  List<Long> dueStart(Handle h, long now) {
    return h.createQuery(
            """
            SELECT id FROM upgrade
            WHERE status = 'planned' AND starts_at <= :now
              AND (start_reminded_for IS NULL OR start_reminded_for <> starts_at)
            ORDER BY id
            """)
        .bind("now", now)
        .mapTo(Long.class)
        .list();
  }

  /** Claims the start reminder and marks the upgrade running. */
  boolean claimStart(Handle h, long id) {
    return h.createUpdate(
                """
            UPDATE upgrade SET start_reminded_for = starts_at, soon_reminded_for = starts_at, status = 'running'
            WHERE id = :id AND status = 'planned' AND (start_reminded_for IS NULL OR start_reminded_for <> starts_at)
            """)
            .bind("id", id)
            .execute()
        == 1;
  }

  private static Upgrade withOts(Handle h, Upgrade u) {
    List<String> ots =
        h.createQuery("SELECT user_id FROM upgrade_ot WHERE upgrade_id = :id ORDER BY user_id")
            .bind("id", u.id())
            .mapTo(String.class)
            .list();
    return new Upgrade(
        u.id(), u.plan().withOts(ots), u.status(), u.revision(), u.updates(), u.lingeringEffects());
  }

  private static Target target(ResultSet rs) throws SQLException {
    Cluster cluster =
        new Cluster(
            rs.getString("environment"), rs.getString("cluster"), rs.getString("cluster_url"));
    return switch (Kind.of(rs.getString("kind"))) {
      case CLUSTER -> cluster;
      case SERVICE -> new Service(rs.getString("service"), cluster);
    };
  }

  private static Upgrade row(ResultSet rs) throws SQLException {
    String links = rs.getString("links");
    Plan p =
        new Plan(
            target(rs),
            rs.getString("current_version"),
            rs.getString("new_version"),
            Instant.ofEpochMilli(rs.getLong("starts_at")),
            ZoneId.of(rs.getString("zone")),
            rs.getInt("duration_minutes"),
            rs.getString("comments"),
            links == null ? List.of() : Arrays.asList(links.split("\n")),
            rs.getString("cc_user"),
            List.of());
    return new Upgrade(
        rs.getLong("id"),
        p,
        Status.of(rs.getString("status")),
        rs.getInt("revision"),
        rs.getInt("updates"),
        rs.getString("lingering_effects"));
  }
}
