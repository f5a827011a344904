package dev.firstresponder.oncall;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import dev.firstresponder.slack.SlackText;
import java.util.ArrayList;
import java.util.List;

/** The handover modal. Pure: ids are shared with {@link OncallFeature}'s handler. */
final class OncallViews {
  static final String HANDOVER = "oncall.handover";
  static final String NOTES = "oncall.handover.notes";
  static final String OPEN_ITEMS = "oncall.handover.open";
  static final String LINKS = "oncall.handover.links";

  private OncallViews() {}

  /**
   * @param current who is on call when the modal opens (kept in private_metadata: if the rota moves
   *     before submission, the submission is refused instead of handing over the wrong shift)
   */
  static View handover(String current, String next) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        section(
            s ->
                s.text(
                    markdownText(
                        "Handing over from "
                            + SlackText.mention(current)
                            + " to "
                            + (next == null ? "the next on the list" : SlackText.mention(next))
                            + ". The note goes to the on-call log, to them and to the on-call channel."))));
    blocks.add(
        input(
            i ->
                i.blockId(NOTES)
                    .label(plainText("What happened"))
                    .hint(plainText("Questions answered, incidents, runbooks written or followed."))
                    .element(
                        plainTextInput(p -> p.actionId(NOTES).multiline(true).maxLength(3000)))));
    blocks.add(
        input(
            i ->
                i.blockId(OPEN_ITEMS)
                    .optional(true)
                    .label(plainText("Open items"))
                    .element(
                        plainTextInput(
                            p -> p.actionId(OPEN_ITEMS).multiline(true).maxLength(3000)))));
    blocks.add(
        input(
            i ->
                i.blockId(LINKS)
                    .optional(true)
                    .label(plainText("Links"))
                    .element(
                        plainTextInput(
                            p ->
                                p.actionId(LINKS)
                                    .multiline(true)
                                    .maxLength(2000)
                                    .placeholder(plainText("Issues, threads, runbooks"))))));
    return view(
        v ->
            v.type("modal")
                .callbackId(HANDOVER)
                .privateMetadata(current)
                .title(viewTitle(t -> t.type("plain_text").text("On-call handover")))
                .submit(viewSubmit(t -> t.type("plain_text").text("Hand over")))
                .close(viewClose(t -> t.type("plain_text").text("Cancel")))
                .blocks(blocks));
  }
}
