package dev.firstresponder.people;

import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import dev.firstresponder.slack.Commands;
import dev.firstresponder.slack.SlackText;
import java.util.Optional;

/**
 * {@code /incident link <github-login>}: someone records their own GitHub login, used by every
 * feature that assigns or names people on GitHub.
 */
public final class LinkCommand {
  private final People people;

  public LinkCommand(People people) {
    this.people = people;
  }

  public void register(Commands commands) {
    commands.subcommand(
        "/incident",
        "link",
        "<github-login>",
        "record your GitHub login (for issue assignment)",
        this::onLink);
  }

  private Response onLink(SlashCommandRequest req, SlashCommandContext ctx, String args) {
    Optional<String> login = People.parseLogin(args);
    if (login.isEmpty()) {
      return ctx.ack(
          "Usage: `/incident link <github-login>`, e.g. `/incident link octocat`."
              + (args.isBlank() ? "" : " `" + SlackText.quote(args) + "` is not a GitHub login."));
    }
    people.link(req.getPayload().getUserId(), login.get());
    return ctx.ack(
        ":link: Linked you to GitHub `"
            + login.get()
            + "`. You will be assigned to the issues of incidents you run.");
  }
}
