package dev.firstresponder.oncall;

import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import com.slack.api.model.view.View;
import dev.firstresponder.slack.Modal;
import dev.firstresponder.slack.SlackText;
import dev.firstresponder.slack.TextInput;

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
    return Modal.of(HANDOVER, "On-call handover")
        .submit("Hand over")
        .metadata(current)
        .blocks(
            section(
                s ->
                    s.text(
                        markdownText(
                            "Handing over from "
                                + SlackText.mention(current)
                                + " to "
                                + (next == null ? "the next on the list" : SlackText.mention(next))
                                + ". The note goes to the on-call log, to them and to the on-call channel."))),
            TextInput.of(NOTES, "What happened", 3000)
                .multiline()
                .hint("Questions answered, incidents, runbooks written or followed.")
                .block(),
            TextInput.of(OPEN_ITEMS, "Open items", 3000).multiline().optional().block(),
            TextInput.of(LINKS, "Links", 2000)
                .multiline()
                .optional()
                .placeholder("Issues, threads, runbooks")
                .block());
  }
}
