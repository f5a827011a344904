package dev.firstresponder.alert;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * What an episode paged (each level once, with who and when) and the messages kept up to date;
 * every method takes the caller's handle.
 */
final class PageDao {
  /** A level paged: who (and {@code @here}), when, and who asked for it (null: the timer). */
  record PageRow(int level, List<String> targets, boolean here, Instant pagedAt, String pagedBy) {}

  /** Stored among the targets for {@code @here}: no Slack user ID looks like it. */
  private static final String HERE = "!here";

  /** A message kept up to date; channel and ts are null until it is posted. */
  record MessageRow(String postKey, String recipient, String channel, String ts) {}

  void insertPage(Handle h, long episodeId, Escalation.Page page, long now, String by) {
    h.createUpdate(
            """
            INSERT INTO alert_page (episode_id, level, targets, paged_at, paged_by)
            VALUES (:e, :level, :targets, :now, :by)
            ON CONFLICT (episode_id, level) DO NOTHING
            """)
        .bind("e", episodeId)
        .bind("level", page.level())
        .bind("targets", targets(page))
        .bind("now", now)
        .bind("by", by)
        .execute();
  }

  private static String targets(Escalation.Page page) {
    List<String> all = new ArrayList<>(page.users());
    if (page.here()) all.add(0, HERE);
    return String.join(",", all);
  }

  List<PageRow> pages(Handle h, long episodeId) {
    return h.createQuery("SELECT * FROM alert_page WHERE episode_id = :e ORDER BY level")
        .bind("e", episodeId)
        .map(
            (rs, ctx) -> {
              List<String> all =
                  rs.getString("targets").isEmpty()
                      ? List.of()
                      : List.of(rs.getString("targets").split(","));
              return new PageRow(
                  rs.getInt("level"),
                  all.stream().filter(t -> !t.equals(HERE)).toList(),
                  all.contains(HERE),
                  Instant.ofEpochMilli(rs.getLong("paged_at")),
                  rs.getString("paged_by"));
            })
        .list();
  }

  void expectMessage(Handle h, String postKey, long episodeId, String recipient) {
    h.createUpdate(
            """
            INSERT INTO alert_message (post_key, episode_id, recipient) VALUES (:key, :e, :to)
            ON CONFLICT (post_key) DO NOTHING
            """)
        .bind("key", postKey)
        .bind("e", episodeId)
        .bind("to", recipient)
        .execute();
  }

  void posted(Handle h, String postKey, String channel, String ts, long now) {
    h.createUpdate(
            "UPDATE alert_message SET channel = :c, ts = :ts, posted_at = :now WHERE post_key = :key")
        .bind("c", channel)
        .bind("ts", ts)
        .bind("now", now)
        .bind("key", postKey)
        .execute();
  }

  Optional<MessageRow> message(Handle h, String postKey) {
    return h.createQuery("SELECT * FROM alert_message WHERE post_key = :key")
        .bind("key", postKey)
        .map(PageDao::messageRow)
        .findOne();
  }

  List<MessageRow> messages(Handle h, long episodeId) {
    return h.createQuery("SELECT * FROM alert_message WHERE episode_id = :e ORDER BY post_key")
        .bind("e", episodeId)
        .map(PageDao::messageRow)
        .list();
  }

  private static MessageRow messageRow(ResultSet rs, StatementContext ctx) throws SQLException {
    return new MessageRow(
        rs.getString("post_key"),
        rs.getString("recipient"),
        rs.getString("channel"),
        rs.getString("ts"));
  }
}
