package dev.firstresponder.mirror;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The mirror's tables (V5__mirror.sql, the polling cursor of V7) and the incident columns it reads.
 */
final class MirrorDao {
  /** A batch never grows past this, so one comment stays readable and under GitHub's size limit. */
  static final int MAX_MESSAGES_PER_BATCH = 40;

  static final int MAX_CHARS_PER_BATCH = 30_000;

  record IncidentRef(long id, String channelId) {}

  record MessageRow(
      String channelId,
      String ts,
      long batchId,
      String userId,
      String threadTs,
      String text,
      String files,
      Long editedAt,
      Long deletedAt) {}

  record BatchRow(
      long id,
      long incidentId,
      String channelId,
      String state,
      int revision,
      int renderedRevision,
      String commentKey) {}

  private MirrorDao() {}

  static Optional<IncidentRef> incidentForChannel(Handle h, String channelId) {
    return h.createQuery("SELECT id, channel_id FROM incident WHERE channel_id = :c")
        .bind("c", channelId)
        .map((rs, ctx) -> new IncidentRef(rs.getLong("id"), rs.getString("channel_id")))
        .findOne();
  }

  static Optional<IncidentRef> incidentForIssueColumn(Handle h, int issueNumber) {
    return h.createQuery(
            "SELECT id, channel_id FROM incident WHERE issue_number = :n AND channel_id IS NOT NULL")
        .bind("n", issueNumber)
        .map((rs, ctx) -> new IncidentRef(rs.getLong("id"), rs.getString("channel_id")))
        .findFirst();
  }

  /** Incidents with a channel whose issue number was not copied into the incident row (yet). */
  static List<IncidentRef> incidentsWithoutIssueColumn(Handle h) {
    return h.createQuery(
            "SELECT id, channel_id FROM incident WHERE issue_number IS NULL AND channel_id IS NOT NULL")
        .map((rs, ctx) -> new IncidentRef(rs.getLong("id"), rs.getString("channel_id")))
        .list();
  }

  static List<IncidentRef> openIncidents(Handle h) {
    return h.createQuery(
            "SELECT id, channel_id FROM incident WHERE status = 'open' AND channel_id IS NOT NULL ORDER BY id")
        .map((rs, ctx) -> new IncidentRef(rs.getLong("id"), rs.getString("channel_id")))
        .list();
  }

  // ---- pause ----------------------------------------------------------------------------------

  static boolean paused(Handle h, String channelId) {
    return h.createQuery("SELECT paused FROM mirror_channel WHERE channel_id = :c")
        .bind("c", channelId)
        .mapTo(Boolean.class)
        .findOne()
        .orElse(false);
  }

  /** Sets the pause; returns the new revision, or empty when it was already so. */
  static Optional<Integer> setPaused(
      Handle h, String channelId, boolean paused, String userId, long now) {
    if (paused(h, channelId) == paused) return Optional.empty();
    h.createUpdate(
            """
            INSERT INTO mirror_channel (channel_id, paused, revision, updated_by, updated_at)
            VALUES (:c, :p, 1, :u, :now)
            ON CONFLICT (channel_id) DO UPDATE SET paused = excluded.paused, revision = mirror_channel.revision + 1,
                                                   updated_by = excluded.updated_by, updated_at = excluded.updated_at
            """)
        .bind("c", channelId)
        .bind("p", paused)
        .bind("u", userId)
        .bind("now", now)
        .execute();
    return Optional.of(
        h.createQuery("SELECT revision FROM mirror_channel WHERE channel_id = :c")
            .bind("c", channelId)
            .mapTo(Integer.class)
            .one());
  }

  // ---- Slack → GitHub -------------------------------------------------------------------------

  static boolean knownMessage(Handle h, String channelId, String ts) {
    return h.createQuery("SELECT 1 FROM mirror_message WHERE channel_id = :c AND ts = :ts")
        .bind("c", channelId)
        .bind("ts", ts)
        .mapTo(Integer.class)
        .findOne()
        .isPresent();
  }

  /**
   * The batch a message arriving now joins: the incident's open batch while its window lasts and it
   * has room, else a new one. Only one batch per incident is open, so comments keep the order.
   */
  static long batchFor(
      Handle h, IncidentRef incident, long now, long windowMillis, int addedChars) {
    // No window: every message is a batch (and a comment) of its own.
    Optional<Long> open =
        windowMillis == 0
            ? Optional.empty()
            : h.createQuery(
                    """
            SELECT b.id FROM mirror_batch b
            WHERE b.incident_id = :i AND b.state = 'open' AND b.closes_at > :now
              AND (SELECT count(*) FROM mirror_message m WHERE m.batch_id = b.id) < :maxMessages
              AND (SELECT coalesce(sum(length(m.text)), 0) FROM mirror_message m WHERE m.batch_id = b.id) + :added <= :maxChars
            ORDER BY b.id DESC LIMIT 1
            """)
                .bind("i", incident.id())
                .bind("now", now)
                .bind("maxMessages", MAX_MESSAGES_PER_BATCH)
                .bind("added", addedChars)
                .bind("maxChars", MAX_CHARS_PER_BATCH)
                .mapTo(Long.class)
                .findOne();
    if (open.isPresent()) return open.get();
    // A full or expired batch is closed now, so no later message can slip in before it.
    h.createUpdate(
            "UPDATE mirror_batch SET state = 'closed' WHERE incident_id = :i AND state = 'open'")
        .bind("i", incident.id())
        .execute();
    return h.createUpdate(
            """
            INSERT INTO mirror_batch (incident_id, channel_id, state, opened_at, closes_at)
            VALUES (:i, :c, 'open', :now, :closes)
            """)
        .bind("i", incident.id())
        .bind("c", incident.channelId())
        .bind("now", now)
        .bind("closes", now + windowMillis)
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  static void insertMessage(
      Handle h,
      String channelId,
      String ts,
      long batchId,
      String userId,
      String threadTs,
      String text,
      String files,
      long now) {
    h.createUpdate(
            """
            INSERT INTO mirror_message (channel_id, ts, batch_id, user_id, thread_ts, text, files, received_at)
            VALUES (:c, :ts, :b, :u, :thread, :text, :files, :now)
            ON CONFLICT (channel_id, ts) DO NOTHING
            """)
        .bind("c", channelId)
        .bind("ts", ts)
        .bind("b", batchId)
        .bind("u", userId)
        .bind("thread", threadTs)
        .bind("text", text)
        .bind("files", files)
        .bind("now", now)
        .execute();
  }

  static Optional<MessageRow> message(Handle h, String channelId, String ts) {
    return h.createQuery("SELECT * FROM mirror_message WHERE channel_id = :c AND ts = :ts")
        .bind("c", channelId)
        .bind("ts", ts)
        .map((rs, ctx) -> messageRow(rs))
        .findOne();
  }

  static void editMessage(Handle h, MessageRow m, String text, String files, long now) {
    h.createUpdate(
            "UPDATE mirror_message SET text = :t, files = :f, edited_at = :now WHERE channel_id = :c AND ts = :ts")
        .bind("t", text)
        .bind("f", files)
        .bind("now", now)
        .bind("c", m.channelId())
        .bind("ts", m.ts())
        .execute();
    bumpRevision(h, m.batchId());
  }

  static void deleteMessage(Handle h, MessageRow m, long now) {
    h.createUpdate(
            "UPDATE mirror_message SET deleted_at = :now WHERE channel_id = :c AND ts = :ts AND deleted_at IS NULL")
        .bind("now", now)
        .bind("c", m.channelId())
        .bind("ts", m.ts())
        .execute();
    bumpRevision(h, m.batchId());
  }

  private static void bumpRevision(Handle h, long batchId) {
    h.createUpdate("UPDATE mirror_batch SET revision = revision + 1 WHERE id = :b")
        .bind("b", batchId)
        .execute();
  }

  static List<MessageRow> messages(Handle h, long batchId) {
    return h.createQuery("SELECT * FROM mirror_message WHERE batch_id = :b ORDER BY ts")
        .bind("b", batchId)
        .map((rs, ctx) -> messageRow(rs))
        .list();
  }

  /** Closes batches whose window is over; from now on nothing joins them. */
  static int closeDue(Handle h, long now) {
    return h.createUpdate(
            "UPDATE mirror_batch SET state = 'closed' WHERE state = 'open' AND closes_at <= :now")
        .bind("now", now)
        .execute();
  }

  static Optional<Long> nextOpenClose(Handle h) {
    return h.createQuery("SELECT min(closes_at) FROM mirror_batch WHERE state = 'open'")
        .mapTo(Long.class)
        .findOne();
  }

  /** Closed batches waiting for their comment, oldest first. */
  static List<BatchRow> closedBatches(Handle h) {
    return batches(h, "state = 'closed'");
  }

  /** Sent batches edited or deleted from since their comment was last written. */
  static List<BatchRow> staleSentBatches(Handle h) {
    return batches(h, "state = 'sent' AND revision > rendered_revision");
  }

  private static List<BatchRow> batches(Handle h, String where) {
    return h.createQuery("SELECT * FROM mirror_batch WHERE " + where + " ORDER BY id")
        .map((rs, ctx) -> batchRow(rs))
        .list();
  }

  static Optional<BatchRow> batch(Handle h, long id) {
    return h.createQuery("SELECT * FROM mirror_batch WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> batchRow(rs))
        .findOne();
  }

  /** Marks the batch sent at the revision rendered; false when another flush got there first. */
  static boolean markSent(Handle h, long batchId, int revision, String commentKey) {
    return h.createUpdate(
                """
            UPDATE mirror_batch SET state = 'sent', rendered_revision = :rev, comment_key = :key
            WHERE id = :id AND state = 'closed'
            """)
            .bind("rev", revision)
            .bind("key", commentKey)
            .bind("id", batchId)
            .execute()
        == 1;
  }

  static boolean markRendered(Handle h, long batchId, int revision) {
    return h.createUpdate(
                "UPDATE mirror_batch SET rendered_revision = :rev WHERE id = :id AND rendered_revision < :rev")
            .bind("rev", revision)
            .bind("id", batchId)
            .execute()
        == 1;
  }

  // ---- GitHub → Slack -------------------------------------------------------------------------

  /** Records a GitHub comment as brought into Slack; true only the first time. */
  static boolean firstSeenComment(Handle h, long commentId, long incidentId, long now) {
    return h.createUpdate(
                """
            INSERT INTO mirror_github_comment (comment_id, incident_id, seen_at) VALUES (:c, :i, :now)
            ON CONFLICT (comment_id) DO NOTHING
            """)
            .bind("c", commentId)
            .bind("i", incidentId)
            .bind("now", now)
            .execute()
        == 1;
  }

  /** GitHub's update time of the newest comment polled for the incident, if any was. */
  static Optional<Long> commentCursor(Handle h, long incidentId) {
    return h.createQuery("SELECT since FROM mirror_comment_cursor WHERE incident_id = :i")
        .bind("i", incidentId)
        .mapTo(Long.class)
        .findOne();
  }

  /** Moves the polling cursor forward (never back: two polls may race). */
  static void setCommentCursor(Handle h, long incidentId, long since) {
    h.createUpdate(
            """
            INSERT INTO mirror_comment_cursor (incident_id, since) VALUES (:i, :s)
            ON CONFLICT (incident_id) DO UPDATE SET since = excluded.since
            WHERE mirror_comment_cursor.since < excluded.since
            """)
        .bind("i", incidentId)
        .bind("s", since)
        .execute();
  }

  private static MessageRow messageRow(ResultSet rs) throws SQLException {
    long edited = rs.getLong("edited_at");
    boolean noEdit = rs.wasNull();
    long deleted = rs.getLong("deleted_at");
    boolean noDelete = rs.wasNull();
    return new MessageRow(
        rs.getString("channel_id"),
        rs.getString("ts"),
        rs.getLong("batch_id"),
        rs.getString("user_id"),
        rs.getString("thread_ts"),
        rs.getString("text"),
        rs.getString("files"),
        noEdit ? null : edited,
        noDelete ? null : deleted);
  }

  private static BatchRow batchRow(ResultSet rs) throws SQLException {
    return new BatchRow(
        rs.getLong("id"),
        rs.getLong("incident_id"),
        rs.getString("channel_id"),
        rs.getString("state"),
        rs.getInt("revision"),
        rs.getInt("rendered_revision"),
        rs.getString("comment_key"));
  }
}
