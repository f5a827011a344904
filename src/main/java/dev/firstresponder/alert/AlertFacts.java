package dev.firstresponder.alert;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What people want to know of an alert group, read from its labels and annotations: the labels
 * common to the group first, then its first firing alert. Values are raw (escape them per target).
 */
record AlertFacts(
    String alertname,
    Optional<String> severity,
    Optional<String> cluster,
    Optional<String> service,
    Optional<String> summary,
    Optional<String> description,
    Optional<String> runbookUrl,
    Optional<String> generatorUrl,
    Instant firingSince,
    int firing,
    int resolved) {

  static AlertFacts of(Episode e, List<Notification.Alert> alerts) {
    List<Notification.Alert> ordered =
        alerts.stream()
            .sorted(
                Comparator.comparing((Notification.Alert a) -> !a.firing())
                    .thenComparing(Notification.Alert::startsAt)
                    .thenComparing(Notification.Alert::fingerprint))
            .toList();
    Map<String, String> first = ordered.isEmpty() ? Map.of() : ordered.get(0).labels();
    Map<String, String> firstNotes = ordered.isEmpty() ? Map.of() : ordered.get(0).annotations();
    Lookup labels = new Lookup(e.commonLabels(), e.groupLabels(), first);
    Lookup notes = new Lookup(e.commonAnnotations(), Map.of(), firstNotes);
    return new AlertFacts(
        labels.first("alertname").orElse("alert"),
        labels.first("severity"),
        labels.first("cluster", "cluster_name"),
        labels.first("service", "job", "app", "namespace"),
        notes.first("summary", "message"),
        notes.first("description"),
        notes.first("runbook_url").filter(AlertFacts::isWebLink),
        ordered.stream()
            .map(Notification.Alert::generatorUrl)
            .filter(AlertFacts::isWebLink)
            .findFirst(),
        e.firingSince(),
        (int) alerts.stream().filter(Notification.Alert::firing).count(),
        (int) alerts.stream().filter(a -> !a.firing()).count());
  }

  /** Labels looked up in order of preference, each name in turn. */
  private record Lookup(
      Map<String, String> common, Map<String, String> group, Map<String, String> first) {
    Optional<String> first(String... names) {
      for (String name : names) {
        for (Map<String, String> m : List.of(common, group, first)) {
          String v = m.get(name);
          if (v != null && !v.isBlank()) return Optional.of(v.strip());
        }
      }
      return Optional.empty();
    }
  }

  /**
   * Only plain http(s) URLs become links: anything with spaces or Slack's and Markdown's control
   * characters is shown as text instead.
   */
  static boolean isWebLink(String url) {
    return url != null
        && url.length() <= 2000
        && (url.startsWith("http://") || url.startsWith("https://"))
        && url.chars()
            .noneMatch(c -> c <= ' ' || c == '<' || c == '>' || c == '|' || c == '"' || c == '`');
  }

  /** "cluster/service", with "-" for what the labels do not say. */
  String where() {
    return cluster.orElse("-") + "/" + service.orElse("-");
  }

  /** The short line: the summary, else the alert's name. */
  String headline() {
    return summary.orElse(alertname);
  }
}
