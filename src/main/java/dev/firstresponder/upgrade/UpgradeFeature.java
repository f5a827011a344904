package dev.firstresponder.upgrade;

import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import dev.firstresponder.Config;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.people.People;
import dev.firstresponder.schedule.Scheduling;
import dev.firstresponder.slack.Commands;
import dev.firstresponder.slack.SlackUsers;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Planned upgrades in Slack: {@code /incident upgrade} and its subcommands ({@link
 * UpgradeCommands}), the planning, done and reschedule forms ({@link UpgradeSubmissions}), the
 * "Mark done" button ({@link UpgradeButtons}), and the reminder job. Handlers validate and ack; the
 * notices go through the outbox ({@link UpgradeService}).
 */
public final class UpgradeFeature {
  private static final String COMMAND = "/incident";
  static final int REMINDER_POLL_SECONDS = 5;

  private final UpgradeService service;
  private final UpgradeCommands commands;
  private final UpgradeSubmissions submissions;
  private final UpgradeButtons buttons;

  public UpgradeFeature(
      Config config, Clock clock, Jdbi jdbi, Outbox outbox, People people, SlackUsers users) {
    Optional<String> mailTo =
        config.smtp().isPresent() ? config.upgradeMailingList() : Optional.empty();
    String mailOff =
        config.smtp().isEmpty()
            ? "SMTP_HOST is not set"
            : config.upgradeMailingList().isEmpty() ? "UPGRADE_MAILING_LIST is not set" : null;
    UpgradeService.Settings settings =
        new UpgradeService.Settings(
            config.github().isPresent(),
            mailTo,
            config.announceChannel(),
            new UpgradeTemplates(
                config.notices().audience(), config.notices().upgradeSubjectPrefix()));
    this.service = new UpgradeService(jdbi, clock, outbox, people, settings, users::displayName);
    this.commands = new UpgradeCommands(users, service, mailOff);
    this.submissions = new UpgradeSubmissions(clock, service);
    this.buttons = new UpgradeButtons(service);
  }

  public void register(App app, Commands commands, OutboxWorker worker, Scheduling scheduling) {
    UpgradeCommands c = this.commands;
    commands.subcommand(
        COMMAND,
        "upgrade",
        "",
        "plan an upgrade: GitHub issue, e-mail to the users' list and" + " UPGRADE NOTICE",
        c::openPlan);
    commands.subcommand(COMMAND, "upgrade list", "", "planned and running upgrades", c::list);
    commands.subcommand(
        COMMAND,
        "upgrade update",
        "[id] <text>",
        "record an update on the upgrade's GitHub issue",
        c::updateFromCommand);
    commands.subcommand(
        COMMAND,
        "upgrade done",
        "[id] [lingering effects]",
        "complete the upgrade: resolution" + " notice to the issue, the mailing list and Slack",
        c::done);
    commands.subcommand(
        COMMAND,
        "upgrade reschedule",
        "[id]",
        "move the upgrade to a new date and time, and tell" + " everyone",
        c::reschedule);
    commands.subcommand(
        COMMAND,
        "upgrade cancel",
        "[id] [reason]",
        "call the upgrade off, and tell everyone",
        c::cancel);
    app.viewSubmission(UpgradeViews.PLAN, submissions::onPlanSubmitted);
    app.viewSubmission(UpgradeViews.DONE, submissions::onDoneSubmitted);
    app.viewSubmission(UpgradeViews.RESCHEDULE, submissions::onRescheduleSubmitted);
    app.blockAction(UpgradeViews.DONE_BUTTON, buttons::onDoneButton);
    service.registerWith(worker);
    scheduling.every(
        "upgrade-reminders", REMINDER_POLL_SECONDS, fired -> service.sendDueReminders());
  }

  /**
   * {@code /incident update} run outside an incident channel: the update of the upgrade of that
   * context, or null when no upgrade is open (the incident feature then gives its own hint).
   */
  public Response updateOutsideIncident(
      SlashCommandRequest req, SlashCommandContext ctx, String args) {
    return commands.updateOutsideIncident(req, ctx, args);
  }
}
