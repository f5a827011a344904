package dev.firstresponder.incident;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.asBlocks;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.block.element.BlockElements.checkboxes;
import static com.slack.api.model.block.element.BlockElements.multiUsersSelect;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.staticSelect;
import static com.slack.api.model.block.element.BlockElements.usersSelect;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.element.StaticSelectElement;
import com.slack.api.model.view.View;
import dev.firstresponder.slack.SlackText;
import java.util.ArrayList;
import java.util.List;

/** The incident modals and message blocks, built with the SDK's DSL; pure functions. */
final class IncidentViews {
  // Declaration modal.
  static final String DECLARE = "incident.declare";
  static final String DECLARE_CLUSTER = "incident.declare.cluster";
  static final String DECLARE_SERVICE = "incident.declare.service";
  static final String DECLARE_SHORT = "incident.declare.short";
  static final String DECLARE_IMPACT = "incident.declare.impact";
  static final String DECLARE_LINKS = "incident.declare.links";
  static final String DECLARE_CRITERIA = "incident.declare.criteria";
  static final String DECLARE_OTS = "incident.declare.ots";
  static final String DECLARE_CC = "incident.declare.cc";
  static final String DECLARE_SEVERITY = "incident.declare.severity";
  static final String DECLARE_NEXT = "incident.declare.next";
  // Status update modal.
  static final String UPDATE = "incident.update";
  static final String UPDATE_IMPACT = "incident.update.impact";
  static final String UPDATE_ACTION = "incident.update.action";
  static final String UPDATE_USERS = "incident.update.users";
  static final String UPDATE_NEXT = "incident.update.next";
  // Resolve modal.
  static final String RESOLVE = "incident.resolve";
  static final String RESOLVE_LINGERING = "incident.resolve.lingering";
  // Roles modal.
  static final String ROLES = "incident.roles";
  static final String ROLES_OTS = "incident.roles.ots";
  static final String ROLES_CC = "incident.roles.cc";
  // Buttons on the start message and in the actions menu; the value is the incident id.
  static final String ACTION_UPDATE = "incident.action.update";
  static final String ACTION_RESOLVE = "incident.action.resolve";
  static final String ACTION_ROLES = "incident.action.roles";

  static final List<String> SEVERITIES =
      List.of("SEV1 - critical", "SEV2 - major", "SEV3 - minor", "SEV4 - low");

  private IncidentViews() {}

  /** Block ids and action ids are the same string, so handler and view share one constant. */
  static View declareModal(String shortMessage, String declarer) {
    List<OptionObject> criteria = new ArrayList<>();
    for (Criterion c : Criterion.values()) criteria.add(option(plainText(c.label), c.code));
    List<OptionObject> severities = SEVERITIES.stream().map(s -> option(plainText(s), s)).toList();
    return view(
        v ->
            v.type("modal")
                .callbackId(DECLARE)
                .title(viewTitle(t -> t.type("plain_text").text("Declare an incident")))
                .submit(viewSubmit(s -> s.type("plain_text").text("Declare")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .blocks(
                    asBlocks(
                        text(
                            DECLARE_CLUSTER,
                            "Cluster",
                            IncidentRules.MAX_NAME,
                            false,
                            null,
                            "e.g. moc-infra",
                            false),
                        text(
                            DECLARE_SERVICE,
                            "Service",
                            IncidentRules.MAX_NAME,
                            false,
                            null,
                            "e.g. grafana",
                            false),
                        text(
                            DECLARE_SHORT,
                            "Short message",
                            IncidentRules.MAX_SHORT,
                            false,
                            shortMessage,
                            "e.g. dashboards do not load",
                            false),
                        text(
                            DECLARE_IMPACT,
                            "Impacted users",
                            IncidentRules.MAX_TEXT,
                            true,
                            null,
                            "all users, users of a subset of services, or of a specific data set",
                            false),
                        text(
                            DECLARE_LINKS,
                            "Related links (one per line)",
                            IncidentRules.MAX_TEXT,
                            true,
                            null,
                            null,
                            true),
                        section(
                            s ->
                                s.blockId(DECLARE_CRITERIA + ".questions")
                                    .text(markdownText(criteriaQuestions()))),
                        input(
                            i ->
                                i.blockId(DECLARE_CRITERIA)
                                    .optional(true)
                                    .label(plainText("Why is this an incident? (at least one)"))
                                    .element(
                                        checkboxes(
                                            c -> c.actionId(DECLARE_CRITERIA).options(criteria)))),
                        input(
                            i ->
                                i.blockId(DECLARE_OTS)
                                    .optional(true)
                                    .label(plainText("Operations Technicians"))
                                    .element(
                                        multiUsersSelect(
                                            m ->
                                                m.actionId(DECLARE_OTS)
                                                    .placeholder(
                                                        plainText("who works on the fix"))))),
                        input(
                            i ->
                                i.blockId(DECLARE_CC)
                                    .label(plainText("Communications Coordinator"))
                                    .element(
                                        usersSelect(
                                            u -> u.actionId(DECLARE_CC).initialUser(declarer)))),
                        input(
                            i ->
                                i.blockId(DECLARE_SEVERITY)
                                    .optional(true)
                                    .label(plainText("Severity"))
                                    .element(
                                        staticSelect(
                                            s ->
                                                s.actionId(DECLARE_SEVERITY).options(severities)))),
                        input(
                            i ->
                                i.blockId(DECLARE_NEXT)
                                    .label(plainText("Next update in"))
                                    .element(nextUpdateSelect(DECLARE_NEXT))))));
  }

  /** The declaration criteria in full, above their short checkboxes. */
  static String criteriaQuestions() {
    StringBuilder b = new StringBuilder("*Criteria for declaring an incident* (at least one):");
    for (Criterion c : Criterion.values()) b.append("\n• ").append(c.question);
    return b.toString();
  }

  /**
   * When the next update comes (every update promises the next): the same choices in the
   * declaration and update modals.
   */
  static StaticSelectElement nextUpdateSelect(String actionId) {
    List<OptionObject> next =
        IncidentRules.NEXT_UPDATE_MINUTES.stream()
            .map(
                m ->
                    option(
                        plainText(
                            m == 0
                                ? "No further update until resolved"
                                : "In " + IncidentRules.minutes(m)),
                        Integer.toString(m)))
            .toList();
    OptionObject preselected =
        next.get(
            IncidentRules.NEXT_UPDATE_MINUTES.indexOf(IncidentRules.DEFAULT_NEXT_UPDATE_MINUTES));
    return staticSelect(s -> s.actionId(actionId).options(next).initialOption(preselected));
  }

  static View updateModal(Incident i) {
    return view(
        v ->
            v.type("modal")
                .callbackId(UPDATE)
                .privateMetadata(Long.toString(i.id()))
                .title(viewTitle(t -> t.type("plain_text").text("Incident update")))
                .submit(viewSubmit(s -> s.type("plain_text").text("Post update")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .blocks(
                    asBlocks(
                        context(
                            c ->
                                c.elements(
                                    List.of(
                                        markdownText(
                                            SlackText.truncate(
                                                "Incident #"
                                                    + i.id()
                                                    + ": "
                                                    + SlackText.escape(
                                                        i.cluster()
                                                            + "/"
                                                            + i.service()
                                                            + " - "
                                                            + i.shortMessage()),
                                                2000))))),
                        text(
                            UPDATE_IMPACT,
                            "Current impact: what users may see",
                            IncidentRules.MAX_TEXT,
                            true,
                            null,
                            null,
                            false),
                        text(
                            UPDATE_ACTION,
                            "Action being taken",
                            IncidentRules.MAX_TEXT,
                            true,
                            null,
                            "e.g. we are investigating",
                            false),
                        text(
                            UPDATE_USERS,
                            "What users should do (if anything)",
                            IncidentRules.MAX_TEXT,
                            true,
                            null,
                            null,
                            true),
                        input(
                            b ->
                                b.blockId(UPDATE_NEXT)
                                    .label(plainText("Next update"))
                                    .element(nextUpdateSelect(UPDATE_NEXT))))));
  }

  static View resolveModal(Incident i) {
    return view(
        v ->
            v.type("modal")
                .callbackId(RESOLVE)
                .privateMetadata(Long.toString(i.id()))
                .title(viewTitle(t -> t.type("plain_text").text("Resolve incident")))
                .submit(viewSubmit(s -> s.type("plain_text").text("Resolve")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .blocks(
                    asBlocks(
                        section(
                            s ->
                                s.text(
                                    markdownText(
                                        SlackText.truncate(
                                            "Resolving incident #"
                                                + i.id()
                                                + ": "
                                                + SlackText.escape(
                                                    i.cluster()
                                                        + "/"
                                                        + i.service()
                                                        + " - "
                                                        + i.shortMessage())
                                                + ".",
                                            3000)))),
                        text(
                            RESOLVE_LINGERING,
                            "Lingering effects (optional)",
                            IncidentRules.MAX_TEXT,
                            true,
                            null,
                            "anything users should still know",
                            true))));
  }

  static View rolesModal(Incident i) {
    return view(
        v ->
            v.type("modal")
                .callbackId(ROLES)
                .privateMetadata(Long.toString(i.id()))
                .title(viewTitle(t -> t.type("plain_text").text("Incident roles")))
                .submit(viewSubmit(s -> s.type("plain_text").text("Save")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .blocks(
                    asBlocks(
                        input(
                            b ->
                                b.blockId(ROLES_OTS)
                                    .optional(true)
                                    .label(plainText("Operations Technicians"))
                                    .element(
                                        multiUsersSelect(
                                            m -> m.actionId(ROLES_OTS).initialUsers(i.ots())))),
                        input(
                            b ->
                                b.blockId(ROLES_CC)
                                    .label(plainText("Communications Coordinator"))
                                    .element(
                                        usersSelect(
                                            u -> u.actionId(ROLES_CC).initialUser(i.ccUser())))))));
  }

  /** Shown in place of the declaration modal once it is accepted. */
  static View declaredModal(long id, boolean githubOn, String repository) {
    String github =
        githubOn
            ? "The GitHub issue in "
                + SlackText.escape(repository)
                + " is being created. If GitHub is slow or down it is"
                + " created as soon as GitHub answers, and the links are added then; you will be told in the channel."
            : "GitHub is not configured, so there is no issue; everything else runs as usual.";
    return view(
        v ->
            v.type("modal")
                .callbackId(DECLARE + ".done")
                .title(viewTitle(t -> t.type("plain_text").text("Incident declared")))
                .close(viewClose(c -> c.type("plain_text").text("Close")))
                .blocks(
                    asBlocks(
                        section(
                            s ->
                                s.text(
                                    markdownText(
                                        "Incident #"
                                            + id
                                            + " is declared. Its channel and the announcement are on their way.\n"
                                            + github))))));
  }

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
                            "*Incident #"
                                + i.id()
                                + "*: "
                                + SlackText.escape(
                                    i.cluster() + "/" + i.service() + " - " + i.shortMessage()),
                            3000)))),
        actionsBlock(i));
  }

  private static LayoutBlock text(
      String id,
      String label,
      int max,
      boolean multiline,
      String initial,
      String placeholder,
      boolean optional) {
    return input(
        i ->
            i.blockId(id)
                .optional(optional)
                .label(plainText(label))
                .element(
                    plainTextInput(
                        p -> {
                          p.actionId(id).maxLength(max).multiline(multiline);
                          if (initial != null && !initial.isBlank())
                            p.initialValue(SlackText.truncate(initial, max));
                          if (placeholder != null) p.placeholder(plainText(placeholder));
                          return p;
                        })));
  }
}
