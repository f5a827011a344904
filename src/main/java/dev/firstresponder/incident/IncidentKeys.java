package dev.firstresponder.incident;

/**
 * The outbox streams and idempotency keys of an incident, published for the features that add to
 * its conversation (the mirror). An effect on the incident's issue goes to its GitHub stream, so it
 * applies after the issue is created and in order with the incident's own comments; it names the
 * issue by {@link #issueKey}, the key of the effect that creates it.
 */
public final class IncidentKeys {
  private IncidentKeys() {}

  /** GitHub effects of the incident: the issue, its comments, assignees and close, in order. */
  public static String githubStream(long incidentId) {
    return "github:incident:" + incidentId;
  }

  /** Slack effects of the incident: its channel, messages and announcements, in order. */
  public static String slackStream(long incidentId) {
    return "slack:incident:" + incidentId;
  }

  /** The key of the effect that creates the incident's GitHub issue. */
  public static String issueKey(long incidentId) {
    return key(incidentId, "issue");
  }

  /** An effect of the incident; the suffix names the step (e.g. {@code update:3:channel}). */
  static String key(long incidentId, String suffix) {
    return "incident:" + incidentId + ":" + suffix;
  }
}
