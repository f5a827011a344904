package dev.firstresponder.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShiftScheduleTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private final ShiftSchedule schedule = new ShiftSchedule("0 0 9 ? * MON,TUE,WED,THU,FRI", BERLIN);

  @Test
  void shiftsStartAtNineLocalOnBothSidesOfTheDstChange() {
    // Friday before the change: 09:00 CET = 08:00Z; the change is Sunday 2027-03-28.
    Instant friday =
        schedule.nextAfter(Instant.parse("2027-03-26T00:00:00Z"), d -> false).orElseThrow();
    Instant monday = schedule.nextAfter(friday, d -> false).orElseThrow();

    assertThat(friday).isEqualTo(Instant.parse("2027-03-26T08:00:00Z"));
    assertThat(monday).isEqualTo(Instant.parse("2027-03-29T07:00:00Z")); // 09:00 CEST
  }

  @Test
  void holidaysStartNoShift() {
    Set<LocalDate> holidays = Set.of(LocalDate.parse("2027-03-29"));
    Instant next =
        schedule.nextAfter(Instant.parse("2027-03-26T09:00:00Z"), holidays::contains).orElseThrow();

    assertThat(next).isEqualTo(Instant.parse("2027-03-30T07:00:00Z"));
  }

  @Test
  void theLatestFiringIsFoundAcrossAWeekendAndAHoliday() {
    Set<LocalDate> holidays = Set.of(LocalDate.parse("2027-03-29"));
    Instant latest =
        schedule
            .latestAtOrBefore(Instant.parse("2027-03-29T12:00:00Z"), holidays::contains)
            .orElseThrow();

    assertThat(latest).isEqualTo(Instant.parse("2027-03-26T08:00:00Z"));
    assertThat(schedule.latestAtOrBefore(Instant.parse("2027-03-26T08:00:00Z"), d -> false))
        .contains(latest);
  }

  @Test
  void missedFiringsAreListed() {
    assertThat(
            schedule.between(
                Instant.parse("2027-03-25T08:00:00Z"), Instant.parse("2027-03-30T07:00:00Z"), 10))
        .containsExactly(
            Instant.parse("2027-03-26T08:00:00Z"),
            Instant.parse("2027-03-29T07:00:00Z"),
            Instant.parse("2027-03-30T07:00:00Z"));
  }

  @Test
  void aSecondlyCronFindsTheLatestFiringQuickly() {
    ShiftSchedule everySecond = new ShiftSchedule("* * * * * ?", ZoneId.of("UTC"));
    assertThat(everySecond.latestAtOrBefore(Instant.parse("2027-01-01T00:00:00.500Z"), d -> false))
        .contains(Instant.parse("2027-01-01T00:00:00Z"));
  }
}
