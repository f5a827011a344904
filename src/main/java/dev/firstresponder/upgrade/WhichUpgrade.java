package dev.firstresponder.upgrade;

import dev.firstresponder.slack.SlackText;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which upgrade a command means when several may be open: an explicit id ({@code done 3}), the one
 * that belongs to the channel, the only one, or a question listing them.
 */
final class WhichUpgrade {
  private static final Pattern LEADING_ID =
      Pattern.compile("#?(\\d{1,9})(?:\\s+(.*))?", Pattern.DOTALL);

  private final UpgradeService service;

  WhichUpgrade(UpgradeService service) {
    this.service = service;
  }

  /**
   * The upgrade a command is about, the text after its id, or why there is none, or the choices.
   */
  record Answer(
      Upgrade upgrade, String rest, boolean explicit, String problem, List<Upgrade> choices) {}

  /**
   * An explicit id first; else the upgrade whose notice or reminder was posted in this channel;
   * else the only open one; else ask.
   */
  Answer of(String channel, String user, String args) {
    String text = args == null ? "" : args.strip();
    Matcher m = LEADING_ID.matcher(text);
    if (m.matches()) {
      long id = Long.parseLong(m.group(1));
      Optional<Upgrade> u = service.find(id);
      if (u.isPresent()) {
        if (!u.get().status().open()) {
          return new Answer(
              null,
              null,
              true,
              "Upgrade #" + id + " is already " + u.get().status().id() + ".",
              null);
        }
        return new Answer(u.get(), m.group(2) == null ? "" : m.group(2).strip(), true, null, null);
      }
    }
    List<Upgrade> open = service.open();
    if (open.isEmpty())
      return new Answer(null, null, false, "No upgrade is planned or running.", null);
    List<Upgrade> here = service.openHere(channel, user);
    if (here.size() == 1) return new Answer(here.get(0), text, false, null, null);
    if (here.size() > 1) return new Answer(null, null, false, null, here);
    if (open.size() == 1) return new Answer(open.get(0), text, false, null, null);
    return new Answer(null, null, false, null, open);
  }

  static String askWhich(String verb, String usage, List<Upgrade> choices) {
    return "Several upgrades are open; say which: `/incident upgrade "
        + verb
        + " <id>"
        + (usage.isEmpty() ? "" : " " + usage)
        + "`\n"
        + SlackText.lines(
            choices.stream().map(u -> "• " + UpgradeViews.describe(u)).toList(),
            SlackText.LIST_LENGTH);
  }
}
