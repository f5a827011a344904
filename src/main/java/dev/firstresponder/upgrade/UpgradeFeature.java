package dev.firstresponder.upgrade;

import static dev.firstresponder.upgrade.UpgradeViews.block;

import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.model.User;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import dev.firstresponder.Config;
import dev.firstresponder.outbox.Json;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.people.People;
import dev.firstresponder.schedule.Scheduling;
import dev.firstresponder.slack.Commands;
import dev.firstresponder.slack.Modal;
import dev.firstresponder.slack.ModalState;
import dev.firstresponder.slack.SlackText;
import dev.firstresponder.slack.SlackUsers;
import dev.firstresponder.upgrade.UpgradeRules.Field;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Planned upgrades in Slack: {@code /incident upgrade} and its subcommands, the planning, done and
 * reschedule modals, the "Mark done" button, and the reminder job. Handlers validate and ack; the
 * notices go through the outbox ({@link UpgradeService}).
 */
public final class UpgradeFeature {
  private static final Logger log = LoggerFactory.getLogger(UpgradeFeature.class);
  private static final String COMMAND = "/incident";
  static final int REMINDER_POLL_SECONDS = 5;
  private static final Pattern LEADING_ID =
      Pattern.compile("#?(\\d{1,9})(?:\\s+(.*))?", Pattern.DOTALL);

  /** private_metadata of the planning modal: where it was opened and the planner's zone. */
  record PlanMeta(String channel, String zone) {}

  private final Clock clock;
  private final SlackUsers users;
  private final UpgradeService service;
  private final String mailOff;

  public UpgradeFeature(
      Config config, Clock clock, Jdbi jdbi, Outbox outbox, People people, SlackUsers users) {
    this.clock = clock;
    this.users = users;
    Optional<String> mailTo =
        config.smtp().isPresent() ? config.upgradeMailingList() : Optional.empty();
    this.mailOff =
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
  }

  public void register(App app, Commands commands, OutboxWorker worker, Scheduling scheduling) {
    commands.subcommand(
        COMMAND,
        "upgrade",
        "",
        "plan an upgrade: GitHub issue, e-mail to the users' list and" + " UPGRADE NOTICE",
        this::openPlan);
    commands.subcommand(COMMAND, "upgrade list", "", "planned and running upgrades", this::list);
    commands.subcommand(
        COMMAND,
        "upgrade update",
        "[id] <text>",
        "record an update on the upgrade's GitHub issue",
        this::updateFromCommand);
    commands.subcommand(
        COMMAND,
        "upgrade done",
        "[id] [lingering effects]",
        "complete the upgrade: resolution" + " notice to the issue, the mailing list and Slack",
        this::done);
    commands.subcommand(
        COMMAND,
        "upgrade reschedule",
        "[id]",
        "move the upgrade to a new date and time, and tell" + " everyone",
        this::reschedule);
    commands.subcommand(
        COMMAND,
        "upgrade cancel",
        "[id] [reason]",
        "call the upgrade off, and tell everyone",
        this::cancel);
    app.viewSubmission(UpgradeViews.PLAN, this::onPlanSubmitted);
    app.viewSubmission(UpgradeViews.DONE, this::onDoneSubmitted);
    app.viewSubmission(UpgradeViews.RESCHEDULE, this::onRescheduleSubmitted);
    app.blockAction(UpgradeViews.DONE_BUTTON, this::onDoneButton);
    service.registerWith(worker);
    scheduling.every(
        "upgrade-reminders", REMINDER_POLL_SECONDS, fired -> service.sendDueReminders());
  }

  // ---- planning -----------------------------------------------------------------------------

  private Response openPlan(SlashCommandRequest req, SlashCommandContext ctx, String args)
      throws Exception {
    if (!args.isEmpty()) {
      return ctx.ack(
          "I don't know `/incident upgrade "
              + SlackText.escape(args.split("\\s+")[0])
              + "`. Try `/incident"
              + " upgrade`, `list`, `update`, `done`, `reschedule` or `cancel` (see `/incident help`).");
    }
    String user = req.getPayload().getUserId();
    ZoneId zone = zoneOf(user);
    String meta = Json.write(new PlanMeta(req.getPayload().getChannelId(), zone.getId()));
    View view = UpgradeViews.planModal(meta, user, zone, mailOff, !service.settings().github());
    return Modal.open(ctx.client(), req.getPayload().getTriggerId(), view)
        .map(error -> ctx.ack(Modal.notOpened("upgrade form", error, "Please try again.")))
        .orElseGet(ctx::ack);
  }

  private Response onPlanSubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    var view = req.getPayload().getView();
    ModalState v = ModalState.of(view);
    PlanMeta meta = Json.read(view.getPrivateMetadata(), PlanMeta.class);
    ZoneId zone = zone(meta.zone());
    String p = UpgradeViews.PLAN;
    UpgradeRules.Form form =
        new UpgradeRules.Form(
            v.option(block(p, Field.KIND)).orElse(null),
            v.raw(block(p, Field.ENVIRONMENT)),
            v.raw(block(p, Field.CLUSTER)),
            v.raw(block(p, Field.CLUSTER_URL)),
            v.raw(block(p, Field.SERVICE)),
            v.raw(block(p, Field.CURRENT_VERSION)),
            v.raw(block(p, Field.NEW_VERSION)),
            v.date(block(p, Field.DATE)),
            v.time(block(p, Field.TIME)),
            v.raw(block(p, Field.DURATION)),
            v.raw(block(p, Field.COMMENTS)),
            v.raw(block(p, Field.LINKS)),
            v.user(block(p, Field.CC)),
            v.users(block(p, Field.OTS)),
            zone);
    UpgradeRules.Checked checked = UpgradeRules.check(form, clock.instant());
    if (!checked.ok())
      return ctx.ack(r -> r.responseAction("errors").errors(errors(p, checked.errors())));
    UpgradeService.Planned planned =
        service.plan(
            checked.plan(), req.getPayload().getUser().getId(), meta.channel(), view.getId());
    log.info(
        "upgrade {} planned{}",
        planned.id(),
        planned.duplicate() ? " (repeated submission ignored)" : "");
    return ctx.ack();
  }

  // ---- update -------------------------------------------------------------------------------

  /**
   * {@code /incident upgrade update [id] <text>}, and the fallback of {@code /incident update}
   * outside an incident channel: comments the text on the GitHub issue of the upgrade this channel
   * belongs to (or the only open one; with several it asks which). Same shape as Commands.Handler.
   */
  /**
   * {@code /incident update} run outside an incident channel: the update of the upgrade of that
   * context, or null when no upgrade is open (the incident feature then gives its own hint).
   */
  public Response updateOutsideIncident(
      SlashCommandRequest req, SlashCommandContext ctx, String args) {
    return service.open().isEmpty() ? null : updateFromCommand(req, ctx, args);
  }

  public Response updateFromCommand(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    String user = req.getPayload().getUserId();
    Target t = target(req.getPayload().getChannelId(), user, args);
    if (t.problem() != null) return ctx.ack(t.problem());
    if (t.choices() != null) return ctx.ack(askWhich("update", "<text>", t.choices()));
    if (t.rest().isBlank()) {
      return ctx.ack(
          "Say what to record: `/incident upgrade update "
              + (t.explicit() ? t.upgrade().id() + " " : "")
              + "<text>`. It goes to the GitHub issue of upgrade #"
              + t.upgrade().id()
              + ".");
    }
    Optional<Integer> n = service.update(t.upgrade().id(), user, t.rest());
    if (n.isEmpty())
      return ctx.ack("GitHub is not configured, so there is no issue to record the update on.");
    return ctx.ack(
        ":memo: Update "
            + n.get()
            + " is on its way to the GitHub issue of "
            + describe(t.upgrade())
            + ". During an upgrade, updates go to the issue only.");
  }

  // ---- done ---------------------------------------------------------------------------------

  private Response done(SlashCommandRequest req, SlashCommandContext ctx, String args)
      throws Exception {
    String user = req.getPayload().getUserId();
    Target t = target(req.getPayload().getChannelId(), user, args);
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
                  .text(askWhich("done", "[lingering effects]", t.choices()))
                  .blocks(blocks));
    }
    if (!t.rest().isBlank()) return ctx.ack(completed(t.upgrade(), user, t.rest()));
    return openDoneModal(ctx.client(), req.getPayload().getTriggerId(), t.upgrade())
        .map(ctx::ack)
        .orElseGet(ctx::ack);
  }

  private Response onDoneButton(BlockActionRequest req, ActionContext ctx)
      throws IOException, SlackApiException {
    long id = Long.parseLong(req.getPayload().getActions().get(0).getValue());
    Optional<Upgrade> u = service.find(id);
    if (u.isEmpty() || !u.get().status().open()) {
      ctx.respond(
          r ->
              r.responseType("ephemeral")
                  .replaceOriginal(false)
                  .text(
                      "Upgrade #"
                          + id
                          + " is no longer open"
                          + u.map(x -> " (" + x.status().id() + ")").orElse("")
                          + "."));
      return ctx.ack();
    }
    Optional<String> problem =
        openDoneModal(ctx.client(), req.getPayload().getTriggerId(), u.get());
    if (problem.isPresent())
      ctx.respond(r -> r.responseType("ephemeral").replaceOriginal(false).text(problem.get()));
    return ctx.ack();
  }

  private Optional<String> openDoneModal(MethodsClient client, String triggerId, Upgrade u)
      throws IOException, SlackApiException {
    return Modal.open(client, triggerId, UpgradeViews.doneModal(u, Long.toString(u.id())))
        .map(
            error ->
                Modal.notOpened(
                    "form",
                    error,
                    "Run `/incident upgrade done " + u.id() + " <lingering effects>` instead."));
  }

  private Response onDoneSubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    long id = Long.parseLong(req.getPayload().getView().getPrivateMetadata());
    String lingering = ModalState.of(req.getPayload().getView()).raw(UpgradeViews.DONE_LINGERING);
    boolean done = service.complete(id, req.getPayload().getUser().getId(), lingering);
    if (!done) log.info("upgrade {} was no longer open when its done form was submitted", id);
    return ctx.ack();
  }

  private String completed(Upgrade u, String user, String lingering) {
    if (!service.complete(u.id(), user, lingering))
      return "Upgrade #" + u.id() + " is no longer open.";
    return ":white_check_mark: "
        + describe(u)
        + " is done. The resolution notice is on its way to the GitHub issue"
        + " (which is then closed), the users' mailing list and the announcement channel.";
  }

  // ---- cancel and reschedule ----------------------------------------------------------------

  private Response cancel(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    String user = req.getPayload().getUserId();
    Target t = target(req.getPayload().getChannelId(), user, args);
    if (t.problem() != null) return ctx.ack(t.problem());
    if (t.choices() != null) return ctx.ack(askWhich("cancel", "[reason]", t.choices()));
    if (!service.cancel(t.upgrade().id(), user, t.rest()))
      return ctx.ack("Upgrade #" + t.upgrade().id() + " is no longer open.");
    return ctx.ack(
        ":no_entry: "
            + describe(t.upgrade())
            + " is cancelled. The notice is on its way to the GitHub issue"
            + " (which is then closed), the users' mailing list and the announcement channel.");
  }

  private Response reschedule(SlashCommandRequest req, SlashCommandContext ctx, String args)
      throws Exception {
    Target t = target(req.getPayload().getChannelId(), req.getPayload().getUserId(), args);
    if (t.problem() != null) return ctx.ack(t.problem());
    if (t.choices() != null) return ctx.ack(askWhich("reschedule", "", t.choices()));
    View view = UpgradeViews.rescheduleModal(t.upgrade(), Long.toString(t.upgrade().id()));
    return Modal.open(ctx.client(), req.getPayload().getTriggerId(), view)
        .map(error -> ctx.ack(Modal.notOpened("form", error, "Please try again.")))
        .orElseGet(ctx::ack);
  }

  private Response onRescheduleSubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    long id = Long.parseLong(req.getPayload().getView().getPrivateMetadata());
    ModalState v = ModalState.of(req.getPayload().getView());
    Optional<Upgrade> u = service.find(id);
    String cb = UpgradeViews.RESCHEDULE;
    if (u.isEmpty() || !u.get().status().open()) {
      return ctx.ack(
          r ->
              r.responseAction("errors")
                  .errors(
                      Map.of(
                          UpgradeViews.block(cb, Field.DATE),
                          "Upgrade #" + id + " is no longer open.")));
    }
    UpgradeRules.Checked checked =
        UpgradeRules.reschedule(
            u.get().plan(),
            v.date(block(cb, Field.DATE)),
            v.time(block(cb, Field.TIME)),
            v.raw(block(cb, Field.DURATION)),
            clock.instant());
    if (!checked.ok())
      return ctx.ack(r -> r.responseAction("errors").errors(errors(cb, checked.errors())));
    service.reschedule(
        id, req.getPayload().getUser().getId(), checked.plan(), v.raw(block(cb, Field.REASON)));
    return ctx.ack();
  }

  // ---- list ---------------------------------------------------------------------------------

  private Response list(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    List<Upgrade> open = service.open();
    if (open.isEmpty())
      return ctx.ack("No upgrades are planned or running. Plan one with `/incident upgrade`.");
    StringBuilder b = new StringBuilder("*Planned and running upgrades*\n");
    for (Upgrade u : open) {
      b.append("• ")
          .append(describe(u))
          .append(" — *")
          .append(u.status().id())
          .append("*, CC ")
          .append(SlackText.mention(u.plan().cc()))
          .append(", issue ")
          .append(service.issueUrl(u.id()).orElse(service.settings().github() ? "pending" : "off"))
          .append(", ")
          .append(service.mailState(u.id()))
          .append('\n');
    }
    return ctx.ack(SlackText.truncate(b.toString(), 3000));
  }

  // ---- which upgrade ------------------------------------------------------------------------

  /**
   * The upgrade a command is about, the text after its id, or why there is none, or the choices.
   */
  record Target(
      Upgrade upgrade, String rest, boolean explicit, String problem, List<Upgrade> choices) {}

  /**
   * An explicit id first; else the upgrade whose notice or reminder was posted in this channel;
   * else the only open one; else ask.
   */
  Target target(String channel, String user, String args) {
    String text = args == null ? "" : args.strip();
    Matcher m = LEADING_ID.matcher(text);
    if (m.matches()) {
      long id = Long.parseLong(m.group(1));
      Optional<Upgrade> u = service.find(id);
      if (u.isPresent()) {
        if (!u.get().status().open()) {
          return new Target(
              null,
              null,
              true,
              "Upgrade #" + id + " is already " + u.get().status().id() + ".",
              null);
        }
        return new Target(u.get(), m.group(2) == null ? "" : m.group(2).strip(), true, null, null);
      }
    }
    List<Upgrade> open = service.open();
    if (open.isEmpty())
      return new Target(null, null, false, "No upgrade is planned or running.", null);
    List<Upgrade> here = service.openHere(channel, user);
    if (here.size() == 1) return new Target(here.get(0), text, false, null, null);
    if (here.size() > 1) return new Target(null, null, false, null, here);
    if (open.size() == 1) return new Target(open.get(0), text, false, null, null);
    return new Target(null, null, false, null, open);
  }

  private static String askWhich(String verb, String usage, List<Upgrade> choices) {
    return "Several upgrades are open; say which: `/incident upgrade "
        + verb
        + " <id>"
        + (usage.isEmpty() ? "" : " " + usage)
        + "`\n"
        + choices.stream().map(u -> "• " + describe(u)).collect(Collectors.joining("\n"));
  }

  private static String describe(Upgrade u) {
    return UpgradeViews.describe(u);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private ZoneId zoneOf(String user) {
    return users.user(user).map(User::getTz).map(UpgradeFeature::zone).orElse(ZoneOffset.UTC);
  }

  static ZoneId zone(String id) {
    if (id == null || id.isBlank()) return ZoneId.of("UTC");
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      return ZoneId.of("UTC");
    }
  }

  private static Map<String, String> errors(String callback, Map<Field, String> errors) {
    Map<String, String> out = new LinkedHashMap<>();
    errors.forEach((f, msg) -> out.put(UpgradeViews.block(callback, f), msg));
    return out;
  }
}
