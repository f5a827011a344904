package dev.firstresponder.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RotaTest {

  private static Rota of(String... ids) {
    Rota r = Rota.empty();
    for (String id : ids) r = r.add(id);
    return r;
  }

  @Test
  void theFirstAddedIsOnCallAndTheNextIsTheFirstWithoutATurn() {
    Rota r = of("A", "B", "C");

    assertThat(r.current()).isEqualTo("A");
    assertThat(r.next()).contains("B");
    Rota afterB = r.handOverTo("B", true, new Random(1)).rota();
    assertThat(afterB.current()).isEqualTo("B");
    assertThat(afterB.member("B").orElseThrow().hadTurn()).isTrue();
    assertThat(afterB.next()).contains("C"); // starting the rota was A's turn
  }

  @Test
  void whenTheLastTakesTheirTurnTheListIsReshuffledNeverPuttingThemFirst() {
    for (int seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      Rota r = of("A", "B", "C", "D");
      List<String> days = new ArrayList<>(List.of(r.current()));
      for (int day = 0; day < 12; day++) {
        String next = r.next().orElseThrow();
        Rota.Handed handed = r.handOverTo(next, true, random);
        r = handed.rota();
        days.add(r.current());
      }
      for (int i = 1; i < days.size(); i++) {
        assertThat(days.get(i))
            .as("seed %d, day %d of %s", seed, i, days)
            .isNotEqualTo(days.get(i - 1));
      }
      // The starter's day was A's turn of round one; every later round holds each person once.
      assertThat(days.subList(1, 4)).containsExactly("B", "C", "D");
      assertThat(days.subList(4, 8))
          .as("seed %d", seed)
          .containsExactlyInAnyOrder("A", "B", "C", "D");
      assertThat(days.subList(8, 12))
          .as("seed %d", seed)
          .containsExactlyInAnyOrder("A", "B", "C", "D");
    }
  }

  @Test
  void aReshuffleIsReportedAndUnticksEveryone() {
    Rota r = of("A", "B", "C");
    Rota.Handed toB = r.handOverTo("B", true, new Random(3));
    assertThat(toB.reshuffled()).isFalse();
    Rota.Handed toC = toB.rota().handOverTo("C", true, new Random(3));

    assertThat(toC.reshuffled()).isTrue();
    assertThat(toC.rota().members()).noneMatch(Member::hadTurn);
    assertThat(toC.rota().members().get(0).userId()).isNotEqualTo("C");
    assertThat(toC.rota().next()).contains(toC.rota().members().get(0).userId());
  }

  @Test
  void anOverrideDayUsesUpNobodysTurn() {
    Rota r = of("A", "B", "C");
    Rota covered = r.handOverTo("Z", false, new Random(1)).rota();

    assertThat(covered.current()).isEqualTo("Z");
    assertThat(covered.next()).contains("B");
  }

  @Test
  void someoneAddedGoesToTheEndOfTheCurrentRound() {
    Rota r = of("A", "B", "C").handOverTo("B", true, new Random(1)).rota().add("D");

    assertThat(r.members()).extracting(Member::userId).containsExactly("A", "B", "C", "D");
    assertThat(r.member("D").orElseThrow().hadTurn()).isFalse();
  }

  @Test
  void moveAndSwapChangeTheOrderKeepingTheCheckboxWithTheSlot() {
    Rota r = of("A", "B", "C", "D").handOverTo("B", true, new Random(1)).rota();

    assertThat(r.move("D", 1).members())
        .extracting(Member::userId)
        .containsExactly("D", "A", "B", "C");
    Rota swapped = r.swap("A", "C");
    assertThat(swapped.members()).extracting(Member::userId).containsExactly("C", "B", "A", "D");
    assertThat(swapped.next()).contains("A"); // A took C's unticked slot
  }

  @Test
  void removingTheLastUntickedStartsANewRound() {
    Rota r = of("A", "B", "C", "D").handOverTo("B", true, new Random(1)).rota();
    r = r.handOverTo("C", true, new Random(1)).rota();
    Rota after = r.remove("D", new Random(2)); // D was the only one without a turn

    assertThat(after.members()).extracting(Member::userId).containsExactlyInAnyOrder("A", "B", "C");
    assertThat(after.members()).noneMatch(Member::hadTurn);
    assertThat(after.members().get(0).userId()).isNotEqualTo("C"); // C is on call
    assertThat(after.current()).isEqualTo("C");
  }

  @Test
  void aListOfOneKeepsThatPersonOnCall() {
    Rota r = of("A");
    assertThat(r.next()).contains("A");
    assertThat(r.handOverTo("A", true, new Random(1)).rota().current()).isEqualTo("A");
  }
}
