package dev.firstresponder.oncall;

import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.view.View;
import dev.firstresponder.oncall.OncallService.Refusal;
import dev.firstresponder.people.People;
import dev.firstresponder.slack.Commands;
import dev.firstresponder.slack.Modal;
import dev.firstresponder.slack.SlackText;
import dev.firstresponder.slack.SlackUsers;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code /oncall} subcommands: reading (everyone), changing the list (rota admins; a refusal is
 * an ephemeral answer and changes nothing), and opening the handover form.
 */
final class OncallCommands {
  /** A mention as Slack escapes it in slash commands: {@code <@U0123|alice>}. */
  private static final Pattern MENTION = Pattern.compile("<@([UW][A-Z0-9]+)(?:\\|[^>]*)?>");

  /** A change of the list: who asks, and the text after the subcommand; returns the answer. */
  @FunctionalInterface
  interface Change {
    String run(String by, String args) throws Refusal;
  }

  private final OncallSettings config;
  private final OncallService service;
  private final SlackUsers users;

  OncallCommands(OncallSettings config, OncallService service, SlackUsers users) {
    this.config = config;
    this.service = service;
    this.users = users;
  }

  // ---- reading --------------------------------------------------------------------------------

  Response onStatus(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    return ctx.ack(service.status());
  }

  Response onList(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    return ctx.ack(service.list());
  }

  Response onLog(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    int n = 5;
    if (!args.isBlank()) {
      try {
        n = Integer.parseInt(args.strip());
      } catch (NumberFormatException e) {
        return ctx.ack(
            "`"
                + SlackText.quote(args)
                + "` is not a number: use `/oncall log [n]`, e.g. `/oncall log 10`.");
      }
      if (n < 1 || n > 50) return ctx.ack("Show from 1 to 50 entries: `/oncall log 10`.");
    }
    return ctx.ack(service.log(n));
  }

  Response onHolidayList(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    return ctx.ack(service.holidays());
  }

  // ---- changing the list (rota admins) --------------------------------------------------------

  /** The handler of a change: the admin check, then the change, answered ephemerally. */
  Commands.Handler admin(Change change) {
    return (req, ctx, args) -> {
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
        return ctx.ack(change.run(by, args));
      } catch (Refusal r) {
        return ctx.ack(":warning: " + r.getMessage());
      }
    };
  }

  /** ONCALL_ADMINS, or the workspace admins and owners when it is unset. */
  boolean isRotaAdmin(String userId) {
    return config.admins().isEmpty()
        ? users.isAdminOrOwner(userId)
        : config.admins().contains(userId);
  }

  String add(String by, String args) {
    List<String> mentioned = mentions(args, 1, "/oncall add @user [github-login]");
    String rest = MENTION.matcher(args).replaceAll("").strip();
    String login = null;
    if (!rest.isEmpty()) {
      login =
          People.parseLogin(rest)
              .orElseThrow(
                  () ->
                      new Refusal(
                          "`"
                              + SlackText.quote(rest)
                              + "` is not a GitHub login: use `/oncall add @user github-login`."));
    }
    known(mentioned.get(0));
    return service.add(by, mentioned.get(0), login);
  }

  String remove(String by, String args) {
    return service.remove(by, mentions(args, 1, "/oncall remove @user").get(0));
  }

  String move(String by, String args) {
    String user = mentions(args, 1, "/oncall move @user <position>").get(0);
    String rest = MENTION.matcher(args).replaceAll("").strip();
    int position;
    try {
      position = Integer.parseInt(rest);
    } catch (NumberFormatException e) {
      throw new Refusal("Give the new position as a number: `/oncall move @user 2`.");
    }
    return service.move(by, user, position);
  }

  String swap(String by, String args) {
    List<String> two = mentions(args, 2, "/oncall swap @a @b");
    return service.swap(by, two.get(0), two.get(1));
  }

  String override(String by, String args) {
    String user = mentions(args, 1, "/oncall override @user <date>").get(0);
    known(user);
    LocalDate date =
        date(MENTION.matcher(args).replaceAll("").strip(), "/oncall override @user 2026-12-24");
    return service.override(by, user, date);
  }

  String holidayAdd(String by, String args) {
    String[] parts = args.strip().split("\\s+", 2);
    LocalDate date = date(parts[0], "/oncall holiday add 2026-12-24 [name]");
    String name = parts.length > 1 && !parts[1].isBlank() ? parts[1].strip() : null;
    return service.addHoliday(by, date, name);
  }

  String holidayRemove(String by, String args) {
    return service.removeHoliday(date(args.strip(), "/oncall holiday remove 2026-12-24"));
  }

  private static List<String> mentions(String args, int count, String usage) {
    List<String> ids = new ArrayList<>();
    Matcher m = MENTION.matcher(args);
    while (m.find()) ids.add(m.group(1));
    if (ids.size() != count) {
      throw new Refusal(
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
      throw new Refusal("I can't find " + SlackText.mention(userId) + " in this workspace.");
    if (user.get().isBot())
      throw new Refusal(SlackText.mention(userId) + " is a bot, not an engineer.");
  }

  private static LocalDate date(String text, String usage) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new Refusal(
          "`" + SlackText.quote(text) + "` is not a date: use ISO dates, `" + usage + "`.");
    }
  }

  // ---- handover -------------------------------------------------------------------------------

  /** {@code /oncall handover}: opens the handover form for the person on call or a rota admin. */
  Response onHandover(SlashCommandRequest req, SlashCommandContext ctx, String args)
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
}
