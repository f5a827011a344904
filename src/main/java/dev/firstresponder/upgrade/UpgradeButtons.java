package dev.firstresponder.upgrade;

import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import dev.firstresponder.slack.Modal;
import java.io.IOException;
import java.util.Optional;

/** The "Mark done" button on reminders and on the "which upgrade?" answer: opens the done form. */
final class UpgradeButtons {
  private final UpgradeService service;

  UpgradeButtons(UpgradeService service) {
    this.service = service;
  }

  Response onDoneButton(BlockActionRequest req, ActionContext ctx)
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

  /**
   * Opens the done form, from the button or from {@code /incident upgrade done}; empty when it
   * opened, else the answer to give.
   */
  static Optional<String> openDoneModal(MethodsClient client, String triggerId, Upgrade u)
      throws IOException, SlackApiException {
    return Modal.open(client, triggerId, UpgradeViews.doneModal(u, Long.toString(u.id())))
        .map(
            error ->
                Modal.notOpened(
                    "form",
                    error,
                    "Run `/incident upgrade done " + u.id() + " <lingering effects>` instead."));
  }
}
