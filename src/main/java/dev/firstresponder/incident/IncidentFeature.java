package dev.firstresponder.incident;

import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.SlackApiException;
import com.slack.api.model.view.View;
import dev.firstresponder.Config;
import dev.firstresponder.github.GitHubIssues;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.people.People;
import dev.firstresponder.schedule.Scheduling;
import dev.firstresponder.slack.Commands;
import dev.firstresponder.slack.Modal;
import dev.firstresponder.slack.ModalState;
import dev.firstresponder.slack.SlackApi;
import dev.firstresponder.slack.SlackText;
import dev.firstresponder.slack.SlackUsers;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident procedure in Slack: {@code /incident} and its subcommands, the declaration, update,
 * resolve and roles modals, the buttons on the start message, and the reminder of promised updates.
 */
public final class IncidentFeature {
  private static final Logger log = LoggerFactory.getLogger(IncidentFeature.class);
  private static final String COMMAND = "/incident";

  /** How often overdue update promises are looked for; the promise itself lives in the database. */
  static final int REMINDER_POLL_SECONDS = 3;

  private final SlackApi slack;
  private final Clock clock;
  private final People people;
  private final Messages messages;
  private final IncidentService service;
  private final IncidentEffects effects;
  private final String repository;
  private volatile Commands.Handler updateFallback;

  public IncidentFeature(
      Config config,
      Clock clock,
      Jdbi jdbi,
      Outbox outbox,
      SlackApi slack,
      Optional<GitHubIssues> github,
      People people,
      SlackUsers users) {
    this.slack = slack;
    this.clock = clock;
    this.people = people;
    this.messages =
        new Messages(config.notices().audience(), github.isPresent(), config.announceChannel());
    IncidentDao dao = new IncidentDao();
    this.service = new IncidentService(jdbi, dao, outbox, clock, people, messages);
    this.effects = new IncidentEffects(jdbi, dao, outbox, slack, github, people, users, messages);
    this.repository = github.map(GitHubIssues::repositoryName).orElse("");
  }

  public void register(App app, Commands commands, OutboxWorker worker, Scheduling scheduling) {
    commands.bare(
        COMMAND,
        "[short message]",
        "declare an incident (in an incident channel: its actions)",
        this::onIncident);
    commands.subcommand(
        COMMAND, "update", "", "post a status update (in the incident channel)", this::onUpdate);
    commands.subcommand(
        COMMAND, "resolve", "", "resolve the incident (in the incident channel)", this::onResolve);
    commands.subcommand(
        COMMAND,
        "roles",
        "",
        "change the Operations Technicians and the Communications Coordinator",
        this::onRoles);
    commands.subcommand(
        COMMAND, "list", "", "open incidents with their age, CC and links", this::onList);
    commands.subcommand(
        COMMAND,
        "link",
        "<github-login>",
        "record your GitHub login (for issue assignment)",
        this::onLink);
    app.viewSubmission(IncidentViews.DECLARE, this::onDeclareSubmitted);
    app.viewSubmission(IncidentViews.UPDATE, this::onUpdateSubmitted);
    app.viewSubmission(IncidentViews.RESOLVE, this::onResolveSubmitted);
    app.viewSubmission(IncidentViews.ROLES, this::onRolesSubmitted);
    app.blockAction(IncidentBlocks.ACTION_UPDATE, this::onUpdateClicked);
    app.blockAction(IncidentBlocks.ACTION_RESOLVE, this::onResolveClicked);
    app.blockAction(IncidentBlocks.ACTION_ROLES, this::onRolesClicked);
    effects.registerWith(worker);
    scheduling.every("incident-reminders", REMINDER_POLL_SECONDS, fired -> service.remindOverdue());
  }

  /**
   * What {@code /incident update} does outside an incident channel (e.g. the planned-upgrades
   * feature comments on an upgrade's issue); without one, the user gets a hint.
   */
  /**
   * The handler of {@code /incident update} outside an incident channel, e.g. for the upgrade of
   * that context. It returns null when nothing of its own applies; the incident hint is then given.
   */
  public void onUpdateOutsideIncident(Commands.Handler fallback) {
    this.updateFallback = fallback;
  }

  // ---- commands -------------------------------------------------------------------------------

  private Response onIncident(SlashCommandRequest req, SlashCommandContext ctx, String text)
      throws Exception {
    var p = req.getPayload();
    if (text.isBlank()) {
      Optional<Incident> here = service.byChannel(p.getChannelId()).filter(Incident::open);
      if (here.isPresent()) {
        return ctx.ack(
            r ->
                r.responseType("ephemeral")
                    .text("Incident #" + here.get().id())
                    .blocks(IncidentBlocks.actionsMenu(here.get())));
      }
    }
    return openModal(ctx, p.getTriggerId(), IncidentViews.declareModal(text, p.getUserId()));
  }

  private Response onUpdate(SlashCommandRequest req, SlashCommandContext ctx, String args)
      throws Exception {
    Optional<Incident> here =
        service.byChannel(req.getPayload().getChannelId()).filter(Incident::open);
    if (here.isEmpty()) {
      Commands.Handler fallback = updateFallback;
      Response handled = fallback == null ? null : fallback.handle(req, ctx, args);
      return handled != null ? handled : ctx.ack(notHere("post an update"));
    }
    return openModal(ctx, req.getPayload().getTriggerId(), IncidentViews.updateModal(here.get()));
  }

  private Response onResolve(SlashCommandRequest req, SlashCommandContext ctx, String args)
      throws Exception {
    Optional<Incident> here =
        service.byChannel(req.getPayload().getChannelId()).filter(Incident::open);
    if (here.isEmpty()) return ctx.ack(notHere("resolve it"));
    if (!here.get().mayManage(req.getPayload().getUserId()))
      return ctx.ack(refusal("resolve", here.get()));
    return openModal(ctx, req.getPayload().getTriggerId(), IncidentViews.resolveModal(here.get()));
  }

  private Response onRoles(SlashCommandRequest req, SlashCommandContext ctx, String args)
      throws Exception {
    Optional<Incident> here =
        service.byChannel(req.getPayload().getChannelId()).filter(Incident::open);
    if (here.isEmpty()) return ctx.ack(notHere("change its roles"));
    if (!here.get().mayManage(req.getPayload().getUserId()))
      return ctx.ack(refusal("change the roles of", here.get()));
    return openModal(ctx, req.getPayload().getTriggerId(), IncidentViews.rolesModal(here.get()));
  }

  private Response onList(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    List<Incident> open = service.open();
    if (open.isEmpty()) return ctx.ack("No open incidents. :tada:");
    StringBuilder b = new StringBuilder("*Open incidents*\n");
    for (Incident i : open)
      b.append(IncidentRules.listLine(i, clock.instant(), messages.githubOn())).append('\n');
    return ctx.ack(SlackText.truncate(b.toString(), 39_000));
  }

  private Response onLink(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    Optional<String> login = People.parseLogin(args);
    if (login.isEmpty()) {
      return ctx.ack(
          "Usage: `/incident link <github-login>`, e.g. `/incident link octocat`."
              + (args.isBlank()
                  ? ""
                  : " `"
                      + SlackText.escape(SlackText.truncate(args, 60)).replace("`", "'")
                      + "` is not a GitHub login."));
    }
    people.link(req.getPayload().getUserId(), login.get());
    return ctx.ack(
        ":link: Linked you to GitHub `"
            + login.get()
            + "`. You will be assigned to the issues of incidents you run.");
  }

  private String notHere(String what) {
    List<Incident> open = service.open();
    StringBuilder b =
        new StringBuilder(
            "This is not an incident channel. Run this in the incident's own channel to "
                + what
                + ".");
    List<Incident> withChannel = open.stream().filter(i -> i.channelId() != null).toList();
    if (!withChannel.isEmpty()) {
      b.append(" Open incidents: ")
          .append(
              String.join(
                  ", ", withChannel.stream().map(i -> SlackText.channel(i.channelId())).toList()))
          .append('.');
    } else {
      b.append(" There are no open incidents.");
    }
    return b.toString();
  }

  private static String refusal(String what, Incident i) {
    return "Sorry, only the Communications Coordinator ("
        + SlackText.mention(i.ccUser())
        + "), an Operations Technician or the person who declared the incident can "
        + what
        + " it."
        + " Please ask one of them.";
  }

  private Response openModal(SlashCommandContext ctx, String triggerId, View view)
      throws Exception {
    Optional<String> error = Modal.open(slack.methods(), triggerId, view);
    return error.isEmpty() ? ctx.ack() : ctx.ack(notOpened(error.get()));
  }

  private static String notOpened(String error) {
    return Modal.notOpened("form", error, "Please try again.");
  }

  // ---- buttons --------------------------------------------------------------------------------

  private Response onUpdateClicked(BlockActionRequest req, ActionContext ctx)
      throws IOException, SlackApiException {
    return clicked(req, ctx, false, IncidentViews::updateModal, "post an update to");
  }

  private Response onResolveClicked(BlockActionRequest req, ActionContext ctx)
      throws IOException, SlackApiException {
    return clicked(req, ctx, true, IncidentViews::resolveModal, "resolve");
  }

  private Response onRolesClicked(BlockActionRequest req, ActionContext ctx)
      throws IOException, SlackApiException {
    return clicked(req, ctx, true, IncidentViews::rolesModal, "change the roles of");
  }

  private Response clicked(
      BlockActionRequest req,
      ActionContext ctx,
      boolean managersOnly,
      Function<Incident, View> modal,
      String what)
      throws IOException, SlackApiException {
    var p = req.getPayload();
    Optional<Incident> incident = parseId(p.getActions().get(0).getValue()).flatMap(service::find);
    String user = p.getUser().getId();
    if (incident.isEmpty() || !incident.get().open()) {
      ctx.respond(
          r ->
              r.responseType("ephemeral")
                  .replaceOriginal(false)
                  .text("This incident is already resolved."));
    } else if (managersOnly && !incident.get().mayManage(user)) {
      ctx.respond(
          r ->
              r.responseType("ephemeral")
                  .replaceOriginal(false)
                  .text(refusal(what, incident.get())));
    } else {
      Optional<String> error =
          Modal.open(slack.methods(), p.getTriggerId(), modal.apply(incident.get()));
      if (error.isPresent()) {
        ctx.respond(
            r -> r.responseType("ephemeral").replaceOriginal(false).text(notOpened(error.get())));
      }
    }
    return ctx.ack();
  }

  // ---- modal submissions ----------------------------------------------------------------------

  private Response onDeclareSubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    var view = req.getPayload().getView();
    ModalState v = ModalState.of(view);
    Declaration d =
        new Declaration(
            v.text(IncidentViews.DECLARE_CLUSTER),
            v.text(IncidentViews.DECLARE_SERVICE),
            v.text(IncidentViews.DECLARE_SHORT),
            v.text(IncidentViews.DECLARE_IMPACT),
            v.text(IncidentViews.DECLARE_LINKS),
            v.options(IncidentViews.DECLARE_CRITERIA).stream()
                .flatMap(code -> Criterion.parse(code).stream())
                .distinct()
                .toList(),
            v.users(IncidentViews.DECLARE_OTS),
            v.user(IncidentViews.DECLARE_CC),
            v.option(IncidentViews.DECLARE_SEVERITY)
                .filter(IncidentViews.SEVERITIES::contains)
                .orElse(null),
            // Slack submits the preselected choice; a modal opened before the select existed has
            // none.
            v.option(IncidentViews.DECLARE_NEXT)
                .map(m -> parseMinutes(m).orElse(null))
                .orElse(IncidentRules.DEFAULT_NEXT_UPDATE_MINUTES));
    Map<String, String> errors = IncidentRules.validate(d);
    if (!errors.isEmpty()) return ctx.ack(r -> r.responseAction("errors").errors(errors));
    long id = service.declare(d, req.getPayload().getUser().getId(), view.getId());
    log.info("incident {} declared by {}", id, req.getPayload().getUser().getId());
    return ctx.ack(
        r ->
            r.responseAction("update")
                .view(IncidentViews.declaredModal(id, messages.githubOn(), repository)));
  }

  private Response onUpdateSubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    var view = req.getPayload().getView();
    ModalState v = ModalState.of(view);
    StatusUpdate u =
        new StatusUpdate(
            v.text(IncidentViews.UPDATE_IMPACT),
            v.text(IncidentViews.UPDATE_ACTION),
            v.text(IncidentViews.UPDATE_USERS),
            v.option(IncidentViews.UPDATE_NEXT)
                .flatMap(IncidentFeature::parseMinutes)
                .orElse(null));
    Map<String, String> errors = IncidentRules.validate(u);
    if (!errors.isEmpty()) return ctx.ack(r -> r.responseAction("errors").errors(errors));
    Optional<Long> id = parseId(view.getPrivateMetadata());
    IncidentService.Outcome outcome =
        id.map(i -> service.update(i, u, req.getPayload().getUser().getId(), view.getId()))
            .orElse(IncidentService.Outcome.NOT_FOUND);
    return switch (outcome) {
      case DONE, ALREADY_DONE -> ctx.ack();
      default ->
          ctx.ack(
              r ->
                  r.responseAction("errors")
                      .errors(
                          Map.of(
                              IncidentViews.UPDATE_IMPACT,
                              "This incident is no longer open, so the update was not posted.")));
    };
  }

  private Response onResolveSubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    var view = req.getPayload().getView();
    String lingering = ModalState.of(view).text(IncidentViews.RESOLVE_LINGERING);
    Map<String, String> errors = IncidentRules.validateLingering(lingering);
    if (!errors.isEmpty()) return ctx.ack(r -> r.responseAction("errors").errors(errors));
    Optional<Long> id = parseId(view.getPrivateMetadata());
    IncidentService.Outcome outcome =
        id.map(i -> service.resolve(i, req.getPayload().getUser().getId(), lingering))
            .orElse(IncidentService.Outcome.NOT_FOUND);
    return switch (outcome) {
      case DONE, ALREADY_DONE -> ctx.ack();
      case NOT_ALLOWED ->
          ctx.ack(
              r ->
                  r.responseAction("errors")
                      .errors(
                          Map.of(
                              IncidentViews.RESOLVE_LINGERING,
                              "Only the Communications Coordinator, an Operations Technician or the declarer can resolve this incident.")));
      default ->
          ctx.ack(
              r ->
                  r.responseAction("errors")
                      .errors(
                          Map.of(
                              IncidentViews.RESOLVE_LINGERING, "This incident no longer exists.")));
    };
  }

  private Response onRolesSubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    var view = req.getPayload().getView();
    ModalState v = ModalState.of(view);
    String cc = v.user(IncidentViews.ROLES_CC);
    if (cc == null || cc.isBlank()) {
      return ctx.ack(
          r ->
              r.responseAction("errors")
                  .errors(
                      Map.of(IncidentViews.ROLES_CC, "Choose who coordinates communications.")));
    }
    Optional<Long> id = parseId(view.getPrivateMetadata());
    IncidentService.Outcome outcome =
        id.map(
                i ->
                    service.changeRoles(
                        i,
                        req.getPayload().getUser().getId(),
                        cc,
                        v.users(IncidentViews.ROLES_OTS)))
            .orElse(IncidentService.Outcome.NOT_FOUND);
    return switch (outcome) {
      case DONE, ALREADY_DONE -> ctx.ack();
      case NOT_ALLOWED ->
          ctx.ack(
              r ->
                  r.responseAction("errors")
                      .errors(
                          Map.of(
                              IncidentViews.ROLES_CC,
                              "Only the Communications Coordinator, an Operations Technician or the declarer can change the roles.")));
      default ->
          ctx.ack(
              r ->
                  r.responseAction("errors")
                      .errors(Map.of(IncidentViews.ROLES_CC, "This incident is no longer open.")));
    };
  }

  private static Optional<Long> parseId(String text) {
    try {
      return text == null ? Optional.empty() : Optional.of(Long.parseLong(text.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Integer> parseMinutes(String value) {
    try {
      int m = Integer.parseInt(value);
      return IncidentRules.NEXT_UPDATE_MINUTES.contains(m) ? Optional.of(m) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
