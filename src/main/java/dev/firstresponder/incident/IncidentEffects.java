package dev.firstresponder.incident;

import dev.firstresponder.github.GitHubEffects;
import dev.firstresponder.outbox.EffectFailure;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.people.People;
import dev.firstresponder.slack.SlackApi;
import dev.firstresponder.slack.SlackUsers;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The incident's own outbox effects, by kind: the GitHub issue ({@link IncidentIssue}, through
 * {@link GitHubEffects#CREATE_ISSUE}), the channel and invitations ({@link IncidentChannel}), the
 * pin and the refresh of posted messages ({@link IncidentRefresh}). Payloads name the incident; the
 * handlers read its current state when they run.
 */
final class IncidentEffects {
  static final String CHANNEL_CREATE = "incident.channel.create";
  static final String PIN = "incident.pin";
  static final String REFRESH = "incident.refresh";
  static final String INVITE = "incident.invite";

  /** Payload naming the incident. */
  record Ref(Long incidentId) {}

  record Invite(Long incidentId, List<String> users) {}

  private final Optional<GitHubEffects> github;
  private final IncidentIssue issue;
  private final IncidentChannel channel;
  private final IncidentRefresh refresh;

  IncidentEffects(
      Jdbi jdbi,
      IncidentDao dao,
      Outbox outbox,
      SlackApi slack,
      Optional<GitHubEffects> github,
      People people,
      SlackUsers users,
      Messages messages) {
    this.github = github;
    this.issue = new IncidentIssue(jdbi, dao, outbox, people, users, messages);
    this.channel = new IncidentChannel(jdbi, dao, outbox, slack, messages);
    this.refresh = new IncidentRefresh(jdbi, dao, outbox, slack, messages);
  }

  void registerWith(OutboxWorker worker) {
    github.ifPresent(g -> issue.registerWith(g, worker));
    channel.registerWith(worker);
    refresh.registerWith(worker);
  }

  static Incident load(Jdbi jdbi, IncidentDao dao, long id) throws EffectFailure.Permanent {
    return jdbi.withHandle(h -> dao.find(h, id))
        .orElseThrow(() -> new EffectFailure.Permanent("incident " + id + " does not exist"));
  }
}
