package dev.firstresponder.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import dev.firstresponder.LogText;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes {@code /incident …} and {@code /oncall …} to the feature that owns each subcommand, and
 * answers {@code help} (and anything unknown) with the list of every subcommand. Features register
 * here instead of with Bolt directly, since Bolt takes one handler per slash command.
 */
public final class Commands {
  private static final Logger log = LoggerFactory.getLogger(Commands.class);

  /** Handles a subcommand; {@code args} is the text after the subcommand's words. */
  @FunctionalInterface
  public interface Handler {
    Response handle(SlashCommandRequest request, SlashCommandContext context, String args)
        throws Exception;
  }

  private record Subcommand(String words, String usage, String description, Handler handler) {}

  /** Per command: the subcommands in the order registered, plus the bare command's handler. */
  private final Map<String, List<Subcommand>> commands = new LinkedHashMap<>();

  private final Map<String, Subcommand> bare = new LinkedHashMap<>();

  /**
   * @param words the subcommand, e.g. {@code "upgrade done"}; lower case
   * @param usage the arguments shown in help, e.g. {@code "<github-login>"}, or ""
   */
  public void subcommand(
      String command, String words, String usage, String description, Handler handler) {
    List<Subcommand> list = commands.computeIfAbsent(command, c -> new ArrayList<>());
    for (Subcommand s : list) {
      if (s.words().equals(words))
        throw new IllegalStateException(command + " " + words + " registered twice");
    }
    list.add(new Subcommand(words, usage, description, handler));
  }

  /**
   * The bare command ({@code /incident}) and any text that is not a subcommand ({@code /incident
   * grafana is down}); {@code args} is the whole text.
   */
  public void bare(String command, String usage, String description, Handler handler) {
    commands.computeIfAbsent(command, c -> new ArrayList<>());
    bare.put(command, new Subcommand("", usage, description, handler));
  }

  /** Makes the command answer (with help) even before any feature adds a subcommand. */
  public void declare(String command) {
    commands.computeIfAbsent(command, c -> new ArrayList<>());
  }

  public void register(App app) {
    for (String command : commands.keySet()) {
      app.command(
          command,
          (req, ctx) -> {
            try {
              return dispatch(command, req, ctx);
            } catch (InterruptedIOException e) {
              // A Slack call hit its interactive deadline (SlackApi): answer before Slack's 3 s run
              // out.
              log.warn(
                  "{} {}: Slack did not answer in time: {}",
                  command,
                  LogText.safe(req.getPayload().getText()),
                  e.toString());
              return ctx.ack(
                  ":hourglass: Slack took too long to answer, so I could not finish that. Please try again.");
            } catch (Exception e) {
              log.error(
                  "{} {} failed: {}",
                  command,
                  LogText.safe(req.getPayload().getText()),
                  LogText.safe(e.toString()),
                  e);
              return ctx.ack(
                  ":x: Something went wrong handling that command; it has been logged. Please try again.");
            }
          });
    }
  }

  private Response dispatch(String command, SlashCommandRequest req, SlashCommandContext ctx)
      throws Exception {
    String text = req.getPayload().getText() == null ? "" : req.getPayload().getText().strip();
    Route route = route(command, text);
    if (route.handler() != null) return route.handler().handle(req, ctx, route.args());
    String unknown =
        route.args().isEmpty()
            ? ""
            : "I don't know `" + command + " " + SlackText.quote(firstWord(text)) + "`.\n";
    return ctx.ack(unknown + help(command));
  }

  /**
   * What the text after a command asks for: a subcommand ({@code words}, e.g. {@code "upgrade
   * done"}), the bare command ({@code ""}), or nothing known ({@code null}, answered with the
   * help). {@code args} is the text after the subcommand's words (the whole text for the bare
   * command and for unknown text; empty for {@code help}).
   */
  record Route(String words, String args, Handler handler) {}

  /** The longest registered subcommand the text starts with, case-insensitively, as whole words. */
  Route route(String command, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.equals("help") || lower.equals("-h") || lower.equals("--help") || lower.equals("?")) {
      return new Route(null, "", null);
    }
    Subcommand best = null;
    for (Subcommand s : commands.getOrDefault(command, List.of())) {
      if ((lower.equals(s.words()) || lower.startsWith(s.words() + " "))
          && (best == null || s.words().length() > best.words().length())) {
        best = s;
      }
    }
    if (best != null) {
      return new Route(best.words(), text.substring(best.words().length()).strip(), best.handler());
    }
    Subcommand fallback = bare.get(command);
    if (fallback != null && (text.isEmpty() || !fallback.usage().isEmpty())) {
      return new Route("", text, fallback.handler());
    }
    return new Route(null, text, null);
  }

  private static String firstWord(String text) {
    return Arrays.stream(text.split("\\s+")).findFirst().orElse("");
  }

  private final Map<String, String> helpTexts = new ConcurrentHashMap<>();

  /** Every subcommand of the command, one per line (built once; registration is over by then). */
  public String help(String command) {
    return helpTexts.computeIfAbsent(command, this::buildHelp);
  }

  private String buildHelp(String command) {
    StringBuilder out = new StringBuilder("*" + command + "* commands:\n");
    Subcommand b = bare.get(command);
    if (b != null) out.append(line(command, "", b.usage(), b.description()));
    for (Subcommand s : commands.getOrDefault(command, List.of())) {
      out.append(line(command, s.words(), s.usage(), s.description()));
    }
    out.append(line(command, "help", "", "this list"));
    return out.toString();
  }

  private static String line(String command, String words, String usage, String description) {
    String call = (command + " " + words + " " + usage).replaceAll("\\s+", " ").strip();
    return "• `" + call + "` — " + description + "\n";
  }
}
