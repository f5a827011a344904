package dev.firstresponder.oncall;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** SQL of the rota, the on-call log, holidays and overrides. Callers own the transaction. */
final class OncallDao {

  record State(String current, Instant since, int round) {}

  record Holiday(LocalDate day, String name) {}

  /** The GitHub log issue's body as last enqueued, and its version (0: none yet). */
  record LogBody(int version, String body) {}

  Rota rota(Handle h) {
    List<Member> members =
        h.createQuery(
                "SELECT slack_user_id, position, had_turn FROM oncall_member ORDER BY position")
            .map((rs, ctx) -> new Member(rs.getString(1), rs.getInt(2), rs.getBoolean(3)))
            .list();
    return new Rota(members, state(h).current());
  }

  State state(Handle h) {
    return h.createQuery("SELECT oncall_user, since, round FROM oncall_state WHERE id = 1")
        .map(
            (rs, ctx) -> {
              long since = rs.getLong(2);
              Instant s = rs.wasNull() ? null : Instant.ofEpochMilli(since);
              return new State(rs.getString(1), s, rs.getInt(3));
            })
        .one();
  }

  /** Writes the list as the rota has it (positions, checkboxes); members not in it are deleted. */
  void saveMembers(Handle h, Rota rota, String addedBy, long now) {
    Set<String> keep = rota.members().stream().map(Member::userId).collect(Collectors.toSet());
    for (String existing :
        h.createQuery("SELECT slack_user_id FROM oncall_member").mapTo(String.class).list()) {
      if (!keep.contains(existing)) {
        h.createUpdate("DELETE FROM oncall_member WHERE slack_user_id = :u")
            .bind("u", existing)
            .execute();
      }
    }
    for (Member m : rota.members()) {
      h.createUpdate(
              """
              INSERT INTO oncall_member (slack_user_id, position, had_turn, added_by, added_at)
              VALUES (:u, :p, :t, :by, :now)
              ON CONFLICT (slack_user_id) DO UPDATE SET position = excluded.position, had_turn = excluded.had_turn
              """)
          .bind("u", m.userId())
          .bind("p", m.position())
          .bind("t", m.hadTurn())
          .bind("by", addedBy)
          .bind("now", now)
          .execute();
    }
  }

  void setCurrent(Handle h, String current, Instant since, int round, long now) {
    h.createUpdate(
            "UPDATE oncall_state SET oncall_user = :u, since = :s, round = :r, updated_at = :now WHERE id = 1")
        .bind("u", current)
        .bind("s", since == null ? null : since.toEpochMilli())
        .bind("r", round)
        .bind("now", now)
        .execute();
  }

  LogBody logBody(Handle h) {
    return h.createQuery("SELECT log_version, log_body FROM oncall_state WHERE id = 1")
        .map((rs, ctx) -> new LogBody(rs.getInt(1), rs.getString(2)))
        .one();
  }

  void setLogBody(Handle h, int version, String body) {
    h.createUpdate("UPDATE oncall_state SET log_version = :v, log_body = :b WHERE id = 1")
        .bind("v", version)
        .bind("b", body)
        .execute();
  }

  /** Inserts a log entry; empty when its shift (or its modal submission) already has one. */
  Optional<Long> insertHandover(
      Handle h,
      Instant shiftStart,
      LocalDate shiftDate,
      String from,
      String to,
      Handover.Kind kind,
      Handover.Notes notes,
      String madeBy,
      long madeAt,
      String viewId) {
    // RETURNING (SQLite 3.35+, PostgreSQL) yields no row when the conflict skipped the insert.
    return h.createQuery(
            """
            INSERT INTO oncall_handover (shift_start, shift_date, from_user, to_user, kind, notes, open_items, links,
                                         made_by, made_at, source_view_id)
            VALUES (:shift, :date, :from, :to, :kind, :notes, :open, :links, :by, :at, :view)
            ON CONFLICT DO NOTHING
            RETURNING id
            """)
        .bind("shift", shiftStart == null ? null : shiftStart.toEpochMilli())
        .bind("date", shiftDate == null ? null : shiftDate.toString())
        .bind("from", from)
        .bind("to", to)
        .bind("kind", kind.code)
        .bind("notes", notes.notes())
        .bind("open", notes.openItems())
        .bind("links", notes.links())
        .bind("by", madeBy)
        .bind("at", madeAt)
        .bind("view", viewId)
        .mapTo(Long.class)
        .findOne();
  }

  Optional<Handover> handoverForShift(Handle h, Instant shiftStart) {
    return h.createQuery("SELECT * FROM oncall_handover WHERE shift_start = :s")
        .bind("s", shiftStart.toEpochMilli())
        .map((rs, ctx) -> handover(rs))
        .findOne();
  }

  Optional<Instant> latestShiftStart(Handle h) {
    return h.createQuery("SELECT max(shift_start) FROM oncall_handover")
        .map(
            (rs, ctx) -> {
              long v = rs.getLong(1);
              return rs.wasNull() ? null : Instant.ofEpochMilli(v);
            })
        .findOne();
  }

  List<Handover> recent(Handle h, int limit) {
    return h.createQuery("SELECT * FROM oncall_handover ORDER BY made_at DESC, id DESC LIMIT :n")
        .bind("n", limit)
        .map((rs, ctx) -> handover(rs))
        .list();
  }

  boolean viewSeen(Handle h, String viewId) {
    return h.createQuery("SELECT count(*) FROM oncall_handover WHERE source_view_id = :v")
            .bind("v", viewId)
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  private static Handover handover(ResultSet rs) throws SQLException {
    long shift = rs.getLong("shift_start");
    Instant shiftStart = rs.wasNull() ? null : Instant.ofEpochMilli(shift);
    return new Handover(
        rs.getLong("id"),
        shiftStart,
        rs.getString("shift_date"),
        rs.getString("from_user"),
        rs.getString("to_user"),
        Handover.Kind.of(rs.getString("kind")),
        rs.getString("notes"),
        rs.getString("open_items"),
        rs.getString("links"),
        rs.getString("made_by"),
        Instant.ofEpochMilli(rs.getLong("made_at")));
  }

  // ---- holidays and overrides -----------------------------------------------------------------

  boolean addHoliday(Handle h, LocalDate day, String name, String by, long now) {
    return h.createUpdate(
                """
            INSERT INTO oncall_holiday (day, name, added_by, added_at) VALUES (:d, :n, :by, :now)
            ON CONFLICT (day) DO UPDATE SET name = excluded.name
            """)
            .bind("d", day.toString())
            .bind("n", name)
            .bind("by", by)
            .bind("now", now)
            .execute()
        == 1;
  }

  boolean removeHoliday(Handle h, LocalDate day) {
    return h.createUpdate("DELETE FROM oncall_holiday WHERE day = :d")
            .bind("d", day.toString())
            .execute()
        == 1;
  }

  List<Holiday> holidays(Handle h) {
    return h.createQuery("SELECT day, name FROM oncall_holiday ORDER BY day")
        .map((rs, ctx) -> new Holiday(LocalDate.parse(rs.getString(1)), rs.getString(2)))
        .list();
  }

  Map<LocalDate, String> holidayMap(Handle h) {
    Map<LocalDate, String> m = new TreeMap<>();
    for (Holiday d : holidays(h)) m.put(d.day(), d.name());
    return m;
  }

  void putOverride(Handle h, LocalDate day, String userId, String by, long now) {
    h.createUpdate(
            """
            INSERT INTO oncall_override (day, slack_user_id, added_by, added_at) VALUES (:d, :u, :by, :now)
            ON CONFLICT (day) DO UPDATE SET slack_user_id = excluded.slack_user_id, added_by = excluded.added_by,
                                            added_at = excluded.added_at
            """)
        .bind("d", day.toString())
        .bind("u", userId)
        .bind("by", by)
        .bind("now", now)
        .execute();
  }

  Optional<String> override(Handle h, LocalDate day) {
    return h.createQuery("SELECT slack_user_id FROM oncall_override WHERE day = :d")
        .bind("d", day.toString())
        .mapTo(String.class)
        .findOne();
  }
}
