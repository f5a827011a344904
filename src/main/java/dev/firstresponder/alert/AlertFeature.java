package dev.firstresponder.alert;

import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.SlackApiException;
import dev.firstresponder.incident.DeclarationPrefill;
import dev.firstresponder.incident.IncidentFeature;
import dev.firstresponder.oncall.OncallService;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.schedule.Scheduling;
import dev.firstresponder.slack.Commands;
import dev.firstresponder.slack.Modal;
import dev.firstresponder.slack.SlackApi;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager pages the on-call engineer: the webhook ({@link #servlet()}), the buttons on the
 * page (Acknowledge, Escalate now, Declare incident, Silence 1h), {@code /oncall alerts}, and the
 * timer that escalates unacknowledged pages. Escalation state lives in the database; the timer only
 * wakes the service that reads it.
 */
public final class AlertFeature {
  private static final Logger log = LoggerFactory.getLogger(AlertFeature.class);

  /** How often due escalations are looked for; the due times themselves are stored. */
  static final int ESCALATION_POLL_SECONDS = 1;

  private final AlertSettings settings;
  private final Clock clock;
  private final AlertService service;
  private final AlertEffects effects;
  private final AlertmanagerServlet servlet;
  private final IncidentFeature incidents;

  public AlertFeature(
      AlertSettings settings,
      Clock clock,
      Jdbi jdbi,
      Outbox outbox,
      SlackApi slack,
      OncallService oncall,
      IncidentFeature incidents,
      MeterRegistry registry) {
    this.settings = settings;
    this.clock = clock;
    this.incidents = incidents;
    AlertDao dao = new AlertDao();
    PageDao pages = new PageDao();
    AlertMetrics metrics = new AlertMetrics(registry, () -> jdbi.withHandle(dao::countFiring));
    Pacing pacing = new Pacing(jdbi, clock, outbox);
    Pager pager = new Pager(outbox, dao, pages, metrics, pacing);
    Snapshots snapshots = new Snapshots(dao, pages, incidents::channelOf);
    this.service =
        new AlertService(
            jdbi, clock, settings, dao, pager, snapshots, outbox, oncall::team, metrics);
    AlertIntake intake =
        new AlertIntake(
            jdbi,
            clock,
            settings,
            dao,
            pager,
            new AlertIssues(outbox, settings),
            snapshots,
            oncall::team,
            metrics);
    this.effects =
        new AlertEffects(
            jdbi,
            clock,
            dao,
            pages,
            snapshots,
            outbox,
            slack,
            pager,
            pacing,
            settings.alertmanagerUrl().map(Silences::new));
    this.servlet = new AlertmanagerServlet(settings.token(), intake);
  }

  /** {@code POST /alertmanager}. */
  public HttpServlet servlet() {
    return servlet;
  }

  public void register(App app, Commands commands, OutboxWorker worker, Scheduling scheduling) {
    commands.subcommand(
        "/oncall", "alerts", "", "firing alert groups: state, age, who acknowledged", this::onList);
    app.blockAction(AlertViews.ACKNOWLEDGE, this::onAcknowledge);
    app.blockAction(AlertViews.ESCALATE, this::onEscalate);
    app.blockAction(AlertViews.DECLARE, this::onDeclare);
    app.blockAction(AlertViews.SILENCE, this::onSilence);
    incidents.declarationSource("alert", service::declared);
    effects.registerWith(worker);
    scheduling.every("alert-escalation", ESCALATION_POLL_SECONDS, fired -> service.escalateDue());
    if (settings.enabled()) {
      log.info(
          "Alertmanager webhook: POST /alertmanager pages in {}, escalating after {} and {} more{}",
          settings.channel().orElse("-"),
          AlertViews.duration(settings.toLevel2()),
          AlertViews.duration(settings.toLevel3()),
          settings.issues() ? ", with a GitHub issue per firing episode" : "");
    } else {
      log.info(
          "Alertmanager webhook: off (ALERTMANAGER_TOKEN unset: POST /alertmanager refuses everything)");
    }
  }

  private Response onList(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    String list = AlertViews.openList(service.firing(), clock.instant());
    if (!settings.enabled()) {
      list += "\n_Alertmanager's webhook is off: ALERTMANAGER_TOKEN is unset._";
    }
    return ctx.ack(list);
  }

  @FunctionalInterface
  private interface Action {
    String run(long episodeId, String user) throws IOException, SlackApiException;
  }

  /** Runs the action for the episode on the button and answers the clicker only. */
  private Response answer(BlockActionRequest req, ActionContext ctx, Action action)
      throws IOException, SlackApiException {
    var p = req.getPayload();
    String user = p.getUser().getId();
    Optional<Long> id = parseId(p.getActions().get(0).getValue());
    String text = id.isEmpty() ? "I do not know this alert group." : action.run(id.get(), user);
    if (text != null) {
      ctx.respond(r -> r.responseType("ephemeral").replaceOriginal(false).text(text));
    }
    return ctx.ack();
  }

  private Response onAcknowledge(BlockActionRequest req, ActionContext ctx)
      throws IOException, SlackApiException {
    return answer(req, ctx, service::acknowledge);
  }

  private Response onEscalate(BlockActionRequest req, ActionContext ctx)
      throws IOException, SlackApiException {
    return answer(req, ctx, service::escalateNow);
  }

  private Response onSilence(BlockActionRequest req, ActionContext ctx)
      throws IOException, SlackApiException {
    var u = req.getPayload().getUser();
    String name =
        u.getUsername() != null ? u.getUsername() : u.getName() != null ? u.getName() : u.getId();
    return answer(req, ctx, (id, user) -> service.silence(id, user, name));
  }

  private Response onDeclare(BlockActionRequest req, ActionContext ctx)
      throws IOException, SlackApiException {
    String trigger = req.getPayload().getTriggerId();
    return answer(
        req,
        ctx,
        (id, user) -> {
          Optional<DeclarationPrefill> prefill = service.prefill(id);
          if (prefill.isEmpty()) {
            return "This alert group has resolved; use `/incident` to declare an incident anyway.";
          }
          Optional<String> error = open(trigger, user, prefill.get());
          return error.map(e -> Modal.notOpened("form", e, "Please try again.")).orElse(null);
        });
  }

  private Optional<String> open(String trigger, String user, DeclarationPrefill prefill)
      throws IOException, SlackApiException {
    return incidents.openDeclaration(trigger, user, prefill);
  }

  private static Optional<Long> parseId(String value) {
    try {
      return value == null ? Optional.empty() : Optional.of(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
