package dev.firstresponder.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One webhook notification from Alertmanager (payload version 4): the state of one alert group.
 * Alertmanager sends it again at every group interval, so the same content arrives many times.
 */
record Notification(
    String receiver,
    String status,
    String groupKey,
    Map<String, String> groupLabels,
    Map<String, String> commonLabels,
    Map<String, String> commonAnnotations,
    String externalUrl,
    List<Alert> alerts) {

  static final String FIRING = "firing";
  static final String RESOLVED = "resolved";

  Notification {
    groupLabels = Map.copyOf(groupLabels);
    commonLabels = Map.copyOf(commonLabels);
    commonAnnotations = Map.copyOf(commonAnnotations);
    alerts = List.copyOf(alerts);
  }

  /** One alert of the group; its fingerprint is a hash of its labels. */
  record Alert(
      String fingerprint,
      String status,
      Map<String, String> labels,
      Map<String, String> annotations,
      Instant startsAt,
      Optional<Instant> endsAt,
      String generatorUrl) {
    Alert {
      labels = Map.copyOf(labels);
      annotations = Map.copyOf(annotations);
    }

    boolean firing() {
      return FIRING.equals(status);
    }
  }

  boolean resolved() {
    return RESOLVED.equals(status);
  }

  List<Alert> firing() {
    return alerts.stream().filter(Alert::firing).toList();
  }
}
