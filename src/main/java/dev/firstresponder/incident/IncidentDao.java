package dev.firstresponder.incident;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Incidents in SQL. Every method takes the caller's handle, so state and outbox share a
 * transaction.
 */
final class IncidentDao {

  long insert(Handle h, Declaration d, String declaredBy, Instant at, String viewId) {
    long id =
        h.createUpdate(
                """
            INSERT INTO incident (cluster, service, short_message, impacted_users, related_links, criteria,
                                  severity, declared_by, cc_user, declared_at, status, source_view_id, next_update_due_at)
            VALUES (:cluster, :service, :short, :impact, :links, :criteria, :severity, :by, :cc, :at, 'open', :view, :due)
            """)
            .bind("cluster", d.cluster())
            .bind("service", d.service())
            .bind("short", d.shortMessage())
            .bind("impact", d.impactedUsers())
            .bind("links", d.relatedLinks())
            .bind("criteria", Criterion.codes(d.criteria()))
            .bind("severity", d.severity())
            .bind("by", declaredBy)
            .bind("cc", d.ccUser())
            .bind("at", at.toEpochMilli())
            .bind("view", viewId)
            // The declaration's promise of the first update: the reminder job watches it like any
            // other.
            .bind(
                "due",
                d.nextUpdateMinutes() == null || d.nextUpdateMinutes() == 0
                    ? null
                    : at.toEpochMilli() + d.nextUpdateMinutes() * 60_000L)
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    setOts(h, id, d.ots());
    return id;
  }

  /** What the incident was declared from (an alert), as its source names it. */
  void setDeclaredFrom(Handle h, long id, String text) {
    h.createUpdate("UPDATE incident SET declared_from = :text WHERE id = :id")
        .bind("text", text)
        .bind("id", id)
        .execute();
  }

  void setOts(Handle h, long id, List<String> ots) {
    h.createUpdate("DELETE FROM incident_ot WHERE incident_id = :id").bind("id", id).execute();
    for (String ot : ots) {
      h.createUpdate(
              """
              INSERT INTO incident_ot (incident_id, user_id) VALUES (:id, :user)
              ON CONFLICT (incident_id, user_id) DO NOTHING
              """)
          .bind("id", id)
          .bind("user", ot)
          .execute();
    }
  }

  Optional<Incident> find(Handle h, long id) {
    return findBy(h, "id", id);
  }

  Optional<Incident> byViewId(Handle h, String viewId) {
    return findBy(h, "source_view_id", viewId);
  }

  Optional<Incident> byChannel(Handle h, String channelId) {
    return findBy(h, "channel_id", channelId);
  }

  /** The one incident whose (unique) column has this value. */
  private static Optional<Incident> findBy(Handle h, String column, Object value) {
    return h.createQuery("SELECT * FROM incident WHERE " + column + " = :value")
        .bind("value", value)
        .map((rs, ctx) -> row(rs))
        .findOne()
        .map(i -> withOts(h, i));
  }

  List<Incident> open(Handle h) {
    return h
        .createQuery("SELECT * FROM incident WHERE status = 'open' ORDER BY declared_at, id")
        .map((rs, ctx) -> row(rs))
        .list()
        .stream()
        .map(i -> withOts(h, i))
        .toList();
  }

  /** Open incidents whose promised update is overdue and not yet reminded of. */
  List<Incident> overdue(Handle h, Instant now) {
    return h
        .createQuery(
            """
            SELECT * FROM incident
            WHERE status = 'open' AND next_update_due_at IS NOT NULL AND next_update_due_at <= :now
              AND channel_id IS NOT NULL
              AND (reminded_due_at IS NULL OR reminded_due_at <> next_update_due_at)
            ORDER BY id
            """)
        .bind("now", now.toEpochMilli())
        .map((rs, ctx) -> row(rs))
        .list()
        .stream()
        .map(i -> withOts(h, i))
        .toList();
  }

  /** Marks the promise as reminded; false when another run got there first. */
  boolean markReminded(Handle h, long id, Instant due) {
    return h.createUpdate(
                """
            UPDATE incident SET reminded_due_at = :due
            WHERE id = :id AND next_update_due_at = :due AND (reminded_due_at IS NULL OR reminded_due_at <> :due)
            """)
            .bind("id", id)
            .bind("due", due.toEpochMilli())
            .execute()
        == 1;
  }

  void setChannel(Handle h, long id, String channelId, String channelName) {
    h.createUpdate("UPDATE incident SET channel_id = :c, channel_name = :n WHERE id = :id")
        .bind("c", channelId)
        .bind("n", channelName)
        .bind("id", id)
        .execute();
  }

  void setIssue(Handle h, long id, int number, String url) {
    h.createUpdate("UPDATE incident SET issue_number = :n, issue_url = :u WHERE id = :id")
        .bind("n", number)
        .bind("u", url)
        .bind("id", id)
        .execute();
  }

  /** Records a status update; empty when this modal submission was already recorded. */
  Optional<Integer> addUpdate(
      Handle h, long id, StatusUpdate u, String by, Instant at, String viewId) {
    boolean seen =
        h.createQuery("SELECT count(*) FROM incident_update WHERE source_view_id = :v")
                .bind("v", viewId)
                .mapTo(Integer.class)
                .one()
            > 0;
    if (seen) return Optional.empty();
    h.createUpdate(
            "UPDATE incident SET update_count = update_count + 1, next_update_due_at = :due WHERE id = :id")
        .bind(
            "due",
            u.nextInMinutes() == null || u.nextInMinutes() == 0
                ? null
                : at.toEpochMilli() + u.nextInMinutes() * 60_000L)
        .bind("id", id)
        .execute();
    int seq =
        h.createQuery("SELECT update_count FROM incident WHERE id = :id")
            .bind("id", id)
            .mapTo(Integer.class)
            .one();
    h.createUpdate(
            """
            INSERT INTO incident_update (incident_id, seq, impact, action_taken, user_action, next_in_minutes,
                                         posted_by, posted_at, source_view_id)
            VALUES (:id, :seq, :impact, :action, :users, :next, :by, :at, :view)
            """)
        .bind("id", id)
        .bind("seq", seq)
        .bind("impact", u.impact())
        .bind("action", u.actionTaken())
        .bind("users", u.userAction())
        .bind("next", u.nextInMinutes())
        .bind("by", by)
        .bind("at", at.toEpochMilli())
        .bind("view", viewId)
        .execute();
    return Optional.of(seq);
  }

  /** Resolves an open incident; false when it was already resolved (a second click or delivery). */
  boolean resolve(Handle h, long id, String by, Instant at, String lingering) {
    return h.createUpdate(
                """
            UPDATE incident SET status = 'resolved', resolved_at = :at, resolved_by = :by,
                                lingering_effects = :lingering, duration_ms = :at - declared_at,
                                next_update_due_at = NULL
            WHERE id = :id AND status = 'open'
            """)
            .bind("id", id)
            .bind("by", by)
            .bind("at", at.toEpochMilli())
            .bind("lingering", lingering)
            .execute()
        == 1;
  }

  /** New roles; returns the new roles version, which numbers the effects of this change. */
  int changeRoles(Handle h, long id, String cc, List<String> ots) {
    h.createUpdate(
            "UPDATE incident SET cc_user = :cc, roles_version = roles_version + 1 WHERE id = :id")
        .bind("cc", cc)
        .bind("id", id)
        .execute();
    setOts(h, id, ots);
    return h.createQuery("SELECT roles_version FROM incident WHERE id = :id")
        .bind("id", id)
        .mapTo(Integer.class)
        .one();
  }

  private static Incident withOts(Handle h, Incident i) {
    List<String> ots =
        h.createQuery("SELECT user_id FROM incident_ot WHERE incident_id = :id ORDER BY user_id")
            .bind("id", i.id())
            .mapTo(String.class)
            .list();
    return new Incident(
        i.id(),
        i.cluster(),
        i.service(),
        i.shortMessage(),
        i.impactedUsers(),
        i.relatedLinks(),
        i.criteria(),
        i.severity(),
        i.declaredBy(),
        i.ccUser(),
        List.copyOf(ots),
        i.declaredAt(),
        i.status(),
        i.resolvedAt(),
        i.resolvedBy(),
        i.lingeringEffects(),
        i.channelId(),
        i.channelName(),
        i.issueNumber(),
        i.issueUrl(),
        i.nextUpdateDueAt(),
        i.updateCount(),
        i.rolesVersion(),
        i.declaredFrom());
  }

  private static Incident row(ResultSet rs) throws SQLException {
    return new Incident(
        rs.getLong("id"),
        rs.getString("cluster"),
        rs.getString("service"),
        rs.getString("short_message"),
        rs.getString("impacted_users"),
        rs.getString("related_links"),
        Criterion.parse(rs.getString("criteria")),
        rs.getString("severity"),
        rs.getString("declared_by"),
        rs.getString("cc_user"),
        List.of(),
        Instant.ofEpochMilli(rs.getLong("declared_at")),
        Incident.Status.of(rs.getString("status")),
        instant(rs, "resolved_at"),
        rs.getString("resolved_by"),
        rs.getString("lingering_effects"),
        rs.getString("channel_id"),
        rs.getString("channel_name"),
        integer(rs, "issue_number"),
        rs.getString("issue_url"),
        instant(rs, "next_update_due_at"),
        rs.getInt("update_count"),
        rs.getInt("roles_version"),
        rs.getString("declared_from"));
  }

  private static Integer integer(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
