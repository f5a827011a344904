package dev.firstresponder.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** One incident as stored: what was declared, who runs it, where it lives in Slack and GitHub. */
record Incident(
    long id,
    String cluster,
    String service,
    String shortMessage,
    String impactedUsers,
    String relatedLinks,
    List<Criterion> criteria,
    String severity,
    String declaredBy,
    String ccUser,
    List<String> ots,
    Instant declaredAt,
    Status status,
    Instant resolvedAt,
    String resolvedBy,
    String lingeringEffects,
    String channelId,
    String channelName,
    Integer issueNumber,
    String issueUrl,
    Instant nextUpdateDueAt,
    int updateCount,
    int rolesVersion,
    String declaredFrom) {

  /** Where the incident is; {@code code} is how the database stores it. */
  enum Status {
    OPEN("open"),
    RESOLVED("resolved");

    final String code;

    Status(String code) {
      this.code = code;
    }

    static Status of(String code) {
      for (Status s : values()) if (s.code.equals(code)) return s;
      throw new IllegalArgumentException("unknown incident status " + code);
    }
  }

  boolean open() {
    return status == Status.OPEN;
  }

  Optional<String> channel() {
    return Optional.ofNullable(channelId);
  }

  Optional<String> issue() {
    return Optional.ofNullable(issueUrl);
  }

  /** Everyone with a role: the declarer, the CC and the OTs, once each. */
  List<String> people() {
    LinkedHashSet<String> all = new LinkedHashSet<>();
    all.add(declaredBy);
    all.add(ccUser);
    all.addAll(ots);
    return List.copyOf(all);
  }

  /** Who is assigned the incident's issue: the CC first, then the OTs, once each. */
  List<String> assignable() {
    LinkedHashSet<String> all = new LinkedHashSet<>();
    all.add(ccUser);
    all.addAll(ots);
    return List.copyOf(all);
  }

  /** Only people running the incident may resolve it or change its roles. */
  boolean mayManage(String userId) {
    return userId.equals(ccUser) || userId.equals(declaredBy) || ots.contains(userId);
  }

  Duration age(Instant now) {
    return Duration.between(declaredAt, resolvedAt != null ? resolvedAt : now);
  }

  // The incident's outbox streams and keys (IncidentKeys publishes them for the mirror).
  String githubStream() {
    return IncidentKeys.githubStream(id);
  }

  String slackStream() {
    return IncidentKeys.slackStream(id);
  }

  String key(String suffix) {
    return IncidentKeys.key(id, suffix);
  }

  String issueKey() {
    return IncidentKeys.issueKey(id);
  }

  String announceKey() {
    return key("announce");
  }

  String startKey() {
    return key("start");
  }
}
