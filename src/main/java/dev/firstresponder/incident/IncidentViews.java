package dev.firstresponder.incident;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.checkboxes;
import static com.slack.api.model.block.element.BlockElements.multiUsersSelect;
import static com.slack.api.model.block.element.BlockElements.staticSelect;
import static com.slack.api.model.block.element.BlockElements.usersSelect;

import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.element.StaticSelectElement;
import com.slack.api.model.view.View;
import dev.firstresponder.slack.Modal;
import dev.firstresponder.slack.SlackText;
import dev.firstresponder.slack.TextInput;
import java.util.ArrayList;
import java.util.List;

/**
 * The incident modals (declare, update, resolve, roles), built with the SDK's DSL; pure functions.
 * Block ids and action ids are the same string, so handler and view share one constant. The
 * messages with buttons are {@link IncidentBlocks}.
 */
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
  static final List<String> SEVERITIES =
      List.of("SEV1 - critical", "SEV2 - major", "SEV3 - minor", "SEV4 - low");

  private IncidentViews() {}

  static View declareModal(String shortMessage, String declarer) {
    return declareModal(new DeclarationPrefill(null, null, shortMessage, null, null), declarer);
  }

  /** The form with its first fields filled in; the source travels in the private metadata. */
  static View declareModal(DeclarationPrefill prefill, String declarer) {
    List<OptionObject> criteria = new ArrayList<>();
    for (Criterion c : Criterion.values()) criteria.add(option(plainText(c.label), c.code));
    List<OptionObject> severities = SEVERITIES.stream().map(s -> option(plainText(s), s)).toList();
    return Modal.of(DECLARE, "Declare an incident")
        .submit("Declare")
        .metadata(prefill.source())
        .blocks(
            TextInput.of(DECLARE_CLUSTER, "Cluster", IncidentRules.MAX_NAME)
                .initial(prefill.cluster())
                .placeholder("e.g. moc-infra")
                .block(),
            TextInput.of(DECLARE_SERVICE, "Service", IncidentRules.MAX_NAME)
                .initial(prefill.service())
                .placeholder("e.g. grafana")
                .block(),
            TextInput.of(DECLARE_SHORT, "Short message", IncidentRules.MAX_SHORT)
                .initial(prefill.shortMessage())
                .placeholder("e.g. dashboards do not load")
                .block(),
            TextInput.of(DECLARE_IMPACT, "Impacted users", IncidentRules.MAX_TEXT)
                .multiline()
                .placeholder("all users, users of a subset of services, or of a specific data set")
                .block(),
            TextInput.of(DECLARE_LINKS, "Related links (one per line)", IncidentRules.MAX_TEXT)
                .multiline()
                .optional()
                .initial(prefill.relatedLinks())
                .block(),
            section(
                s ->
                    s.blockId(DECLARE_CRITERIA + ".questions")
                        .text(markdownText(criteriaQuestions()))),
            input(
                i ->
                    i.blockId(DECLARE_CRITERIA)
                        .optional(true)
                        .label(plainText("Why is this an incident? (at least one)"))
                        .element(checkboxes(c -> c.actionId(DECLARE_CRITERIA).options(criteria)))),
            input(
                i ->
                    i.blockId(DECLARE_OTS)
                        .optional(true)
                        .label(plainText("Operations Technicians"))
                        .element(
                            multiUsersSelect(
                                m ->
                                    m.actionId(DECLARE_OTS)
                                        .placeholder(plainText("who works on the fix"))))),
            input(
                i ->
                    i.blockId(DECLARE_CC)
                        .label(plainText("Communications Coordinator"))
                        .element(usersSelect(u -> u.actionId(DECLARE_CC).initialUser(declarer)))),
            input(
                i ->
                    i.blockId(DECLARE_SEVERITY)
                        .optional(true)
                        .label(plainText("Severity"))
                        .element(
                            staticSelect(s -> s.actionId(DECLARE_SEVERITY).options(severities)))),
            input(
                i ->
                    i.blockId(DECLARE_NEXT)
                        .label(plainText("Next update in"))
                        .element(nextUpdateSelect(DECLARE_NEXT))));
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
    return Modal.of(UPDATE, "Incident update")
        .submit("Post update")
        .metadata(Long.toString(i.id()))
        .blocks(
            context(
                c ->
                    c.elements(
                        List.of(
                            markdownText(
                                SlackText.truncate(
                                    "Incident #" + i.id() + ": " + headline(i), 2000))))),
            TextInput.of(
                    UPDATE_IMPACT, "Current impact: what users may see", IncidentRules.MAX_TEXT)
                .multiline()
                .block(),
            TextInput.of(UPDATE_ACTION, "Action being taken", IncidentRules.MAX_TEXT)
                .multiline()
                .placeholder("e.g. we are investigating")
                .block(),
            TextInput.of(UPDATE_USERS, "What users should do (if anything)", IncidentRules.MAX_TEXT)
                .multiline()
                .optional()
                .block(),
            input(
                b ->
                    b.blockId(UPDATE_NEXT)
                        .label(plainText("Next update"))
                        .element(nextUpdateSelect(UPDATE_NEXT))));
  }

  static View resolveModal(Incident i) {
    return Modal.of(RESOLVE, "Resolve incident")
        .submit("Resolve")
        .metadata(Long.toString(i.id()))
        .blocks(
            section(
                s ->
                    s.text(
                        markdownText(
                            SlackText.truncate(
                                "Resolving incident #" + i.id() + ": " + headline(i) + ".",
                                3000)))),
            TextInput.of(RESOLVE_LINGERING, "Lingering effects (optional)", IncidentRules.MAX_TEXT)
                .multiline()
                .optional()
                .placeholder("anything users should still know")
                .block());
  }

  static View rolesModal(Incident i) {
    return Modal.of(ROLES, "Incident roles")
        .submit("Save")
        .metadata(Long.toString(i.id()))
        .blocks(
            input(
                b ->
                    b.blockId(ROLES_OTS)
                        .optional(true)
                        .label(plainText("Operations Technicians"))
                        .element(
                            multiUsersSelect(m -> m.actionId(ROLES_OTS).initialUsers(i.ots())))),
            input(
                b ->
                    b.blockId(ROLES_CC)
                        .label(plainText("Communications Coordinator"))
                        .element(usersSelect(u -> u.actionId(ROLES_CC).initialUser(i.ccUser())))));
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
    return Modal.of(DECLARE + ".done", "Incident declared")
        .close("Close")
        .blocks(
            section(
                s ->
                    s.text(
                        markdownText(
                            "Incident #"
                                + id
                                + " is declared. Its channel and the announcement are on their way.\n"
                                + github))));
  }

  /** "moc-infra/grafana - dashboards do not load", escaped for Slack. */
  static String headline(Incident i) {
    return SlackText.escape(i.cluster() + "/" + i.service() + " - " + i.shortMessage());
  }
}
