package dev.firstresponder.upgrade;

import static dev.firstresponder.upgrade.UpgradeViews.block;

import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import dev.firstresponder.outbox.Json;
import dev.firstresponder.slack.Modal;
import dev.firstresponder.slack.ModalState;
import dev.firstresponder.upgrade.UpgradeRules.Field;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The submitted planning, done and reschedule forms: checked at once (field errors in the form),
 * then handed to {@link UpgradeService}.
 */
final class UpgradeSubmissions {
  private static final Logger log = LoggerFactory.getLogger(UpgradeSubmissions.class);

  private final Clock clock;
  private final UpgradeService service;

  UpgradeSubmissions(Clock clock, UpgradeService service) {
    this.clock = clock;
    this.service = service;
  }

  Response onPlanSubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    var view = req.getPayload().getView();
    ModalState v = ModalState.of(view);
    UpgradeViews.PlanMeta meta = Json.read(view.getPrivateMetadata(), UpgradeViews.PlanMeta.class);
    ZoneId zone = UpgradeRules.zone(meta.zone());
    String p = UpgradeViews.PLAN;
    UpgradeRules.Form form =
        new UpgradeRules.Form(
            v.option(block(p, Field.KIND)).orElse(null),
            v.raw(block(p, Field.ENVIRONMENT)),
            v.raw(block(p, Field.CLUSTER)),
            v.raw(block(p, Field.CLUSTER_URL)),
            v.raw(block(p, Field.SERVICE)),
            v.raw(block(p, Field.CURRENT_VERSION)),
            v.raw(block(p, Field.NEW_VERSION)),
            v.date(block(p, Field.DATE)),
            v.time(block(p, Field.TIME)),
            v.raw(block(p, Field.DURATION)),
            v.raw(block(p, Field.COMMENTS)),
            v.raw(block(p, Field.LINKS)),
            v.user(block(p, Field.CC)),
            v.users(block(p, Field.OTS)),
            zone);
    UpgradeRules.Checked checked = UpgradeRules.check(form, clock.instant());
    if (!checked.ok()) return Modal.fieldErrors(ctx, errors(p, checked.errors()));
    UpgradeService.Planned planned =
        service.plan(
            checked.plan(), req.getPayload().getUser().getId(), meta.channel(), view.getId());
    log.info(
        "upgrade {} planned{}",
        planned.id(),
        planned.duplicate() ? " (repeated submission ignored)" : "");
    return ctx.ack();
  }

  Response onDoneSubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    long id = Long.parseLong(req.getPayload().getView().getPrivateMetadata());
    String lingering = ModalState.of(req.getPayload().getView()).raw(UpgradeViews.DONE_LINGERING);
    boolean done = service.complete(id, req.getPayload().getUser().getId(), lingering);
    if (!done) log.info("upgrade {} was no longer open when its done form was submitted", id);
    return ctx.ack();
  }

  Response onRescheduleSubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    long id = Long.parseLong(req.getPayload().getView().getPrivateMetadata());
    ModalState v = ModalState.of(req.getPayload().getView());
    Optional<Upgrade> u = service.find(id);
    String cb = UpgradeViews.RESCHEDULE;
    if (u.isEmpty() || !u.get().status().open()) {
      return Modal.fieldError(ctx, block(cb, Field.DATE), "Upgrade #" + id + " is no longer open.");
    }
    UpgradeRules.Checked checked =
        UpgradeRules.reschedule(
            u.get().plan(),
            v.date(block(cb, Field.DATE)),
            v.time(block(cb, Field.TIME)),
            v.raw(block(cb, Field.DURATION)),
            clock.instant());
    if (!checked.ok()) return Modal.fieldErrors(ctx, errors(cb, checked.errors()));
    service.reschedule(
        id, req.getPayload().getUser().getId(), checked.plan(), v.raw(block(cb, Field.REASON)));
    return ctx.ack();
  }

  private static Map<String, String> errors(String callback, Map<Field, String> errors) {
    Map<String, String> out = new LinkedHashMap<>();
    errors.forEach((f, msg) -> out.put(block(callback, f), msg));
    return out;
  }
}
