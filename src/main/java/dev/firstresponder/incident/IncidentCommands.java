package dev.firstresponder.incident;

import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.view.View;
import dev.firstresponder.slack.Commands;
import dev.firstresponder.slack.Modal;
import dev.firstresponder.slack.SlackApi;
import dev.firstresponder.slack.SlackText;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * {@code /incident} and the subcommands run in an incident channel ({@code update}, {@code
 * resolve}, {@code roles}) or anywhere ({@code list}): they open the modals or answer at once.
 */
final class IncidentCommands {
  private final SlackApi slack;
  private final Clock clock;
  private final Messages messages;
  private final IncidentService service;
  private volatile Commands.Handler updateFallback;

  IncidentCommands(SlackApi slack, Clock clock, Messages messages, IncidentService service) {
    this.slack = slack;
    this.clock = clock;
    this.messages = messages;
    this.service = service;
  }

  /**
   * What {@code /incident update} does outside an incident channel ({@link
   * IncidentFeature#onUpdateOutsideIncident}).
   */
  void onUpdateOutsideIncident(Commands.Handler fallback) {
    this.updateFallback = fallback;
  }

  Response onIncident(SlashCommandRequest req, SlashCommandContext ctx, String text)
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

  Response onUpdate(SlashCommandRequest req, SlashCommandContext ctx, String args)
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

  Response onResolve(SlashCommandRequest req, SlashCommandContext ctx, String args)
      throws Exception {
    Optional<Incident> here =
        service.byChannel(req.getPayload().getChannelId()).filter(Incident::open);
    if (here.isEmpty()) return ctx.ack(notHere("resolve it"));
    if (!here.get().mayManage(req.getPayload().getUserId()))
      return ctx.ack(refusal("resolve", here.get()));
    return openModal(ctx, req.getPayload().getTriggerId(), IncidentViews.resolveModal(here.get()));
  }

  Response onRoles(SlashCommandRequest req, SlashCommandContext ctx, String args) throws Exception {
    Optional<Incident> here =
        service.byChannel(req.getPayload().getChannelId()).filter(Incident::open);
    if (here.isEmpty()) return ctx.ack(notHere("change its roles"));
    if (!here.get().mayManage(req.getPayload().getUserId()))
      return ctx.ack(refusal("change the roles of", here.get()));
    return openModal(ctx, req.getPayload().getTriggerId(), IncidentViews.rolesModal(here.get()));
  }

  Response onList(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    List<Incident> open = service.open();
    if (open.isEmpty()) return ctx.ack("No open incidents. :tada:");
    List<String> lines =
        open.stream()
            .map(i -> IncidentRules.listLine(i, clock.instant(), messages.githubOn()))
            .toList();
    return ctx.ack("*Open incidents*\n" + SlackText.lines(lines, SlackText.LIST_LENGTH));
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

  /** Why someone without a role may not do this; also the buttons' answer. */
  static String refusal(String what, Incident i) {
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

  /** The answer when Slack does not open a form; also the buttons' answer. */
  static String notOpened(String error) {
    return Modal.notOpened("form", error, "Please try again.");
  }
}
