package dev.firstresponder.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.store.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OncallDaoTest {
  @TempDir Path dir;

  @Test
  void aShiftHasOneHandoverWhateverInsertsItTwice() {
    Jdbi jdbi = Database.open("jdbc:sqlite:" + dir.resolve("o.db")).jdbi();
    OncallDao dao = new OncallDao();
    Instant shift = Instant.parse("2027-03-25T08:00:00Z");
    LocalDate date = LocalDate.parse("2027-03-25");

    var first =
        jdbi.inTransaction(
            h ->
                dao.insertHandover(
                    h,
                    shift,
                    date,
                    "A",
                    "B",
                    Handover.Kind.SCHEDULED,
                    Handover.Notes.NONE,
                    null,
                    1L,
                    null));
    var second =
        jdbi.inTransaction(
            h ->
                dao.insertHandover(
                    h,
                    shift,
                    date,
                    "A",
                    "C",
                    Handover.Kind.CATCH_UP,
                    Handover.Notes.NONE,
                    null,
                    2L,
                    null));
    // Handovers within a shift whose next shift already has one carry no shift: never a conflict.
    var extra1 =
        jdbi.inTransaction(
            h ->
                dao.insertHandover(
                    h,
                    null,
                    null,
                    "B",
                    "C",
                    Handover.Kind.MANUAL,
                    Handover.Notes.NONE,
                    "B",
                    3L,
                    "V1"));
    var extra2 =
        jdbi.inTransaction(
            h ->
                dao.insertHandover(
                    h,
                    null,
                    null,
                    "C",
                    "A",
                    Handover.Kind.MANUAL,
                    Handover.Notes.NONE,
                    "C",
                    4L,
                    "V2"));
    var sameView =
        jdbi.inTransaction(
            h ->
                dao.insertHandover(
                    h,
                    null,
                    null,
                    "C",
                    "A",
                    Handover.Kind.MANUAL,
                    Handover.Notes.NONE,
                    "C",
                    5L,
                    "V2"));

    assertThat(first).isPresent();
    assertThat(second).isEmpty();
    assertThat(extra1).isPresent();
    assertThat(extra2).isPresent();
    assertThat(sameView).isEmpty();
    assertThat(jdbi.withHandle(h -> dao.handoverForShift(h, shift)).orElseThrow().to())
        .isEqualTo("B");
    List<Handover> log = jdbi.withHandle(h -> dao.recent(h, 10));
    assertThat(log).hasSize(3);
  }
}
