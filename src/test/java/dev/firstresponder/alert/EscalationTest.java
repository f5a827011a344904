package dev.firstresponder.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.oncall.OnCallTeam;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EscalationTest {
  static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  static final OnCallTeam TEAM =
      new OnCallTeam(
          Optional.of("UALICE"), Optional.of("UBOB"), List.of("UALICE", "UBOB", "UCAROL"));

  static AlertSettings settings(List<String> secondary) {
    return new AlertSettings(
        Optional.of("t"),
        Optional.of("CALERTS"),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        secondary,
        Optional.empty(),
        false,
        true);
  }

  @Test
  void levelOneIsTheEngineerOnCallWithLevelTwoDueAfterTheFirstDuration() {
    Escalation.Page p = Escalation.first(TEAM, settings(List.of()), NOW);

    assertThat(p)
        .isEqualTo(
            new Escalation.Page(1, List.of("UALICE"), false, Optional.of(NOW.plusSeconds(300))));
    assertThat(p.directMessages()).isTrue();
  }

  @Test
  void levelTwoIsTheNextInTheRotaThenLevelThreeIsEveryoneWithNothingAfter() {
    Escalation.Page two =
        Escalation.after(1, TEAM, settings(List.of()), Set.of("UALICE"), NOW).orElseThrow();
    assertThat(two)
        .isEqualTo(
            new Escalation.Page(2, List.of("UBOB"), false, Optional.of(NOW.plusSeconds(600))));

    Escalation.Page three =
        Escalation.after(2, TEAM, settings(List.of()), Set.of("UALICE", "UBOB"), NOW).orElseThrow();
    assertThat(three.level()).isEqualTo(3);
    assertThat(three.users()).containsExactly("UALICE", "UBOB", "UCAROL");
    assertThat(three.here()).isFalse();
    assertThat(three.nextAt()).isEmpty();
    assertThat(three.directMessages()).isFalse();
    assertThat(Escalation.after(3, TEAM, settings(List.of()), Set.of(), NOW)).isEmpty();
  }

  @Test
  void oncallSecondaryReplacesTheNextEngineerAtLevelTwo() {
    Escalation.Page two =
        Escalation.after(1, TEAM, settings(List.of("USEC1", "USEC2")), Set.of("UALICE"), NOW)
            .orElseThrow();

    assertThat(two.users()).containsExactly("USEC1", "USEC2");
  }

  @Test
  void withNobodyElseForLevelTwoTheTeamIsPagedAtOnce() {
    OnCallTeam alone =
        new OnCallTeam(Optional.of("UALICE"), Optional.of("UALICE"), List.of("UALICE"));

    Escalation.Page next =
        Escalation.after(1, alone, settings(List.of()), Set.of("UALICE"), NOW).orElseThrow();

    assertThat(next.level()).isEqualTo(3);
    assertThat(next.users()).containsExactly("UALICE");
  }

  @Test
  void anEmptyRotaPagesLevelThreeAtOnceWithHere() {
    OnCallTeam nobody = new OnCallTeam(Optional.empty(), Optional.empty(), List.of());

    Escalation.Page p = Escalation.first(nobody, settings(List.of("USEC1")), NOW);

    assertThat(p.level()).isEqualTo(3);
    assertThat(p.here()).isTrue();
    assertThat(p.users()).containsExactly("USEC1");
    assertThat(p.nextAt()).isEmpty();
  }
}
