package dev.firstresponder.incident;

import com.slack.api.bolt.App;
import com.slack.api.methods.SlackApiException;
import dev.firstresponder.Config;
import dev.firstresponder.github.GitHubEffects;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.people.People;
import dev.firstresponder.schedule.Scheduling;
import dev.firstresponder.slack.Commands;
import dev.firstresponder.slack.Modal;
import dev.firstresponder.slack.SlackApi;
import dev.firstresponder.slack.SlackUsers;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The incident procedure in Slack: {@code /incident} and its subcommands ({@link
 * IncidentCommands}), the declaration, update, resolve and roles modals ({@link
 * IncidentSubmissions}), the buttons on the start message ({@link IncidentButtons}), the outbox
 * effects ({@link IncidentEffects}) and the reminder of promised updates. Other features declare
 * incidents from their own things (alerts) through {@link #declarationSource} and {@link
 * #openDeclaration}.
 */
public final class IncidentFeature {
  private static final String COMMAND = "/incident";

  /** How often overdue update promises are looked for; the promise itself lives in the database. */
  static final int REMINDER_POLL_SECONDS = 3;

  private final SlackApi slack;
  private final IncidentService service;
  private final IncidentEffects effects;
  private final IncidentCommands commands;
  private final IncidentSubmissions submissions;
  private final IncidentButtons buttons;

  public IncidentFeature(
      Config config,
      Clock clock,
      Jdbi jdbi,
      Outbox outbox,
      SlackApi slack,
      Optional<GitHubEffects> github,
      People people,
      SlackUsers users) {
    Messages messages =
        new Messages(config.notices().audience(), github.isPresent(), config.announceChannel());
    this.slack = slack;
    IncidentDao dao = new IncidentDao();
    this.service = new IncidentService(jdbi, dao, outbox, clock, people, messages);
    this.effects = new IncidentEffects(jdbi, dao, outbox, slack, github, people, users, messages);
    this.commands = new IncidentCommands(slack, clock, messages, service);
    this.submissions =
        new IncidentSubmissions(
            messages, service, github.map(GitHubEffects::repositoryName).orElse(""));
    this.buttons = new IncidentButtons(slack, service);
  }

  public void register(App app, Commands commands, OutboxWorker worker, Scheduling scheduling) {
    IncidentCommands c = this.commands;
    commands.bare(
        COMMAND,
        "[short message]",
        "declare an incident (in an incident channel: its actions)",
        c::onIncident);
    commands.subcommand(
        COMMAND, "update", "", "post a status update (in the incident channel)", c::onUpdate);
    commands.subcommand(
        COMMAND, "resolve", "", "resolve the incident (in the incident channel)", c::onResolve);
    commands.subcommand(
        COMMAND,
        "roles",
        "",
        "change the Operations Technicians and the Communications Coordinator",
        c::onRoles);
    commands.subcommand(
        COMMAND, "list", "", "open incidents with their age, CC and links", c::onList);
    app.viewSubmission(IncidentViews.DECLARE, submissions::onDeclareSubmitted);
    app.viewSubmission(IncidentViews.UPDATE, submissions::onUpdateSubmitted);
    app.viewSubmission(IncidentViews.RESOLVE, submissions::onResolveSubmitted);
    app.viewSubmission(IncidentViews.ROLES, submissions::onRolesSubmitted);
    app.blockAction(IncidentBlocks.ACTION_UPDATE, buttons::onUpdateClicked);
    app.blockAction(IncidentBlocks.ACTION_RESOLVE, buttons::onResolveClicked);
    app.blockAction(IncidentBlocks.ACTION_ROLES, buttons::onRolesClicked);
    effects.registerWith(worker);
    scheduling.every("incident-reminders", REMINDER_POLL_SECONDS, fired -> service.remindOverdue());
  }

  /**
   * The handler of {@code /incident update} outside an incident channel, e.g. for the upgrade of
   * that context. It returns null when nothing of its own applies; the incident hint is then given.
   */
  public void onUpdateOutsideIncident(Commands.Handler fallback) {
    commands.onUpdateOutsideIncident(fallback);
  }

  // ---- declaring from elsewhere (alerts) ------------------------------------------------------

  /** Another feature's things (alerts) that incidents can be declared from. */
  public void declarationSource(String kind, DeclarationSource source) {
    service.source(kind, source);
  }

  /**
   * Opens the declaration form pre-filled, for a button elsewhere (an alert's Declare incident).
   * Empty when it opened, else Slack's error.
   */
  public Optional<String> openDeclaration(
      String triggerId, String declarer, DeclarationPrefill prefill)
      throws IOException, SlackApiException {
    return Modal.open(slack.methods(), triggerId, IncidentViews.declareModal(prefill, declarer));
  }

  /** The channel of an incident, once it has been made. */
  public Optional<String> channelOf(long incidentId) {
    return service.find(incidentId).flatMap(Incident::channel);
  }
}
