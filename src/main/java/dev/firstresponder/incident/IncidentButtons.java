package dev.firstresponder.incident;

import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.SlackApiException;
import com.slack.api.model.view.View;
import dev.firstresponder.slack.Modal;
import dev.firstresponder.slack.SlackApi;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The buttons on the start message and in the actions menu ({@link IncidentBlocks}): each opens its
 * modal for the incident it names, or tells the clicker why not.
 */
final class IncidentButtons {
  private final SlackApi slack;
  private final IncidentService service;

  IncidentButtons(SlackApi slack, IncidentService service) {
    this.slack = slack;
    this.service = service;
  }

  Response onUpdateClicked(BlockActionRequest req, ActionContext ctx)
      throws IOException, SlackApiException {
    return clicked(req, ctx, false, IncidentViews::updateModal, "post an update to");
  }

  Response onResolveClicked(BlockActionRequest req, ActionContext ctx)
      throws IOException, SlackApiException {
    return clicked(req, ctx, true, IncidentViews::resolveModal, "resolve");
  }

  Response onRolesClicked(BlockActionRequest req, ActionContext ctx)
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
    Optional<Incident> incident =
        IncidentSubmissions.parseId(p.getActions().get(0).getValue()).flatMap(service::find);
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
                  .text(IncidentCommands.refusal(what, incident.get())));
    } else {
      Optional<String> error =
          Modal.open(slack.methods(), p.getTriggerId(), modal.apply(incident.get()));
      if (error.isPresent()) {
        ctx.respond(
            r ->
                r.responseType("ephemeral")
                    .replaceOriginal(false)
                    .text(IncidentCommands.notOpened(error.get())));
      }
    }
    return ctx.ack();
  }
}
