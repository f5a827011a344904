package dev.firstresponder.incident;

import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import dev.firstresponder.slack.Modal;
import dev.firstresponder.slack.ModalState;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The submitted modals (declare, update, resolve, roles): read and validated at once, answered with
 * field errors or acted on through {@link IncidentService}.
 */
final class IncidentSubmissions {
  private static final Logger log = LoggerFactory.getLogger(IncidentSubmissions.class);

  private final Messages messages;
  private final IncidentService service;
  private final String repository;

  IncidentSubmissions(Messages messages, IncidentService service, String repository) {
    this.messages = messages;
    this.service = service;
    this.repository = repository;
  }

  Response onDeclareSubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    var view = req.getPayload().getView();
    ModalState v = ModalState.of(view);
    Declaration d =
        new Declaration(
            v.text(IncidentViews.DECLARE_CLUSTER),
            v.text(IncidentViews.DECLARE_SERVICE),
            v.text(IncidentViews.DECLARE_SHORT),
            v.text(IncidentViews.DECLARE_IMPACT),
            v.text(IncidentViews.DECLARE_LINKS),
            v.options(IncidentViews.DECLARE_CRITERIA).stream()
                .flatMap(code -> Criterion.parse(code).stream())
                .distinct()
                .toList(),
            v.users(IncidentViews.DECLARE_OTS),
            v.user(IncidentViews.DECLARE_CC),
            v.option(IncidentViews.DECLARE_SEVERITY)
                .filter(IncidentViews.SEVERITIES::contains)
                .orElse(null),
            // Slack submits the preselected choice; a modal opened before the select existed has
            // none.
            v.option(IncidentViews.DECLARE_NEXT)
                .map(m -> parseMinutes(m).orElse(null))
                .orElse(IncidentRules.DEFAULT_NEXT_UPDATE_MINUTES));
    Map<String, String> errors = IncidentRules.validate(d);
    if (!errors.isEmpty()) return Modal.fieldErrors(ctx, errors);
    String source = view.getPrivateMetadata();
    long id =
        service.declare(
            d,
            req.getPayload().getUser().getId(),
            view.getId(),
            source == null || source.isBlank() ? null : source);
    log.info("incident {} declared by {}", id, req.getPayload().getUser().getId());
    return ctx.ack(
        r ->
            r.responseAction("update")
                .view(IncidentViews.declaredModal(id, messages.githubOn(), repository)));
  }

  Response onUpdateSubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    var view = req.getPayload().getView();
    ModalState v = ModalState.of(view);
    StatusUpdate u =
        new StatusUpdate(
            v.text(IncidentViews.UPDATE_IMPACT),
            v.text(IncidentViews.UPDATE_ACTION),
            v.text(IncidentViews.UPDATE_USERS),
            v.option(IncidentViews.UPDATE_NEXT)
                .flatMap(IncidentSubmissions::parseMinutes)
                .orElse(null));
    Map<String, String> errors = IncidentRules.validate(u);
    if (!errors.isEmpty()) return Modal.fieldErrors(ctx, errors);
    Optional<Long> id = parseId(view.getPrivateMetadata());
    IncidentService.Outcome outcome =
        id.map(i -> service.update(i, u, req.getPayload().getUser().getId(), view.getId()))
            .orElse(IncidentService.Outcome.NOT_FOUND);
    return switch (outcome) {
      case DONE, ALREADY_DONE -> ctx.ack();
      default ->
          Modal.fieldError(
              ctx,
              IncidentViews.UPDATE_IMPACT,
              "This incident is no longer open, so the update was not posted.");
    };
  }

  Response onResolveSubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    var view = req.getPayload().getView();
    String lingering = ModalState.of(view).text(IncidentViews.RESOLVE_LINGERING);
    Map<String, String> errors = IncidentRules.validateLingering(lingering);
    if (!errors.isEmpty()) return Modal.fieldErrors(ctx, errors);
    Optional<Long> id = parseId(view.getPrivateMetadata());
    IncidentService.Outcome outcome =
        id.map(i -> service.resolve(i, req.getPayload().getUser().getId(), lingering))
            .orElse(IncidentService.Outcome.NOT_FOUND);
    return switch (outcome) {
      case DONE, ALREADY_DONE -> ctx.ack();
      case NOT_ALLOWED ->
          Modal.fieldError(
              ctx,
              IncidentViews.RESOLVE_LINGERING,
              "Only the Communications Coordinator, an Operations Technician or the declarer can resolve this incident.");
      default ->
          Modal.fieldError(ctx, IncidentViews.RESOLVE_LINGERING, "This incident no longer exists.");
    };
  }

  Response onRolesSubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    var view = req.getPayload().getView();
    ModalState v = ModalState.of(view);
    String cc = v.user(IncidentViews.ROLES_CC);
    if (cc == null || cc.isBlank()) {
      return Modal.fieldError(
          ctx, IncidentViews.ROLES_CC, "Choose who coordinates communications.");
    }
    Optional<Long> id = parseId(view.getPrivateMetadata());
    IncidentService.Outcome outcome =
        id.map(
                i ->
                    service.changeRoles(
                        i,
                        req.getPayload().getUser().getId(),
                        cc,
                        v.users(IncidentViews.ROLES_OTS)))
            .orElse(IncidentService.Outcome.NOT_FOUND);
    return switch (outcome) {
      case DONE, ALREADY_DONE -> ctx.ack();
      case NOT_ALLOWED ->
          Modal.fieldError(
              ctx,
              IncidentViews.ROLES_CC,
              "Only the Communications Coordinator, an Operations Technician or the declarer can change the roles.");
      default -> Modal.fieldError(ctx, IncidentViews.ROLES_CC, "This incident is no longer open.");
    };
  }

  /** The incident id a modal's metadata or a button's value carries. */
  static Optional<Long> parseId(String text) {
    try {
      return text == null ? Optional.empty() : Optional.of(Long.parseLong(text.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Integer> parseMinutes(String value) {
    try {
      int m = Integer.parseInt(value);
      return IncidentRules.NEXT_UPDATE_MINUTES.contains(m) ? Optional.of(m) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
