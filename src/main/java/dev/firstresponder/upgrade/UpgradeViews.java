package dev.firstresponder.upgrade;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.block.element.BlockElements.datePicker;
import static com.slack.api.model.block.element.BlockElements.multiUsersSelect;
import static com.slack.api.model.block.element.BlockElements.radioButtons;
import static com.slack.api.model.block.element.BlockElements.timePicker;
import static com.slack.api.model.block.element.BlockElements.usersSelect;

import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.view.View;
import dev.firstresponder.slack.Modal;
import dev.firstresponder.slack.SlackText;
import dev.firstresponder.slack.TextInput;
import dev.firstresponder.upgrade.UpgradeRules.Field;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** The upgrade feature's Slack views and message blocks: pure functions, testable without Slack. */
final class UpgradeViews {
  static final String PLAN = "upgrade.plan";
  static final String DONE = "upgrade.done";
  static final String DONE_LINGERING = "upgrade.done.lingering";
  static final String RESCHEDULE = "upgrade.reschedule";

  /**
   * The "Mark done" button on reminders and on the "which upgrade?" answer; value: the upgrade id.
   */
  static final String DONE_BUTTON = "upgrade.done.open";

  /** Slack refuses longer section texts. */
  static final int SECTION_TEXT = 3000;

  /** "Which upgrade?" offers this many buttons; the others are named by id. */
  static final int PICK_AT_MOST = 20;

  /** private_metadata of the planning modal: where it was opened and the planner's zone. */
  record PlanMeta(String channel, String zone) {}

  private UpgradeViews() {}

  /** Block (and action) id of a plan or reschedule field. */
  static String block(String callback, Field f) {
    return callback + "." + f.name().toLowerCase();
  }

  /**
   * The planning modal. {@code mailOff} says why e-mail is off (null when on); the criteria for
   * announcing are shown so the planner sees whether a notice is needed at all.
   */
  static View planModal(
      String metadata, String caller, ZoneId zone, String mailOff, boolean githubOff) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        section(
            s ->
                s.text(
                    markdownText(
                        "*Announce an upgrade when it meets one of the criteria:*\n"
                            + "*Clusters:* "
                            + String.join(" ", bullets(UpgradeRules.CLUSTER_CRITERIA))
                            + "\n"
                            + "*Services:* "
                            + String.join(" ", bullets(UpgradeRules.SERVICE_CRITERIA))))));
    List<ContextBlockElement> notes = new ArrayList<>();
    notes.add(
        markdownText(
            "On submit: a GitHub issue, an e-mail to the users' list and an UPGRADE NOTICE in the"
                + " announcement channel, all from the team's templates."));
    if (mailOff != null)
      notes.add(
          markdownText(
              ":no_entry_sign: *E-mail is off* ("
                  + mailOff
                  + "): the notice goes to"
                  + " GitHub and Slack only."));
    if (githubOff)
      notes.add(
          markdownText(
              ":no_entry_sign: *GitHub is off* (GITHUB_TOKEN/GITHUB_REPOSITORY unset): no"
                  + " issue will be opened."));
    blocks.add(context(notes));
    blocks.add(divider());
    blocks.add(
        input(
            i ->
                i.blockId(block(PLAN, Field.KIND))
                    .label(plainText("What is upgraded"))
                    .element(
                        radioButtons(
                            r ->
                                r.actionId(block(PLAN, Field.KIND))
                                    .options(
                                        List.of(
                                            opt("A cluster (OpenShift version)", "cluster"),
                                            opt("A service on a cluster", "service")))))));
    blocks.add(line(PLAN, Field.ENVIRONMENT, "Environment").placeholder("e.g. moc").block());
    blocks.add(line(PLAN, Field.CLUSTER, "Cluster").placeholder("e.g. smaug").block());
    blocks.add(
        line(PLAN, Field.CLUSTER_URL, "Cluster URL")
            .placeholder("https://console-openshift-console.apps.example.com")
            .block());
    blocks.add(
        line(PLAN, Field.SERVICE, "Service (service upgrades)")
            .placeholder("e.g. Grafana")
            .optional()
            .block());
    blocks.add(
        line(PLAN, Field.CURRENT_VERSION, "Current version").placeholder("e.g. 4.10.3").block());
    blocks.add(line(PLAN, Field.NEW_VERSION, "New version").placeholder("e.g. 4.11.0").block());
    blocks.addAll(schedule(PLAN, zone, null, null, null));
    blocks.add(
        paragraph(block(PLAN, Field.COMMENTS), "Additional comments")
            .optional()
            .hint(
                "What users should know: why you upgrade, the impact and anything users must do,"
                    + " the risks of not doing it, and where to ask.")
            .block());
    blocks.add(
        paragraph(block(PLAN, Field.LINKS), "Relevant links")
            .placeholder("One link per line")
            .optional()
            .hint("Release notes, change notes, the runbook.")
            .block());
    blocks.add(
        input(
            i ->
                i.blockId(block(PLAN, Field.OTS))
                    .optional(true)
                    .label(plainText("Operations Technicians"))
                    .element(multiUsersSelect(m -> m.actionId(block(PLAN, Field.OTS))))));
    blocks.add(
        input(
            i ->
                i.blockId(block(PLAN, Field.CC))
                    .label(plainText("Communications Coordinator"))
                    .element(
                        usersSelect(u -> u.actionId(block(PLAN, Field.CC)).initialUser(caller)))));
    return Modal.of(PLAN, "Plan an upgrade")
        .submit("Send notices")
        .metadata(metadata)
        .blocks(blocks);
  }

  /** Date, start time (in the user's zone) and expected duration. */
  private static List<LayoutBlock> schedule(
      String callback, ZoneId zone, String date, String time, String duration) {
    return List.of(
        input(
            i ->
                i.blockId(block(callback, Field.DATE))
                    .label(plainText("Date"))
                    .element(
                        datePicker(
                            d -> d.actionId(block(callback, Field.DATE)).initialDate(date)))),
        input(
            i ->
                i.blockId(block(callback, Field.TIME))
                    .label(plainText("Start time (" + zone.getId() + ")"))
                    .hint(plainText("In your Slack time zone, " + zone.getId() + "."))
                    .element(
                        timePicker(
                            t -> t.actionId(block(callback, Field.TIME)).initialTime(time)))),
        line(callback, Field.DURATION, "Expected duration")
            .placeholder("e.g. 2h, 90m or 1h30m")
            .initial(duration)
            .block());
  }

  static View doneModal(Upgrade u, String metadata) {
    return Modal.of(DONE, "Upgrade done")
        .submit("Send resolution")
        .metadata(metadata)
        .blocks(
            textSection(describe(u)),
            context(
                List.of(
                    markdownText(
                        "Sends the resolution notice as an issue comment (and closes the issue), as"
                            + " a reply to the e-mail, and to the announcement channel."))),
            paragraph(DONE_LINGERING, "Lingering effects")
                .placeholder("Anything users may still notice")
                .optional()
                .block());
  }

  static View rescheduleModal(Upgrade u, String metadata) {
    var p = u.plan();
    var local = p.startsAt().atZone(p.zone());
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(textSection(describe(u)));
    blocks.addAll(
        schedule(
            RESCHEDULE,
            p.zone(),
            local.toLocalDate().toString(),
            local.toLocalTime().withSecond(0).withNano(0).toString(),
            p.durationMinutes() + "m"));
    blocks.add(
        paragraph(block(RESCHEDULE, Field.REASON), "Why")
            .placeholder("Told to users with the new date")
            .optional()
            .block());
    return Modal.of(RESCHEDULE, "Reschedule upgrade")
        .submit("Send notices")
        .metadata(metadata)
        .blocks(blocks);
  }

  /** A reminder DM: the text, and a button to complete the upgrade. */
  static List<LayoutBlock> reminder(String text, long upgradeId) {
    return List.of(
        textSection(text),
        actions(
            a ->
                a.elements(
                    List.of(
                        button(
                            b ->
                                b.actionId(DONE_BUTTON)
                                    .value(Long.toString(upgradeId))
                                    .style("primary")
                                    .text(plainText("Mark done")))))));
  }

  /** The announcement: a bold title, the UPGRADE NOTICE line, and when. */
  static List<LayoutBlock> announcement(String title, String line, String when) {
    return List.of(textSection(title), textSection(line), context(List.of(markdownText(when))));
  }

  /** "Which upgrade?": one line and one button per open upgrade. */
  static List<LayoutBlock> pick(String question, List<Upgrade> open) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(textSection(question));
    for (Upgrade u : open.subList(0, Math.min(open.size(), PICK_AT_MOST))) {
      blocks.add(
          section(
              s ->
                  s.text(markdownText(SlackText.truncate(describe(u), SECTION_TEXT)))
                      .accessory(
                          button(
                              b ->
                                  b.actionId(DONE_BUTTON)
                                      .value(Long.toString(u.id()))
                                      .text(plainText("Mark #" + u.id() + " done"))))));
    }
    if (open.size() > PICK_AT_MOST) {
      blocks.add(
          context(
              List.of(
                  markdownText(
                      "…and "
                          + (open.size() - PICK_AT_MOST)
                          + " more: name one by its id, e.g. `/incident upgrade done "
                          + open.get(PICK_AT_MOST).id()
                          + "`."))));
    }
    return blocks;
  }

  /** A section of text, cut to what Slack takes (user text can make it longer). */
  private static LayoutBlock textSection(String mrkdwn) {
    return section(s -> s.text(markdownText(SlackText.truncate(mrkdwn, SECTION_TEXT))));
  }

  /** "#3 Grafana upgrade on moc/smaug: 9.1 → 10.2, 2026-12-01, 14:00 UTC, about 2 hours". */
  static String describe(Upgrade u) {
    return "#"
        + u.id()
        + " "
        + UpgradeTemplates.title(u.plan(), SlackText::escape).replace("*", "")
        + ", "
        + UpgradeTemplates.when(u.plan());
  }

  private static List<String> bullets(List<String> items) {
    return items.stream().map(i -> "• " + i).toList();
  }

  private static OptionObject opt(String text, String value) {
    return option(plainText(text), value);
  }

  /** A one-line text field of a plan or reschedule form (500 characters). */
  private static TextInput line(String callback, Field f, String label) {
    return TextInput.of(block(callback, f), label, 500);
  }

  /** A text field of several lines (3000 characters). */
  private static TextInput paragraph(String id, String label) {
    return TextInput.of(id, label, 3000).multiline();
  }
}
