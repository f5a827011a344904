package dev.firstresponder.oncall;

import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.SlackApiException;
import com.slack.api.model.view.View;
import dev.firstresponder.outbox.EffectFailure;
import dev.firstresponder.outbox.OutboxEntry;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.people.People;
import dev.firstresponder.schedule.Scheduling;
import dev.firstresponder.slack.Commands;
import dev.firstresponder.slack.Modal;
import dev.firstresponder.slack.ModalState;
import dev.firstresponder.slack.SlackApi;
import dev.firstresponder.slack.SlackText;
import dev.firstresponder.slack.SlackUsers;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /oncall …}, the handover modal, the daily Quartz job and the user group effect. */
public final class OncallFeature {
  private static final Logger log = LoggerFactory.getLogger(OncallFeature.class);
  private static final String CMD = "/oncall";

  /** A mention as Slack escapes it in slash commands: {@code <@U0123|alice>}. */
  private static final Pattern MENTION = Pattern.compile("<@([UW][A-Z0-9]+)(?:\\|[^>]*)?>");

  private final OncallSettings config;
  private final OncallService service;
  private final SlackApi slackApi;
  private final SlackUsers users;

  public OncallFeature(
      OncallSettings config, OncallService service, SlackApi slackApi, SlackUsers users) {
    this.config = config;
    this.service = service;
    this.slackApi = slackApi;
    this.users = users;
  }

  public OncallService service() {
    return service;
  }

  public void register(App app, Commands commands, OutboxWorker worker, Scheduling scheduling) {
    commands.bare(
        CMD,
        "",
        "who is on call now, since when, who is next and when the next handover is",
        this::onStatus);
    commands.subcommand(
        CMD,
        "list",
        "",
        "the on-call list: who had their turn, who is on call, who is next",
        this::onList);
    commands.subcommand(
        CMD,
        "add",
        "@user [github-login]",
        "add someone at the end of the current round (rota admins)",
        this::onAdd);
    commands.subcommand(
        CMD,
        "remove",
        "@user",
        "take someone off the list; if on call, hand over now (rota admins)",
        this::onRemove);
    commands.subcommand(
        CMD,
        "move",
        "@user <position>",
        "move someone to a place in the order (rota admins)",
        this::onMove);
    commands.subcommand(
        CMD,
        "handover",
        "",
        "hand over to the next engineer with a note for the on-call log",
        this::onHandover);
    commands.subcommand(
        CMD,
        "swap",
        "@a @b",
        "two people trade their places in the order (rota admins)",
        this::onSwap);
    commands.subcommand(
        CMD,
        "override",
        "@user <date>",
        "someone takes the shift of one date, e.g. 2026-12-24 (rota admins)",
        this::onOverride);
    commands.subcommand(
        CMD, "log", "[n]", "the last n entries of the on-call log (default 5)", this::onLog);
    commands.subcommand(
        CMD,
        "holiday add",
        "<date> [name]",
        "a day without handover, e.g. 2026-12-24 (rota admins)",
        this::onHolidayAdd);
    commands.subcommand(
        CMD, "holiday list", "", "the holidays the rotation skips", this::onHolidayList);
    commands.subcommand(
        CMD, "holiday remove", "<date>", "remove a holiday (rota admins)", this::onHolidayRemove);
    app.viewSubmission(OncallViews.HANDOVER, this::onHandoverSubmitted);
    worker.register(OncallNotices.USERGROUP_EFFECT, this::applyUsergroup);
    scheduling.cron("oncall-shift", config.cronExpression(), config.zone(), service::startShift);
    try {
      service.catchUp();
    } catch (RuntimeException e) {
      log.error("on-call catch-up at start failed: {}", e.toString(), e);
    }
  }

  // ---- reading --------------------------------------------------------------------------------

  private Response onStatus(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    return ctx.ack(service.status());
  }

  private Response onList(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    return ctx.ack(service.list());
  }

  private Response onLog(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    int n = 5;
    if (!args.isBlank()) {
      try {
        n = Integer.parseInt(args.strip());
      } catch (NumberFormatException e) {
        return ctx.ack(
            "`"
                + SlackText.escape(args)
                + "` is not a number: use `/oncall log [n]`, e.g. `/oncall log 10`.");
      }
      if (n < 1 || n > 50) return ctx.ack("Show from 1 to 50 entries: `/oncall log 10`.");
    }
    return ctx.ack(service.log(n));
  }

  private Response onHolidayList(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    return ctx.ack(service.holidays());
  }

  // ---- changing the list (rota admins) --------------------------------------------------------

  @FunctionalInterface
  private interface Change {
    String run(String by) throws OncallService.Refusal;
  }

  /** Admin check, then the change; a refusal is an ephemeral answer and changes nothing. */
  private Response admin(SlashCommandRequest req, SlashCommandContext ctx, Change change) {
    String by = req.getPayload().getUserId();
    if (!isRotaAdmin(by)) {
      return ctx.ack(
          ":no_entry: Only rota admins can change the on-call list ("
              + (config.admins().isEmpty()
                  ? "workspace admins and owners"
                  : "the people in ONCALL_ADMINS")
              + "). Everyone can read it with `/oncall list`.");
    }
    try {
      return ctx.ack(change.run(by));
    } catch (OncallService.Refusal r) {
      return ctx.ack(":warning: " + r.getMessage());
    }
  }

  private boolean isRotaAdmin(String userId) {
    return config.admins().isEmpty()
        ? users.isAdminOrOwner(userId)
        : config.admins().contains(userId);
  }

  private Response onAdd(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    return admin(
        req,
        ctx,
        by -> {
          List<String> mentioned = mentions(args, 1, "/oncall add @user [github-login]");
          String rest = MENTION.matcher(args).replaceAll("").strip();
          String login = null;
          if (!rest.isEmpty()) {
            login =
                People.parseLogin(rest)
                    .orElseThrow(
                        () ->
                            new OncallService.Refusal(
                                "`"
                                    + SlackText.escape(rest)
                                    + "` is not a GitHub login: use `/oncall add @user github-login`."));
          }
          known(mentioned.get(0));
          return service.add(by, mentioned.get(0), login);
        });
  }

  private Response onRemove(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    return admin(
        req, ctx, by -> service.remove(by, mentions(args, 1, "/oncall remove @user").get(0)));
  }

  private Response onMove(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    return admin(
        req,
        ctx,
        by -> {
          String user = mentions(args, 1, "/oncall move @user <position>").get(0);
          String rest = MENTION.matcher(args).replaceAll("").strip();
          int position;
          try {
            position = Integer.parseInt(rest);
          } catch (NumberFormatException e) {
            throw new OncallService.Refusal(
                "Give the new position as a number: `/oncall move @user 2`.");
          }
          return service.move(by, user, position);
        });
  }

  private Response onSwap(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    return admin(
        req,
        ctx,
        by -> {
          List<String> two = mentions(args, 2, "/oncall swap @a @b");
          return service.swap(by, two.get(0), two.get(1));
        });
  }

  private Response onOverride(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    return admin(
        req,
        ctx,
        by -> {
          String user = mentions(args, 1, "/oncall override @user <date>").get(0);
          known(user);
          LocalDate date =
              date(
                  MENTION.matcher(args).replaceAll("").strip(),
                  "/oncall override @user 2026-12-24");
          return service.override(by, user, date);
        });
  }

  private Response onHolidayAdd(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    return admin(
        req,
        ctx,
        by -> {
          String[] parts = args.strip().split("\\s+", 2);
          LocalDate date = date(parts[0], "/oncall holiday add 2026-12-24 [name]");
          String name = parts.length > 1 && !parts[1].isBlank() ? parts[1].strip() : null;
          return service.addHoliday(by, date, name);
        });
  }

  private Response onHolidayRemove(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    return admin(
        req,
        ctx,
        by -> service.removeHoliday(date(args.strip(), "/oncall holiday remove 2026-12-24")));
  }

  private static List<String> mentions(String args, int count, String usage) {
    List<String> ids = new ArrayList<>();
    Matcher m = MENTION.matcher(args);
    while (m.find()) ids.add(m.group(1));
    if (ids.size() != count) {
      throw new OncallService.Refusal(
          (count == 1 ? "Name one person" : "Name " + count + " people")
              + " with an @-mention: `"
              + usage
              + "`.");
    }
    return ids;
  }

  private void known(String userId) {
    var user = users.user(userId);
    if (user.isEmpty())
      throw new OncallService.Refusal(
          "I can't find " + SlackText.mention(userId) + " in this workspace.");
    if (user.get().isBot())
      throw new OncallService.Refusal(SlackText.mention(userId) + " is a bot, not an engineer.");
  }

  private static LocalDate date(String text, String usage) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new OncallService.Refusal(
          "`" + SlackText.escape(text) + "` is not a date: use ISO dates, `" + usage + "`.");
    }
  }

  // ---- handover -------------------------------------------------------------------------------

  private Response onHandover(SlashCommandRequest req, SlashCommandContext ctx, String args)
      throws Exception {
    String by = req.getPayload().getUserId();
    Optional<String> current = service.current();
    if (current.isEmpty()) return ctx.ack("Nobody is on call: the list is empty.");
    if (!by.equals(current.get()) && !isRotaAdmin(by)) {
      return ctx.ack(
          ":no_entry: Only the person on call ("
              + SlackText.mention(current.get())
              + ") or a rota admin can hand over.");
    }
    View view = OncallViews.handover(current.get(), service.nextUser().orElse(null));
    return Modal.open(ctx.client(), req.getPayload().getTriggerId(), view)
        .map(error -> ctx.ack(Modal.notOpened("handover form", error, "Please try again.")))
        .orElseGet(ctx::ack);
  }

  private Response onHandoverSubmitted(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    var payload = req.getPayload();
    String by = payload.getUser().getId();
    ModalState values = ModalState.of(payload.getView());
    String notes = values.text(OncallViews.NOTES);
    if (notes == null)
      return Modal.fieldError(ctx, OncallViews.NOTES, "Write what happened during your shift.");
    String expected = payload.getView().getPrivateMetadata();
    if (!by.equals(expected) && !isRotaAdmin(by)) {
      return Modal.fieldError(
          ctx, OncallViews.NOTES, "Only the person on call or a rota admin can hand over.");
    }
    try {
      service.handOverNow(
          by,
          new Handover.Notes(
              notes, values.text(OncallViews.OPEN_ITEMS), values.text(OncallViews.LINKS)),
          payload.getView().getId(),
          expected == null || expected.isBlank() ? null : expected);
      return ctx.ack();
    } catch (OncallService.Refusal refusal) {
      return Modal.fieldError(ctx, OncallViews.NOTES, refusal.getMessage());
    }
  }

  // ---- user group -----------------------------------------------------------------------------

  /** Points ONCALL_USERGROUP at today's engineer; never with an empty list (Slack refuses that). */
  private String applyUsergroup(OutboxEntry e) throws Exception {
    OncallNotices.UsergroupUpdate u = e.payload(OncallNotices.UsergroupUpdate.class);
    if (u.users() == null || u.users().isEmpty())
      throw new EffectFailure.Permanent("a user group cannot be emptied");
    try {
      SlackApi.check(
          "usergroups.users.update",
          slackApi
              .backgroundMethods()
              .usergroupsUsersUpdate(r -> r.usergroup(u.usergroup()).users(u.users())));
      return null;
    } catch (SlackApiException ex) {
      throw SlackApi.classify(ex);
    }
  }
}
