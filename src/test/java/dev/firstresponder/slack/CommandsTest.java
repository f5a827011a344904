package dev.firstresponder.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the text after {@code /incident} and {@code /oncall} finds its subcommand. */
class CommandsTest {
  final Commands commands = new Commands();
  final Commands.Handler handler = (req, ctx, args) -> null;

  @BeforeEach
  void register() {
    commands.bare("/incident", "[short message]", "declare an incident", handler);
    commands.subcommand("/incident", "update", "", "post a status update", handler);
    commands.subcommand("/incident", "upgrade", "", "plan an upgrade", handler);
    commands.subcommand("/incident", "upgrade done", "[id] [effects]", "complete it", handler);
    commands.subcommand("/incident", "upgrade update", "[id] <text>", "record an update", handler);
    commands.bare("/oncall", "", "who is on call", handler);
    commands.subcommand(
        "/oncall", "holiday add", "<date> [name]", "a day without handover", handler);
  }

  Commands.Route route(String command, String text) {
    return commands.route(command, text);
  }

  void assertRoute(String command, String text, String words, String args) {
    Commands.Route r = route(command, text);
    assertThat(r.words()).as("the subcommand of %s", text).isEqualTo(words);
    assertThat(r.args()).as("the arguments of %s", text).isEqualTo(args);
    assertThat(r.handler()).isNotNull();
  }

  @Test
  void theLongestSubcommandWinsAndItsArgumentsAreTheRest() {
    assertRoute("/incident", "upgrade done 3 the graphs lag", "upgrade done", "3 the graphs lag");
    assertRoute("/incident", "upgrade", "upgrade", "");
    assertRoute(
        "/incident", "upgrade update #2 nodes drained", "upgrade update", "#2 nodes drained");
    assertRoute("/incident", "update", "update", "");
  }

  @Test
  void wordsMatchWholeAndInAnyCaseWhileArgumentsKeepTheirCase() {
    assertRoute("/incident", "Upgrade DONE Lingering Effects", "upgrade done", "Lingering Effects");
    // "updates" is not "update": with a usage, the bare command takes the whole text.
    assertRoute("/incident", "updates are slow", "", "updates are slow");
    assertRoute(
        "/oncall", "holiday add 2026-12-24 Christmas", "holiday add", "2026-12-24 Christmas");
  }

  @Test
  void helpAndUnknownTextFindNoHandler() {
    for (String help : new String[] {"help", "HELP", "-h", "--help", "?"}) {
      Commands.Route r = route("/incident", help);
      assertThat(r.handler()).as(help).isNull();
      assertThat(r.args()).as(help).isEmpty();
    }
    // A bare command without a usage takes no text: anything else is unknown.
    Commands.Route unknown = route("/oncall", "frobnicate now");
    assertThat(unknown.words()).isNull();
    assertThat(unknown.args()).isEqualTo("frobnicate now");
    assertThat(route("/oncall", "").words()).isEmpty();
    assertThat(route("/nothing", "help").handler()).isNull();
  }

  @Test
  void theHelpListsEverySubcommandInTheOrderRegistered() {
    String help = commands.help("/incident");

    assertThat(help)
        .startsWith("*/incident* commands:\n• `/incident [short message]` — declare an incident\n")
        .contains("• `/incident upgrade done [id] [effects]` — complete it\n")
        .endsWith("• `/incident help` — this list\n");
    assertThat(help.indexOf("upgrade done")).isLessThan(help.indexOf("upgrade update"));
  }

  @Test
  void aSubcommandCannotBeRegisteredTwice() {
    assertThatThrownBy(() -> commands.subcommand("/incident", "update", "", "again", handler))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/incident update");
  }
}
