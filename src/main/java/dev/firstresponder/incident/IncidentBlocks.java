package dev.firstresponder.incident;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import dev.firstresponder.slack.SlackText;
import java.util.ArrayList;
import java.util.List;

/**
 * The incident's message blocks: the start message with its buttons, and the actions offered by a
 * bare {@code /incident} in the incident channel. Pure functions; the modals are {@link
 * IncidentViews}.
 */
final class IncidentBlocks {
  // Buttons on the start message and in the actions menu; the value is the incident id.
  static final String ACTION_UPDATE = "incident.action.update";
  static final String ACTION_RESOLVE = "incident.action.resolve";
  static final String ACTION_ROLES = "incident.action.roles";

  private IncidentBlocks() {}

  /** The start message in the incident channel: the text and the Update / Resolve buttons. */
  static List<LayoutBlock> startBlocks(Incident i, String text) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(section(s -> s.text(markdownText(SlackText.truncate(text, 3000)))));
    if (i.open()) blocks.add(actionsBlock(i));
    else blocks.add(context(c -> c.elements(List.of(markdownText("Resolved.")))));
    return blocks;
  }

  static LayoutBlock actionsBlock(Incident i) {
    String id = Long.toString(i.id());
    return actions(
        a ->
            a.blockId("incident.actions." + id)
                .elements(
                    List.of(
                        button(
                            b ->
                                b.actionId(ACTION_UPDATE)
                                    .text(plainText("Post update"))
                                    .value(id)
                                    .style("primary")),
                        button(
                            b ->
                                b.actionId(ACTION_ROLES).text(plainText("Change roles")).value(id)),
                        button(
                            b ->
                                b.actionId(ACTION_RESOLVE)
                                    .text(plainText("Resolve"))
                                    .value(id)
                                    .style("danger")))));
  }

  /** The answer to a bare {@code /incident} in an incident channel. */
  static List<LayoutBlock> actionsMenu(Incident i) {
    return List.of(
        section(
            s ->
                s.text(
                    markdownText(
                        SlackText.truncate(
                            "*Incident #" + i.id() + "*: " + IncidentViews.headline(i), 3000)))),
        actionsBlock(i));
  }
}
