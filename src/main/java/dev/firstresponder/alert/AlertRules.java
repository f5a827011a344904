package dev.firstresponder.alert;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a notification changes, decided from what is stored: values in, a decision out. Alertmanager
 * repeats a group's full state at every group interval, so most notifications change nothing.
 */
final class AlertRules {
  private AlertRules() {}

  /** The decision for one notification. */
  sealed interface Change {
    /** Nothing new: a repeat, or a late copy of what is already known. */
    record Nothing(String why) implements Change {}

    /** The group starts firing: a new episode with these alerts, to be paged. */
    record Open(List<Notification.Alert> alerts) implements Change {}

    /** The firing episode gains or loses alerts: these are all of them now. */
    record Update(List<Notification.Alert> alerts) implements Change {}

    /** Every alert of the group resolved: the episode ends, with its alerts as they ended. */
    record Resolve(List<Notification.Alert> alerts) implements Change {}
  }

  /**
   * @param latest the group's newest episode, if any
   * @param stored that episode's alerts
   */
  static Change decide(Optional<Episode> latest, List<Notification.Alert> stored, Notification n) {
    boolean open = latest.isPresent() && latest.get().firing();
    if (!open) {
      List<Notification.Alert> firing = n.firing();
      if (firing.isEmpty()) return new Change.Nothing("resolved, and no episode is firing");
      if (latest.isPresent() && allKnown(firing, stored)) {
        return new Change.Nothing("a late copy of an episode that has resolved");
      }
      return new Change.Open(firing);
    }
    Map<String, Notification.Alert> merged = new LinkedHashMap<>();
    stored.forEach(a -> merged.put(a.fingerprint(), a));
    boolean changed = false;
    for (Notification.Alert a : n.alerts()) {
      Notification.Alert known = merged.get(a.fingerprint());
      if (known == null
          || !known.status().equals(a.status())
          || !known.startsAt().equals(a.startsAt())) {
        merged.put(a.fingerprint(), a);
        changed = true;
      }
    }
    if (n.resolved()) {
      List<Notification.Alert> ended = new ArrayList<>();
      for (Notification.Alert a : merged.values()) ended.add(a.firing() ? resolved(a) : a);
      return new Change.Resolve(ended);
    }
    if (!changed) return new Change.Nothing("unchanged");
    return new Change.Update(List.copyOf(merged.values()));
  }

  /** Every firing alert is one the resolved episode already had, with the same start. */
  private static boolean allKnown(
      List<Notification.Alert> firing, List<Notification.Alert> stored) {
    for (Notification.Alert a : firing) {
      boolean known =
          stored.stream()
              .anyMatch(
                  s ->
                      s.fingerprint().equals(a.fingerprint()) && s.startsAt().equals(a.startsAt()));
      if (!known) return false;
    }
    return true;
  }

  /** An alert the resolved notification no longer lists: it ended with its group. */
  private static Notification.Alert resolved(Notification.Alert a) {
    return new Notification.Alert(
        a.fingerprint(),
        Notification.RESOLVED,
        a.labels(),
        a.annotations(),
        a.startsAt(),
        a.endsAt(),
        a.generatorUrl());
  }

  /** Matchers of a silence for the group: its grouping labels, else the labels all alerts share. */
  static Map<String, String> silenceMatchers(Episode e) {
    Map<String, String> m = e.groupLabels().isEmpty() ? e.commonLabels() : e.groupLabels();
    return new TreeMap<>(m);
  }

  /**
   * Alertmanager's page of the group: its alerts filtered by the group's labels. Empty without
   * Alertmanager's URL in the notification.
   */
  static Optional<String> alertmanagerLink(Episode e) {
    if (!AlertFacts.isWebLink(e.externalUrl())) return Optional.empty();
    StringBuilder filter = new StringBuilder("{");
    silenceMatchers(e)
        .forEach(
            (k, v) -> {
              if (filter.length() > 1) filter.append(',');
              filter.append(k).append("=\"").append(v.replace("\"", "\\\"")).append('"');
            });
    filter.append('}');
    String base = e.externalUrl().replaceAll("/+$", "");
    String link =
        base
            + "/#/alerts?filter="
            + URLEncoder.encode(filter.toString(), StandardCharsets.UTF_8).replace("+", "%20");
    return AlertFacts.isWebLink(link) ? Optional.of(link) : Optional.empty();
  }
}
