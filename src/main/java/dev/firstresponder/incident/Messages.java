package dev.firstresponder.incident;

import java.util.Optional;

/**
 * The incident's Slack texts with this installation's settings applied (audience, GitHub, channel).
 */
record Messages(String audience, boolean githubOn, Optional<String> announceChannel) {
  String start(Incident i) {
    return IncidentRules.startMessage(i, audience, githubOn);
  }

  String announcement(Incident i) {
    return IncidentRules.announcement(i, audience, githubOn);
  }

  String resolved(Incident i) {
    return IncidentRules.resolvedMessage(i, i.lingeringEffects(), githubOn);
  }

  String issueLink(Incident i) {
    return IncidentRules.issueLink(i, githubOn);
  }
}
