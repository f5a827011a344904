package dev.firstresponder.oncall;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The on-call list and who is on call, with the rotation rules (README, "On-call rotation"): the
 * next engineer is the first on the list who has not had their turn this round; when the last one
 * takes their turn the list is reshuffled for the next round, never putting that person first (no
 * two days in a row across the boundary). Values in, values out: no Slack, no database.
 *
 * @param members in list order (positions 1..n)
 * @param current who is on call now, held by id (may be someone not on the list after an override)
 */
record Rota(List<Member> members, String current) {

  Rota {
    members = renumber(members.stream().sorted(Comparator.comparingInt(Member::position)).toList());
  }

  static Rota empty() {
    return new Rota(List.of(), null);
  }

  boolean contains(String userId) {
    return members.stream().anyMatch(m -> m.userId().equals(userId));
  }

  Optional<Member> member(String userId) {
    return members.stream().filter(m -> m.userId().equals(userId)).findFirst();
  }

  /**
   * Who takes over at the next handover: the first without a turn this round, never the current.
   */
  Optional<String> next() {
    for (Member m : members) {
      if (!m.hadTurn() && !m.userId().equals(current)) return Optional.of(m.userId());
    }
    // Nobody else is left this round (a list of one): the first other than the current, else them.
    return members.stream()
        .map(Member::userId)
        .filter(u -> !u.equals(current))
        .findFirst()
        .or(() -> members.stream().findFirst().map(Member::userId));
  }

  /** The result of a handover: the new rota, and whether a new round was shuffled. */
  record Handed(Rota rota, boolean reshuffled) {}

  /**
   * {@code to} goes on call. With {@code takesTurn} their checkbox is ticked (an override day does
   * not use up anyone's turn). When that ticks the last box the list is reshuffled.
   */
  Handed handOverTo(String to, boolean takesTurn, Random random) {
    List<Member> list = new ArrayList<>();
    for (Member m : members) {
      list.add(takesTurn && m.userId().equals(to) ? new Member(m.userId(), m.position(), true) : m);
    }
    Rota after = new Rota(list, to);
    if (after.roundComplete()) return new Handed(after.reshuffled(random), true);
    return new Handed(after, false);
  }

  boolean roundComplete() {
    return !members.isEmpty() && members.stream().allMatch(Member::hadTurn);
  }

  /**
   * A new round: everyone unticked in a random order whose first is not the one on call now. The
   * one on call keeps the shift they are on; their turn of the new round comes later.
   */
  Rota reshuffled(Random random) {
    List<String> ids = new ArrayList<>(members.stream().map(Member::userId).toList());
    Collections.shuffle(ids, random);
    if (ids.size() > 1 && ids.get(0).equals(current)) {
      int other = 1 + random.nextInt(ids.size() - 1);
      ids.set(0, ids.get(other));
      ids.set(other, current);
    }
    List<Member> list = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) list.add(new Member(ids.get(i), i + 1, false));
    return new Rota(list, current);
  }

  /**
   * Adds someone at the end of the current round (not yet had a turn). On a rota with nobody on
   * call, the one added is on call from now, and that counts as their turn.
   */
  Rota add(String userId) {
    if (contains(userId)) return this;
    List<Member> list = new ArrayList<>(members);
    boolean first = current == null;
    list.add(new Member(userId, members.size() + 1, first));
    return new Rota(list, first ? userId : current);
  }

  /**
   * Takes someone off the list. The caller hands over first when they are on call; if only ticked
   * members remain, a new round starts.
   */
  Rota remove(String userId, Random random) {
    return removing(userId, random).rota();
  }

  /** {@link #remove}, telling whether it started a new round (which is then announced). */
  Handed removing(String userId, Random random) {
    List<Member> list = members.stream().filter(m -> !m.userId().equals(userId)).toList();
    String cur = userId.equals(current) ? null : current;
    Rota after = new Rota(list, cur);
    return after.roundComplete()
        ? new Handed(after.reshuffled(random), true)
        : new Handed(after, false);
  }

  /** Moves someone to a 1-based position (clamped to the list). */
  Rota move(String userId, int position) {
    Optional<Member> m = member(userId);
    if (m.isEmpty()) return this;
    List<Member> list =
        new ArrayList<>(members.stream().filter(x -> !x.userId().equals(userId)).toList());
    int index = Math.max(0, Math.min(position - 1, list.size()));
    list.add(index, new Member(userId, 0, m.get().hadTurn()));
    List<Member> numbered = new ArrayList<>();
    for (int i = 0; i < list.size(); i++)
      numbered.add(new Member(list.get(i).userId(), i + 1, list.get(i).hadTurn()));
    return new Rota(numbered, current);
  }

  /** Two people trade places in the order, each taking the other's slot and its checkbox. */
  Rota swap(String a, String b) {
    Optional<Member> ma = member(a);
    Optional<Member> mb = member(b);
    if (ma.isEmpty() || mb.isEmpty()) return this;
    List<Member> list = new ArrayList<>();
    for (Member m : members) {
      if (m.userId().equals(a)) list.add(new Member(a, mb.get().position(), mb.get().hadTurn()));
      else if (m.userId().equals(b))
        list.add(new Member(b, ma.get().position(), ma.get().hadTurn()));
      else list.add(m);
    }
    return new Rota(list, current);
  }

  private static List<Member> renumber(List<Member> sorted) {
    List<Member> out = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      Member m = sorted.get(i);
      out.add(m.position() == i + 1 ? m : new Member(m.userId(), i + 1, m.hadTurn()));
    }
    return List.copyOf(out);
  }
}
