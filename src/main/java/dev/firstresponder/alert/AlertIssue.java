package dev.firstresponder.alert;

import dev.firstresponder.github.GitHubIssues;
import dev.firstresponder.github.GitHubText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The GitHub issue of a firing episode (ALERT_ISSUES): title, labels, body and comments. */
final class AlertIssue {
  static final String LABEL = "alert";

  /** GitHub refuses bodies over 65,536 characters; room is left for the hidden marker. */
  private static final int MAX_BODY = 60_000;

  private static final int MAX_LABEL = 50;

  private AlertIssue() {}

  /** {@code [ALERT] <alertname> (<cluster>/<service>)}. */
  static String title(AlertFacts f) {
    String t = GitHubText.inertTitle("[ALERT] " + f.alertname() + " (" + f.where() + ")");
    return t.length() <= GitHubIssues.MAX_TITLE
        ? t
        : t.substring(0, GitHubIssues.MAX_TITLE - 1) + "…";
  }

  /** {@code alert} and the severity, when the alerts say one. */
  static List<String> labels(AlertFacts f) {
    List<String> labels = new ArrayList<>(List.of(LABEL));
    f.severity()
        .map(s -> s.replaceAll("[\\s,]+", "-"))
        .map(s -> s.length() > MAX_LABEL ? s.substring(0, MAX_LABEL) : s)
        .filter(s -> !s.isBlank() && !s.equals(LABEL))
        .ifPresent(labels::add);
    return labels;
  }

  /** The group and each alert: labels, annotations, start and links. */
  static String body(Snapshot s) {
    Episode e = s.episode();
    AlertFacts f = s.facts();
    StringBuilder b = new StringBuilder();
    b.append("Alertmanager reports **")
        .append(GitHubText.inertLine(f.alertname()))
        .append("** on ")
        .append(GitHubText.inertLine(f.where()))
        .append(", firing since ")
        .append(f.firingSince())
        .append(" (")
        .append(f.firing())
        .append(" firing, ")
        .append(f.resolved())
        .append(" resolved).\n\n");
    f.summary()
        .ifPresent(v -> b.append("**Summary:** ").append(GitHubText.inert(v)).append("\n\n"));
    f.description()
        .ifPresent(v -> b.append("**Description:** ").append(GitHubText.inert(v)).append("\n\n"));
    f.runbookUrl().ifPresent(u -> b.append("**Runbook:** <").append(u).append(">  \n"));
    AlertRules.alertmanagerLink(e)
        .ifPresent(u -> b.append("**Alertmanager:** <").append(u).append(">  \n"));
    b.append("**Group:** `")
        .append(GitHubText.inertLine(e.groupKey()).replace("`", "'"))
        .append("`\n\n");
    b.append("## Alerts\n");
    int n = 0;
    for (Notification.Alert a : s.alerts()) {
      StringBuilder one = alert(++n, a);
      if (b.length() + one.length() > MAX_BODY) {
        b.append("\n…and ")
            .append(s.alerts().size() - n + 1)
            .append(" more alerts: see Alertmanager.\n");
        break;
      }
      b.append(one);
    }
    return b.toString();
  }

  private static StringBuilder alert(int n, Notification.Alert a) {
    StringBuilder b = new StringBuilder("\n### ").append(n).append(". ").append(a.status());
    b.append(" — fingerprint `")
        .append(GitHubText.inertLine(a.fingerprint()).replace("`", "'"))
        .append("`\n\n");
    b.append("- Started: ").append(a.startsAt()).append('\n');
    a.endsAt().ifPresent(t -> b.append("- Ended: ").append(t).append('\n'));
    if (AlertFacts.isWebLink(a.generatorUrl()))
      b.append("- Source: <").append(a.generatorUrl()).append(">\n");
    String runbook = a.annotations().get("runbook_url");
    if (AlertFacts.isWebLink(runbook)) b.append("- Runbook: <").append(runbook).append(">\n");
    table(b, "Label", a.labels());
    table(b, "Annotation", a.annotations());
    return b;
  }

  private static void table(StringBuilder b, String what, Map<String, String> values) {
    if (values.isEmpty()) return;
    b.append("\n| ").append(what).append(" | Value |\n|---|---|\n");
    new TreeMap<>(values)
        .forEach(
            (k, v) -> b.append("| ").append(cell(k)).append(" | ").append(cell(v)).append(" |\n"));
  }

  private static String cell(String text) {
    String t = GitHubText.inertLine(text).replace("|", "\\|");
    return t.length() > 1000 ? t.substring(0, 1000) + "…" : t;
  }

  static String resolvedComment(Episode e, Instant resolvedAt) {
    return "All alerts of this group resolved at %s, after %s firing."
        .formatted(resolvedAt, AlertViews.duration(Duration.between(e.firingSince(), resolvedAt)));
  }
}
