package dev.firstresponder.incident;

import dev.firstresponder.github.GitHubEffects;
import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.EffectFailure;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.people.People;
import dev.firstresponder.slack.SlackApi;
import dev.firstresponder.slack.SlackEffects;
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
    Shared shared = new Shared(jdbi, dao, outbox, slack, messages);
    this.github = github;
    this.issue = new IncidentIssue(shared, people, users);
    this.channel = new IncidentChannel(shared);
    this.refresh = new IncidentRefresh(shared);
  }

  void registerWith(OutboxWorker worker) {
    github.ifPresent(g -> issue.registerWith(g, worker));
    channel.registerWith(worker);
    refresh.registerWith(worker);
  }

  /**
   * A Slack message of the incident ({@code key}: its step); the CC hears if it cannot be posted.
   */
  static Effect post(Incident i, String key, SlackEffects.Post post) {
    return Effect.of(i.slackStream(), SlackEffects.POST, i.key(key), post).notifying(i.ccUser());
  }

  /** Re-renders the incident's posted messages from its current state ({@link IncidentRefresh}). */
  static Effect refresh(Incident i, String key) {
    return Effect.of(i.slackStream(), REFRESH, i.key(key), new Ref(i.id()));
  }

  /** What the incident's effects share: the database, the outbox, Slack and the texts. */
  record Shared(Jdbi jdbi, IncidentDao dao, Outbox outbox, SlackApi slack, Messages messages) {
    /** The incident as it is now; an effect of an incident that does not exist fails for good. */
    Incident load(long id) throws EffectFailure.Permanent {
      return jdbi.withHandle(h -> dao.find(h, id))
          .orElseThrow(() -> new EffectFailure.Permanent("incident " + id + " does not exist"));
    }
  }
}
