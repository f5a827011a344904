package dev.firstresponder.alert;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Webhook bodies shaped exactly as Alertmanager 0.25 sends them (captured from the real one): a
 * group of alerts, each firing or resolved. Public for the benchmarks in bench/.
 */
public final class Notifications {
  private final Map<String, String> groupLabels;
  private final List<JsonObject> alerts = new ArrayList<>();
  private String externalUrl = "http://alertmanager.example:9093";
  private Map<String, String> annotations =
      Map.of(
          "summary", "p99 latency over 2s",
          "runbook_url", "https://runbooks.example/high-latency");
  private String generatorUrl = "http://prometheus.example:9090/graph?g0.expr=latency";

  private Notifications(Map<String, String> groupLabels) {
    this.groupLabels = new TreeMap<>(groupLabels);
  }

  /** A group keyed by these labels (Alertmanager's group_by). */
  public static Notifications group(Map<String, String> groupLabels) {
    return new Notifications(groupLabels);
  }

  /** The usual test group: HighLatency on prod, grouped by alertname and cluster. */
  public static Notifications highLatency() {
    return group(Map.of("alertname", "HighLatency", "cluster", "prod"));
  }

  public Notifications externalUrl(String url) {
    this.externalUrl = url;
    return this;
  }

  /**
   * The annotations of the alerts added from now on (each also gets a description naming its
   * fingerprint unless these have one).
   */
  public Notifications annotations(Map<String, String> annotations) {
    this.annotations = Map.copyOf(annotations);
    return this;
  }

  /** The Prometheus link of the alerts added from now on. */
  public Notifications generatorUrl(String url) {
    this.generatorUrl = url;
    return this;
  }

  /** A firing alert with the group's labels plus {@code extra}; its fingerprint names it. */
  public Notifications firing(String fingerprint, Instant startsAt, Map<String, String> extra) {
    return alert(fingerprint, "firing", startsAt, null, extra);
  }

  public Notifications resolved(
      String fingerprint, Instant startsAt, Instant endsAt, Map<String, String> extra) {
    return alert(fingerprint, "resolved", startsAt, endsAt, extra);
  }

  private Notifications alert(
      String fingerprint,
      String status,
      Instant startsAt,
      Instant endsAt,
      Map<String, String> extra) {
    Map<String, String> labels = new TreeMap<>(groupLabels);
    labels.putAll(extra);
    labels.putIfAbsent("service", "api");
    labels.putIfAbsent("severity", "critical");
    JsonObject a = new JsonObject();
    a.addProperty("status", status);
    a.add("labels", object(labels));
    Map<String, String> notes = new TreeMap<>(annotations);
    notes.putIfAbsent("description", "The API answers slowly for " + fingerprint);
    a.add("annotations", object(notes));
    a.addProperty("startsAt", startsAt.toString());
    a.addProperty("endsAt", endsAt == null ? "0001-01-01T00:00:00Z" : endsAt.toString());
    a.addProperty("generatorURL", generatorUrl);
    a.addProperty("fingerprint", fingerprint);
    alerts.add(a);
    return this;
  }

  public String json() {
    JsonObject o = new JsonObject();
    o.addProperty("receiver", "firstresponder");
    boolean anyFiring =
        alerts.stream().anyMatch(a -> a.get("status").getAsString().equals("firing"));
    o.addProperty("status", anyFiring ? "firing" : "resolved");
    JsonArray list = new JsonArray();
    alerts.forEach(list::add);
    o.add("alerts", list);
    o.add("groupLabels", object(groupLabels));
    o.add("commonLabels", object(common("labels")));
    o.add("commonAnnotations", object(common("annotations")));
    o.addProperty("externalURL", externalUrl);
    o.addProperty("version", "4");
    StringBuilder key = new StringBuilder("{}:{");
    groupLabels.forEach(
        (k, v) ->
            key.append(key.length() > 4 ? ", " : "").append(k).append("=\"").append(v).append('"'));
    o.addProperty("groupKey", key.append('}').toString());
    o.addProperty("truncatedAlerts", 0);
    return o.toString();
  }

  /** What every alert has alike in {@code field} (labels or annotations), as Alertmanager says. */
  private Map<String, String> common(String field) {
    Map<String, String> common = new LinkedHashMap<>();
    if (alerts.isEmpty()) return common;
    JsonObject first = alerts.get(0).getAsJsonObject(field);
    for (String k : first.keySet()) {
      String v = first.get(k).getAsString();
      if (alerts.stream()
          .allMatch(
              a ->
                  a.getAsJsonObject(field).has(k)
                      && a.getAsJsonObject(field).get(k).getAsString().equals(v))) {
        common.put(k, v);
      }
    }
    return common;
  }

  private static JsonObject object(Map<String, String> m) {
    JsonObject o = new JsonObject();
    new TreeMap<>(m).forEach(o::addProperty);
    return o;
  }
}
