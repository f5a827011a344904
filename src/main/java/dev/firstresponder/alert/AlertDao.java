package dev.firstresponder.alert;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import dev.firstresponder.outbox.Json;
import java.lang.reflect.Type;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Alert groups, their episodes and alerts in SQL; every method takes the caller's handle. */
final class AlertDao {
  private static final Type LABELS = new TypeToken<Map<String, String>>() {}.getType();
  private static final Gson GSON = new Gson();

  long group(Handle h, String groupKey, String receiver, long now) {
    h.createUpdate(
            """
            INSERT INTO alert_group (group_key, receiver, created_at) VALUES (:key, :receiver, :now)
            ON CONFLICT (group_key) DO NOTHING
            """)
        .bind("key", groupKey)
        .bind("receiver", receiver)
        .bind("now", now)
        .execute();
    return groupId(h, groupKey).orElseThrow();
  }

  Optional<Long> groupId(Handle h, String groupKey) {
    return h.createQuery("SELECT id FROM alert_group WHERE group_key = :key")
        .bind("key", groupKey)
        .mapTo(Long.class)
        .findOne();
  }

  private static final String EPISODE =
      "SELECT e.*, g.group_key FROM alert_episode e JOIN alert_group g ON g.id = e.group_id ";

  Optional<Episode> latest(Handle h, long groupId) {
    return h.createQuery(EPISODE + "WHERE e.group_id = :g ORDER BY e.id DESC LIMIT 1")
        .bind("g", groupId)
        .map((rs, ctx) -> episode(rs))
        .findOne();
  }

  Optional<Episode> find(Handle h, long id) {
    return h.createQuery(EPISODE + "WHERE e.id = :id")
        .bind("id", id)
        .map((rs, ctx) -> episode(rs))
        .findOne();
  }

  List<Episode> firing(Handle h) {
    return h.createQuery(EPISODE + "WHERE e.status = 'firing' ORDER BY e.opened_at, e.id")
        .map((rs, ctx) -> episode(rs))
        .list();
  }

  long countFiring(Handle h) {
    return h.createQuery("SELECT count(*) FROM alert_episode WHERE status = 'firing'")
        .mapTo(Long.class)
        .one();
  }

  /** Firing episodes whose next level is due, oldest first. */
  List<Long> due(Handle h, long now, int limit) {
    return h.createQuery(
            """
            SELECT id FROM alert_episode
            WHERE next_level_at IS NOT NULL AND next_level_at <= :now AND status = 'firing'
            ORDER BY next_level_at, id LIMIT :limit
            """)
        .bind("now", now)
        .bind("limit", limit)
        .mapTo(Long.class)
        .list();
  }

  long insertEpisode(
      Handle h, long groupId, String channel, Notification n, Instant since, long now) {
    return h.createUpdate(
            """
            INSERT INTO alert_episode (group_id, status, channel, group_labels, common_labels,
                                       common_annotations, external_url, opened_at, firing_since, updated_at)
            VALUES (:group, 'firing', :channel, :gl, :cl, :ca, :url, :now, :since, :now)
            """)
        .bind("group", groupId)
        .bind("channel", channel)
        .bind("gl", Json.write(n.groupLabels()))
        .bind("cl", Json.write(n.commonLabels()))
        .bind("ca", Json.write(n.commonAnnotations()))
        .bind("url", n.externalUrl())
        .bind("now", now)
        .bind("since", since.toEpochMilli())
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  /**
   * The group's newest labels and annotations, and the alerts they came with; shows a new version.
   */
  void updateEpisode(Handle h, long id, Notification n, Instant since, long now) {
    h.createUpdate(
            """
            UPDATE alert_episode SET group_labels = :gl, common_labels = :cl, common_annotations = :ca,
                   external_url = :url, firing_since = :since, version = version + 1, updated_at = :now
            WHERE id = :id
            """)
        .bind("gl", Json.write(n.groupLabels()))
        .bind("cl", Json.write(n.commonLabels()))
        .bind("ca", Json.write(n.commonAnnotations()))
        .bind("url", n.externalUrl())
        .bind("since", since.toEpochMilli())
        .bind("now", now)
        .bind("id", id)
        .execute();
  }

  /** Ends the episode; false when it had already ended. Escalation stops with it. */
  boolean resolve(Handle h, long id, long now) {
    return h.createUpdate(
                """
                UPDATE alert_episode SET status = 'resolved', resolved_at = :now, next_level_at = NULL,
                       version = version + 1, updated_at = :now
                WHERE id = :id AND status = 'firing'
                """)
            .bind("now", now)
            .bind("id", id)
            .execute()
        == 1;
  }

  void saveAlerts(Handle h, long episodeId, List<Notification.Alert> alerts) {
    for (Notification.Alert a : alerts) {
      h.createUpdate(
              """
              INSERT INTO alert (episode_id, fingerprint, status, labels, annotations, starts_at, ends_at, generator_url)
              VALUES (:e, :fp, :status, :labels, :notes, :starts, :ends, :url)
              ON CONFLICT (episode_id, fingerprint) DO UPDATE SET status = excluded.status,
                  labels = excluded.labels, annotations = excluded.annotations,
                  starts_at = excluded.starts_at, ends_at = excluded.ends_at, generator_url = excluded.generator_url
              """)
          .bind("e", episodeId)
          .bind("fp", a.fingerprint())
          .bind("status", a.status())
          .bind("labels", Json.write(a.labels()))
          .bind("notes", Json.write(a.annotations()))
          .bind("starts", a.startsAt().toEpochMilli())
          .bind("ends", a.endsAt().map(Instant::toEpochMilli).orElse(null))
          .bind("url", a.generatorUrl())
          .execute();
    }
  }

  List<Notification.Alert> alerts(Handle h, long episodeId) {
    return h.createQuery(
            "SELECT * FROM alert WHERE episode_id = :e ORDER BY starts_at, fingerprint")
        .bind("e", episodeId)
        .map(
            (rs, ctx) ->
                new Notification.Alert(
                    rs.getString("fingerprint"),
                    rs.getString("status"),
                    labels(rs.getString("labels")),
                    labels(rs.getString("annotations")),
                    Instant.ofEpochMilli(rs.getLong("starts_at")),
                    Optional.ofNullable(instant(rs, "ends_at")),
                    rs.getString("generator_url")))
        .list();
  }

  /**
   * Moves the episode from {@code from} to {@code to}: the one place a level is decided, so each
   * level is paged once per episode whoever races for it. {@code timed}: only when due and not
   * acknowledged (the timer); otherwise a person asked for it.
   */
  boolean claimLevel(Handle h, long id, int from, int to, Instant nextAt, long now, boolean timed) {
    return h.createUpdate(
                """
                UPDATE alert_episode SET level = :to, next_level_at = :next, version = version + 1,
                       updated_at = :now
                WHERE id = :id AND level = :from AND status = 'firing'
                """
                    + (timed
                        ? " AND acknowledged_at IS NULL AND next_level_at IS NOT NULL AND next_level_at <= :now"
                        : ""))
            .bind("to", to)
            .bind("next", nextAt == null ? null : nextAt.toEpochMilli())
            .bind("now", now)
            .bind("id", id)
            .bind("from", from)
            .execute()
        == 1;
  }

  /** The first acknowledgement wins; it stops escalation. False when there was one already. */
  boolean acknowledge(Handle h, long id, String user, long now) {
    return h.createUpdate(
                """
                UPDATE alert_episode SET acknowledged_by = :user, acknowledged_at = :now,
                       next_level_at = NULL, version = version + 1, updated_at = :now
                WHERE id = :id AND status = 'firing' AND acknowledged_at IS NULL
                """)
            .bind("user", user)
            .bind("now", now)
            .bind("id", id)
            .execute()
        == 1;
  }

  /** Links the incident declared from the episode; the first declaration keeps the link. */
  boolean linkIncident(Handle h, long id, long incidentId, long now) {
    return h.createUpdate(
                """
                UPDATE alert_episode SET incident_id = :incident, version = version + 1, updated_at = :now
                WHERE id = :id AND incident_id IS NULL
                """)
            .bind("incident", incidentId)
            .bind("now", now)
            .bind("id", id)
            .execute()
        == 1;
  }

  void setIssue(Handle h, long id, int number, String url, long now) {
    h.createUpdate(
            """
            UPDATE alert_episode SET issue_number = :n, issue_url = :url, version = version + 1,
                   updated_at = :now WHERE id = :id
            """)
        .bind("n", number)
        .bind("url", url)
        .bind("now", now)
        .bind("id", id)
        .execute();
  }

  /** Numbers a new silence request of the episode. */
  int nextSilence(Handle h, long id) {
    h.createUpdate("UPDATE alert_episode SET silences = silences + 1 WHERE id = :id")
        .bind("id", id)
        .execute();
    return h.createQuery("SELECT silences FROM alert_episode WHERE id = :id")
        .bind("id", id)
        .mapTo(Integer.class)
        .one();
  }

  void setSilence(Handle h, long id, String silenceId, String by, long until, long now) {
    h.createUpdate(
            """
            UPDATE alert_episode SET silence_id = :sid, silenced_by = :by, silenced_until = :until,
                   version = version + 1, updated_at = :now WHERE id = :id
            """)
        .bind("sid", silenceId)
        .bind("by", by)
        .bind("until", until)
        .bind("now", now)
        .bind("id", id)
        .execute();
  }

  int version(Handle h, long id) {
    return h.createQuery("SELECT version FROM alert_episode WHERE id = :id")
        .bind("id", id)
        .mapTo(Integer.class)
        .one();
  }

  /** Records that the messages show {@code version}; never goes back. */
  void refreshed(Handle h, long id, int version) {
    h.createUpdate(
            "UPDATE alert_episode SET refreshed_version = :v WHERE id = :id AND refreshed_version < :v")
        .bind("v", version)
        .bind("id", id)
        .execute();
  }

  private static Episode episode(ResultSet rs) throws SQLException {
    long incident = rs.getLong("incident_id");
    boolean noIncident = rs.wasNull();
    int issue = rs.getInt("issue_number");
    boolean noIssue = rs.wasNull();
    return new Episode(
        rs.getLong("id"),
        rs.getLong("group_id"),
        rs.getString("group_key"),
        rs.getString("status"),
        rs.getString("channel"),
        labels(rs.getString("group_labels")),
        labels(rs.getString("common_labels")),
        labels(rs.getString("common_annotations")),
        rs.getString("external_url"),
        Instant.ofEpochMilli(rs.getLong("opened_at")),
        Instant.ofEpochMilli(rs.getLong("firing_since")),
        instant(rs, "resolved_at"),
        rs.getInt("level"),
        instant(rs, "next_level_at"),
        rs.getString("acknowledged_by"),
        instant(rs, "acknowledged_at"),
        noIncident ? null : incident,
        noIssue ? null : issue,
        rs.getString("issue_url"),
        rs.getString("silenced_by"),
        instant(rs, "silenced_until"),
        rs.getInt("silences"),
        rs.getInt("version"),
        rs.getInt("refreshed_version"));
  }

  private static Map<String, String> labels(String json) {
    Map<String, String> m = json == null ? null : GSON.fromJson(json, LABELS);
    return m == null ? Map.of() : m;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
