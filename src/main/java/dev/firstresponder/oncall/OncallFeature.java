package dev.firstresponder.oncall;

import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.SlackApiException;
import dev.firstresponder.outbox.EffectFailure;
import dev.firstresponder.outbox.OutboxEntry;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.schedule.Scheduling;
import dev.firstresponder.slack.Commands;
import dev.firstresponder.slack.Modal;
import dev.firstresponder.slack.ModalState;
import dev.firstresponder.slack.SlackApi;
import dev.firstresponder.slack.SlackUsers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-call rotation in Slack: {@code /oncall …} ({@link OncallCommands}), the handover form, the
 * Quartz job of the shift starts and the user group effect.
 */
public final class OncallFeature {
  private static final Logger log = LoggerFactory.getLogger(OncallFeature.class);
  private static final String CMD = "/oncall";

  private final OncallSettings config;
  private final OncallService service;
  private final SlackApi slackApi;
  private final OncallCommands commands;

  public OncallFeature(
      OncallSettings config, OncallService service, SlackApi slackApi, SlackUsers users) {
    this.config = config;
    this.service = service;
    this.slackApi = slackApi;
    this.commands = new OncallCommands(config, service, users);
  }

  public OncallService service() {
    return service;
  }

  public void register(App app, Commands commands, OutboxWorker worker, Scheduling scheduling) {
    OncallCommands c = this.commands;
    commands.bare(
        CMD,
        "",
        "who is on call now, since when, who is next and when the next handover is",
        c::onStatus);
    commands.subcommand(
        CMD,
        "list",
        "",
        "the on-call list: who had their turn, who is on call, who is next",
        c::onList);
    commands.subcommand(
        CMD,
        "add",
        "@user [github-login]",
        "add someone at the end of the current round (rota admins)",
        c.admin(c::add));
    commands.subcommand(
        CMD,
        "remove",
        "@user",
        "take someone off the list; if on call, hand over now (rota admins)",
        c.admin(c::remove));
    commands.subcommand(
        CMD,
        "move",
        "@user <position>",
        "move someone to a place in the order (rota admins)",
        c.admin(c::move));
    commands.subcommand(
        CMD,
        "handover",
        "",
        "hand over to the next engineer with a note for the on-call log",
        c::onHandover);
    commands.subcommand(
        CMD,
        "swap",
        "@a @b",
        "two people trade their places in the order (rota admins)",
        c.admin(c::swap));
    commands.subcommand(
        CMD,
        "override",
        "@user <date>",
        "someone takes the shift of one date, e.g. 2026-12-24 (rota admins)",
        c.admin(c::override));
    commands.subcommand(
        CMD, "log", "[n]", "the last n entries of the on-call log (default 5)", c::onLog);
    commands.subcommand(
        CMD,
        "holiday add",
        "<date> [name]",
        "a day without handover, e.g. 2026-12-24 (rota admins)",
        c.admin(c::holidayAdd));
    commands.subcommand(
        CMD, "holiday list", "", "the holidays the rotation skips", c::onHolidayList);
    commands.subcommand(
        CMD,
        "holiday remove",
        "<date>",
        "remove a holiday (rota admins)",
        c.admin(c::holidayRemove));
    app.viewSubmission(OncallViews.HANDOVER, this::onHandoverSubmitted);
    worker.register(OncallNotices.USERGROUP_EFFECT, this::applyUsergroup);
    scheduling.cron("oncall-shift", config.cronExpression(), config.zone(), service::startShift);
    try {
      service.catchUp();
    } catch (RuntimeException e) {
      log.error("on-call catch-up at start failed: {}", e.toString(), e);
    }
  }

  // ---- handover -------------------------------------------------------------------------------

  private Response onHandoverSubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    var payload = req.getPayload();
    String by = payload.getUser().getId();
    ModalState values = ModalState.of(payload.getView());
    String notes = values.text(OncallViews.NOTES);
    if (notes == null)
      return Modal.fieldError(ctx, OncallViews.NOTES, "Write what happened during your shift.");
    String expected = payload.getView().getPrivateMetadata();
    if (!by.equals(expected) && !commands.isRotaAdmin(by)) {
      return Modal.fieldError(
          ctx, OncallViews.NOTES, "Only the person on call or a rota admin can hand over.");
    }
    try {
      service.handOverNow(
          by,
          new Handover.Notes(
              notes, values.text(OncallViews.OPEN_ITEMS), values.text(OncallViews.LINKS)),
          payload.getView().getId(),
          expected == null || expected.isBlank() ? null : expected);
      return ctx.ack();
    } catch (OncallService.Refusal refusal) {
      return Modal.fieldError(ctx, OncallViews.NOTES, refusal.getMessage());
    }
  }

  // ---- user group -----------------------------------------------------------------------------

  /** Points ONCALL_USERGROUP at today's engineer; never with an empty list (Slack refuses that). */
  private String applyUsergroup(OutboxEntry e) throws Exception {
    OncallNotices.UsergroupUpdate u = e.payload(OncallNotices.UsergroupUpdate.class);
    if (u.users() == null || u.users().isEmpty())
      throw new EffectFailure.Permanent("a user group cannot be emptied");
    try {
      SlackApi.check(
          "usergroups.users.update",
          slackApi
              .backgroundMethods()
              .usergroupsUsersUpdate(r -> r.usergroup(u.usergroup()).users(u.users())));
      return null;
    } catch (SlackApiException ex) {
      throw SlackApi.classify(ex);
    }
  }
}
