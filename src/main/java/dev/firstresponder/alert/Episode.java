package dev.firstresponder.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One firing episode of an alert group as stored: from the first firing notification until the
 * group resolves. It is paged once, escalates until acknowledged, and its messages show {@code
 * version}.
 */
record Episode(
    long id,
    long groupId,
    String groupKey,
    String status,
    String channel,
    Map<String, String> groupLabels,
    Map<String, String> commonLabels,
    Map<String, String> commonAnnotations,
    String externalUrl,
    Instant openedAt,
    Instant firingSince,
    Instant resolvedAt,
    int level,
    Instant nextLevelAt,
    String acknowledgedBy,
    Instant acknowledgedAt,
    Long incidentId,
    Integer issueNumber,
    String issueUrl,
    String silencedBy,
    Instant silencedUntil,
    int silences,
    int version,
    int refreshedVersion) {

  static final int TOP_LEVEL = 3;

  boolean firing() {
    return Notification.FIRING.equals(status);
  }

  boolean acknowledged() {
    return acknowledgedAt != null;
  }

  Optional<Duration> timeToAcknowledge() {
    return Optional.ofNullable(acknowledgedAt).map(a -> Duration.between(openedAt, a));
  }

  Duration age(Instant now) {
    return Duration.between(openedAt, resolvedAt != null ? resolvedAt : now);
  }

  // Outbox conventions: keys unique per episode, streams that keep their effects in order.
  String key(String suffix) {
    return "alert:" + id + ":" + suffix;
  }

  /** The page in the alert channel. */
  String pageKey() {
    return key("page");
  }

  String dmKey(int level, String user) {
    return key("dm:" + level + ":" + user);
  }

  String issueKey() {
    return key("issue");
  }

  /** Updates of an episode's messages, in order. */
  static String refreshStream(long episodeId) {
    return "alert:" + episodeId;
  }

  String githubStream() {
    return "github:alert:" + id;
  }

  /** Everything posted into one Slack conversation, paced to Slack's rate per channel. */
  static String postStream(String channelOrUser) {
    return "alert:slack:" + channelOrUser;
  }
}
