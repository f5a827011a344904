package dev.firstresponder.alert;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An episode with everything its messages show: its alerts, what was paged, and the channel of the
 * incident declared from it once that exists.
 */
record Snapshot(
    Episode episode,
    List<Notification.Alert> alerts,
    List<PageDao.PageRow> pages,
    Optional<String> incidentChannel) {

  Snapshot {
    alerts = List.copyOf(alerts);
    pages = List.copyOf(pages);
  }

  AlertFacts facts() {
    return AlertFacts.of(episode, alerts);
  }

  /** Everyone paged so far, in the order of the levels. */
  Set<String> paged() {
    Set<String> all = new LinkedHashSet<>();
    pages.forEach(p -> all.addAll(p.targets()));
    return all;
  }
}
