package dev.firstresponder.alert;

import dev.firstresponder.oncall.OnCallTeam;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who is paged at each level, from the rota as it is when the level is due:
 *
 * <ul>
 *   <li>level 1: the engineer on call; a DM and a mention in the alert channel;
 *   <li>level 2: ONCALL_SECONDARY, else the next engineer in the rota; a DM and a mention. With
 *       nobody else to page, level 3 follows at once;
 *   <li>level 3: the whole team, everyone on the on-call list (and whoever was paged before),
 *       mentioned in the alert channel; {@code @here} when the list is empty.
 * </ul>
 *
 * An empty rota pages level 3 at once. Level 3 is the last: nothing escalates after it.
 */
final class Escalation {
  private Escalation() {}

  /**
   * One level's page.
   *
   * @param users mentioned, and sent a DM below level 3
   * @param here mention {@code @here}: nobody on the rota to name
   * @param nextAt when the next level is due unless acknowledged; empty after level 3
   */
  record Page(int level, List<String> users, boolean here, Optional<Instant> nextAt) {
    Page {
      users = List.copyOf(users);
    }

    boolean directMessages() {
      return level < Episode.TOP_LEVEL;
    }
  }

  /** The first page of an episode. */
  static Page first(OnCallTeam team, AlertSettings s, Instant now) {
    if (team.onCall().isEmpty()) return team(team, s, Set.of());
    return new Page(1, List.of(team.onCall().get()), false, Optional.of(now.plus(s.toLevel2())));
  }

  /** The level after {@code level}, or empty when level 3 was paged. */
  static Optional<Page> after(
      int level, OnCallTeam team, AlertSettings s, Collection<String> pagedBefore, Instant now) {
    if (level >= Episode.TOP_LEVEL) return Optional.empty();
    if (level <= 1) {
      List<String> second =
          !s.secondary().isEmpty()
              ? s.secondary()
              : team.next().filter(u -> !pagedBefore.contains(u)).map(List::of).orElse(List.of());
      if (!second.isEmpty()) {
        return Optional.of(new Page(2, second, false, Optional.of(now.plus(s.toLevel3()))));
      }
    }
    return Optional.of(team(team, s, pagedBefore));
  }

  private static Page team(OnCallTeam team, AlertSettings s, Collection<String> pagedBefore) {
    Set<String> everyone = new LinkedHashSet<>(team.members());
    everyone.addAll(pagedBefore);
    everyone.addAll(s.secondary());
    return new Page(
        Episode.TOP_LEVEL, new ArrayList<>(everyone), team.members().isEmpty(), Optional.empty());
  }
}
