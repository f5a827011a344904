package dev.firstresponder.upgrade;

import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.User;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import dev.firstresponder.outbox.Json;
import dev.firstresponder.slack.Modal;
import dev.firstresponder.slack.SlackText;
import dev.firstresponder.slack.SlackUsers;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /incident upgrade} and its subcommands: plan (opens the form), list, update, done,
 * reschedule and cancel. Answers at once; the notices go through {@link UpgradeService}.
 */
final class UpgradeCommands {
  private final SlackUsers users;
  private final UpgradeService service;
  private final WhichUpgrade which;
  private final String mailOff;

  /**
   * @param mailOff why e-mail is off (shown in the planning form), or null when it is on
   */
  UpgradeCommands(SlackUsers users, UpgradeService service, String mailOff) {
    this.users = users;
    this.service = service;
    this.which = new WhichUpgrade(service);
    this.mailOff = mailOff;
  }

  Response openPlan(SlashCommandRequest req, SlashCommandContext ctx, String args)
      throws Exception {
    if (!args.isEmpty()) {
      return ctx.ack(
          "I don't know `/incident upgrade "
              + SlackText.quote(args.split("\\s+")[0])
              + "`. Try `/incident"
              + " upgrade`, `list`, `update`, `done`, `reschedule` or `cancel` (see `/incident help`).");
    }
    String user = req.getPayload().getUserId();
    ZoneId zone = zoneOf(user);
    String meta =
        Json.write(new UpgradeViews.PlanMeta(req.getPayload().getChannelId(), zone.getId()));
    View view = UpgradeViews.planModal(meta, user, zone, mailOff, !service.settings().github());
    return Modal.open(ctx.client(), req.getPayload().getTriggerId(), view)
        .map(error -> ctx.ack(Modal.notOpened("upgrade form", error, "Please try again.")))
        .orElseGet(ctx::ack);
  }

  Response list(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    List<Upgrade> open = service.open();
    if (open.isEmpty())
      return ctx.ack("No upgrades are planned or running. Plan one with `/incident upgrade`.");
    List<String> lines = new ArrayList<>();
    for (Upgrade u : open) {
      lines.add(
          "• "
              + UpgradeViews.describe(u)
              + " — *"
              + u.status().id()
              + "*, CC "
              + SlackText.mention(u.plan().cc())
              + ", issue "
              + service.issueUrl(u.id()).orElse(service.settings().github() ? "pending" : "off")
              + ", "
              + service.mailState(u.id()));
    }
    return ctx.ack(
        "*Planned and running upgrades*\n" + SlackText.lines(lines, SlackText.LIST_LENGTH));
  }

  /**
   * {@code /incident update} run outside an incident channel: the update of the upgrade of that
   * context, or null when no upgrade is open (the incident feature then gives its own hint).
   */
  Response updateOutsideIncident(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    return service.open().isEmpty() ? null : updateFromCommand(req, ctx, args);
  }

  /**
   * {@code /incident upgrade update [id] <text>}: comments the text on the GitHub issue of the
   * upgrade this channel belongs to (or the only open one; with several it asks which).
   */
  Response updateFromCommand(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    String user = req.getPayload().getUserId();
    WhichUpgrade.Answer t = which.of(req.getPayload().getChannelId(), user, args);
    if (t.problem() != null) return ctx.ack(t.problem());
    if (t.choices() != null) return ctx.ack(WhichUpgrade.askWhich("update", "<text>", t.choices()));
    if (t.rest().isBlank()) {
      return ctx.ack(
          "Say what to record: `/incident upgrade update "
              + (t.explicit() ? t.upgrade().id() + " " : "")
              + "<text>`. It goes to the GitHub issue of upgrade #"
              + t.upgrade().id()
              + ".");
    }
    Optional<String> tooLong = UpgradeRules.tooLong(t.rest());
    if (tooLong.isPresent()) return ctx.ack(tooLong.get());
    Optional<Integer> n = service.update(t.upgrade().id(), user, t.rest());
    if (n.isEmpty())
      return ctx.ack("GitHub is not configured, so there is no issue to record the update on.");
    return ctx.ack(
        ":memo: Update "
            + n.get()
            + " is on its way to the GitHub issue of "
            + UpgradeViews.describe(t.upgrade())
            + ". During an upgrade, updates go to the issue only.");
  }

  Response done(SlashCommandRequest req, SlashCommandContext ctx, String args) throws Exception {
    String user = req.getPayload().getUserId();
    WhichUpgrade.Answer t = which.of(req.getPayload().getChannelId(), user, args);
    if (t.problem() != null) return ctx.ack(t.problem());
    if (t.choices() != null) {
      List<LayoutBlock> blocks =
          UpgradeViews.pick(
              "Several upgrades are open. Which one is done? (Or run"
                  + " `/incident upgrade done <id> [lingering effects]`.)",
              t.choices());
      return ctx.ack(
          r ->
              r.responseType("ephemeral")
                  .text(WhichUpgrade.askWhich("done", "[lingering effects]", t.choices()))
                  .blocks(blocks));
    }
    if (!t.rest().isBlank())
      return ctx.ack(
          UpgradeRules.tooLong(t.rest()).orElseGet(() -> completed(t.upgrade(), user, t.rest())));
    return UpgradeButtons.openDoneModal(ctx.client(), req.getPayload().getTriggerId(), t.upgrade())
        .map(ctx::ack)
        .orElseGet(ctx::ack);
  }

  private String completed(Upgrade u, String user, String lingering) {
    if (!service.complete(u.id(), user, lingering))
      return "Upgrade #" + u.id() + " is no longer open.";
    return ":white_check_mark: "
        + UpgradeViews.describe(u)
        + " is done. The resolution notice is on its way to the GitHub issue"
        + " (which is then closed), the users' mailing list and the announcement channel.";
  }

  Response cancel(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    String user = req.getPayload().getUserId();
    WhichUpgrade.Answer t = which.of(req.getPayload().getChannelId(), user, args);
    if (t.problem() != null) return ctx.ack(t.problem());
    if (t.choices() != null)
      return ctx.ack(WhichUpgrade.askWhich("cancel", "[reason]", t.choices()));
    Optional<String> tooLong = UpgradeRules.tooLong(t.rest());
    if (tooLong.isPresent()) return ctx.ack(tooLong.get());
    if (!service.cancel(t.upgrade().id(), user, t.rest()))
      return ctx.ack("Upgrade #" + t.upgrade().id() + " is no longer open.");
    return ctx.ack(
        ":no_entry: "
            + UpgradeViews.describe(t.upgrade())
            + " is cancelled. The notice is on its way to the GitHub issue"
            + " (which is then closed), the users' mailing list and the announcement channel.");
  }

  Response reschedule(SlashCommandRequest req, SlashCommandContext ctx, String args)
      throws Exception {
    WhichUpgrade.Answer t =
        which.of(req.getPayload().getChannelId(), req.getPayload().getUserId(), args);
    if (t.problem() != null) return ctx.ack(t.problem());
    if (t.choices() != null) return ctx.ack(WhichUpgrade.askWhich("reschedule", "", t.choices()));
    View view = UpgradeViews.rescheduleModal(t.upgrade(), Long.toString(t.upgrade().id()));
    return Modal.open(ctx.client(), req.getPayload().getTriggerId(), view)
        .map(error -> ctx.ack(Modal.notOpened("form", error, "Please try again.")))
        .orElseGet(ctx::ack);
  }

  private ZoneId zoneOf(String user) {
    return users.user(user).map(User::getTz).map(UpgradeRules::zone).orElse(ZoneOffset.UTC);
  }
}
