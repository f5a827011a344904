package dev.firstresponder.slack;

import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every modal shares: its callback id, title, submit and close buttons and private metadata;
 * and opening it. Build one with {@link #of}, then {@link #submit}, {@link #close}, {@link
 * #metadata} as needed, and finish with {@link #blocks}.
 */
public record Modal(String callbackId, String title, String submit, String close, String metadata) {
  private static final Logger log = LoggerFactory.getLogger(Modal.class);

  /** A modal with a Cancel button and no submit button (add one with {@link #submit}). */
  public static Modal of(String callbackId, String title) {
    return new Modal(callbackId, title, null, "Cancel", null);
  }

  public Modal submit(String label) {
    return new Modal(callbackId, title, label, close, metadata);
  }

  public Modal close(String label) {
    return new Modal(callbackId, title, submit, label, metadata);
  }

  /** Kept by Slack and handed back with the submission (e.g. the id of what the modal is about). */
  public Modal metadata(String privateMetadata) {
    return new Modal(callbackId, title, submit, close, privateMetadata);
  }

  public View blocks(List<LayoutBlock> blocks) {
    return view(
        v -> {
          v.type("modal")
              .callbackId(callbackId)
              .privateMetadata(metadata)
              .title(viewTitle(t -> t.type("plain_text").text(title)))
              .close(viewClose(c -> c.type("plain_text").text(close)))
              .blocks(blocks);
          if (submit != null) v.submit(viewSubmit(s -> s.type("plain_text").text(submit)));
          return v;
        });
  }

  public View blocks(LayoutBlock... blocks) {
    return blocks(List.of(blocks));
  }

  /**
   * Opens a modal at once, while the trigger id lives (3 s). Empty when Slack opened it; else
   * Slack's error (logged), for the answer to the user.
   */
  public static Optional<String> open(MethodsClient methods, String triggerId, View view)
      throws IOException, SlackApiException {
    var r = methods.viewsOpen(o -> o.triggerId(triggerId).view(view));
    if (r.isOk()) return Optional.empty();
    log.warn(
        "views.open of {} failed: {} {}",
        view.getCallbackId(),
        r.getError(),
        r.getResponseMetadata());
    return Optional.of(r.getError());
  }

  /** The answer to a submission that keeps the modal open, each error under its field. */
  public static Response fieldErrors(ViewSubmissionContext ctx, Map<String, String> errors) {
    return ctx.ack(r -> r.responseAction("errors").errors(errors));
  }

  /** The answer to a submission that keeps the modal open, the error under the field. */
  public static Response fieldError(ViewSubmissionContext ctx, String blockId, String error) {
    return fieldErrors(ctx, Map.of(blockId, error));
  }

  /** The answer when a modal did not open: what, Slack's reason, and what to do instead. */
  public static String notOpened(String what, String error, String instead) {
    return ":x: I could not open the " + what + " (" + error + "). " + instead;
  }
}
