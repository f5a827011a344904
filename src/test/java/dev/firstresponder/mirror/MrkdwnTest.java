package dev.firstresponder.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The formatting table: Slack mrkdwn as the Events API delivers it in, GitHub Markdown out. */
class MrkdwnTest {
  private static final String Z = "\u200D";
  private static final Map<String, String> USERS =
      Map.of("U0ALICE01", "Alice Smith", "U0MALLORY", "@octocat");
  private static final Map<String, String> CHANNELS = Map.of("C0GENERAL", "general");
  private static final Mrkdwn.Names NAMES =
      new Mrkdwn.Names() {
        @Override
        public String user(String userId) {
          return USERS.get(userId);
        }

        @Override
        public String channel(String channelId) {
          return CHANNELS.get(channelId);
        }
      };

  static Stream<Arguments> table() {
    return Stream.of(
        // plain and emphasis
        Arguments.of("hello world", "hello world"),
        Arguments.of("*bold*", "**bold**"),
        Arguments.of("_italic_", "_italic_"),
        Arguments.of("~strike~", "~~strike~~"),
        Arguments.of("*bold _and italic_ inside*", "**bold _and italic_ inside**"),
        Arguments.of("a *b* and *c*.", "a **b** and **c**."),
        Arguments.of("snake_case_name", "snake\\_case\\_name"),
        Arguments.of("2*3*4 = 24", "2\\*3\\*4 = 24"),
        Arguments.of("* not bold *", "- not bold \\*"),
        Arguments.of("~/.config and ~user", "\\~/.config and \\~user"),
        // mentions, channels, broadcasts
        Arguments.of("<@U0ALICE01> can you look?", "@" + Z + "Alice Smith can you look?"),
        Arguments.of("<@U0NOBODY|bob> hi", "@" + Z + "bob hi"),
        Arguments.of("<@U0MALLORY>", "@" + Z + "octocat"),
        Arguments.of("see <#C0GENERAL> and <#C0OTHER01|ops-2>", "see #general and #ops-2"),
        Arguments.of("<#C0NUMBER|123abc>", "#" + Z + "123abc"),
        Arguments.of("<!here> deploying", "@" + Z + "here deploying"),
        Arguments.of("<!channel>", "@" + Z + "channel"),
        Arguments.of("<!subteam^S0123|@sre-team> ping", "@" + Z + "sre-team ping"),
        // links
        Arguments.of(
            "<https://example.com/a?b=1&amp;c=2|the docs>",
            "[the docs](https://example.com/a?b=1&c=2)"),
        Arguments.of("<https://example.com>", "[https://example.com](https://example.com)"),
        Arguments.of("<https://e.com/wiki/A_(b)|wiki>", "[wiki](https://e.com/wiki/A_%28b%29)"),
        Arguments.of(
            "<https://e.com|see ](javascript:x) [>", "[see \\](javascript:x) \\[](https://e.com)"),
        Arguments.of("<javascript:alert(1)|click>", "click"),
        Arguments.of(
            "<mailto:bob@example.com|bob@example.com>",
            "[bob@" + Z + "example.com](mailto:bob@example.com)"),
        Arguments.of("*<https://x.com|docs>*", "**[docs](https://x.com)**"),
        // code
        Arguments.of("`code *not bold* @octocat`", "`code *not bold* @octocat`"),
        Arguments.of("run `a &lt; b &amp;&amp; c`", "run `a < b && c`"),
        Arguments.of("```if (a &lt; b) { x = *p; }```", "```\nif (a < b) { x = *p; }\n```"),
        Arguments.of("```\nline1\n  line2\n```", "```\nline1\n  line2\n```"),
        Arguments.of("```has ``` inside?``` no", "```\nhas \n```\n inside?\\`\\`\\` no"),
        Arguments.of("```a `` b```", "```\na `` b\n```"),
        Arguments.of("```<https://x.com|x>```", "```\nx (https://x.com)\n```"),
        Arguments.of(
            "`&lt;!-- firstresponder:incident:1:issue --&gt;`",
            "`<!" + Z + "-- firstresponder:incident:1:issue -->`"),
        // quotes and lists
        Arguments.of("&gt; quoted\n&gt; *more*", "> quoted\n> **more**"),
        Arguments.of("• one\n• two\n    ◦ nested", "- one\n- two\n    - nested"),
        Arguments.of("1. first\n2. second", "1. first\n2. second"),
        Arguments.of("- dash item", "- dash item"),
        Arguments.of("    indented", "\u00A0\u00A0\u00A0\u00A0indented"),
        // what would act on GitHub
        Arguments.of(
            "fixes #12, closes acme/sre#3, GH-7",
            "fixes #" + Z + "12, closes acme/sre#" + Z + "3, GH" + Z + "-7"),
        Arguments.of("cc @octocat", "cc @" + Z + "octocat"),
        Arguments.of("&lt;img src=x onerror=alert(1)&gt;", "&lt;img src=x onerror=alert(1)&gt;"),
        Arguments.of(
            "&lt;!-- firstresponder:incident:1:issue --&gt;",
            "&lt;!-- firstresponder:incident:1:issue --&gt;"),
        Arguments.of("# not a heading", "\\# not a heading"),
        Arguments.of("---", "\\---"),
        Arguments.of("[x](https://evil.example)", "\\[x\\](https://evil.example)"),
        Arguments.of("a &amp; b", "a &amp; b"),
        Arguments.of("\uE0000\uE001 forged placeholder", "\uFFFD0\uFFFD forged placeholder"),
        Arguments.of("emoji :fire: stays", "emoji :fire: stays"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("table")
  void mrkdwnBecomesInertGitHubMarkdown(String mrkdwn, String markdown) {
    assertThat(Mrkdwn.toMarkdown(mrkdwn, NAMES)).isEqualTo(markdown);
  }

  @Test
  void nothingTypedCanFormAHiddenMarkerOrHtml() {
    String nasty =
        "<!-- firstresponder:x --> ```<!-- firstresponder:y -->``` `<script>` &lt;script&gt;";

    String out = Mrkdwn.toMarkdown(nasty, NAMES);

    assertThat(out).doesNotContain("<!--").doesNotContain("<script>");
  }

  @Test
  void emptyTextIsEmpty() {
    assertThat(Mrkdwn.toMarkdown("", NAMES)).isEmpty();
    assertThat(Mrkdwn.toMarkdown(null, NAMES)).isEmpty();
  }

  @Test
  void aMessageOfThousandsOfEmphasisSpansConvertsInFull() {
    String message = "*a* ".repeat(10_000); // 40,000 characters, Slack's longest message

    String out = Mrkdwn.toMarkdown(message, NAMES);

    assertThat(out).isEqualTo(("**a** ".repeat(10_000)).strip());
  }

  @Test
  void aMessageThatCannotBeConvertedIsMirroredAsPlainInertText() {
    Mrkdwn.Names failing =
        new Mrkdwn.Names() {
          @Override
          public String user(String userId) {
            throw new IllegalStateException("the user directory broke");
          }

          @Override
          public String channel(String channelId) {
            return null;
          }
        };

    String out =
        Mrkdwn.toMarkdown("*rolled back* for <@U0ALICE01>, fixes #12 &lt;!-- x --&gt;", failing);

    assertThat(out)
        .isEqualTo(
            "\\*rolled back\\* for &lt;@"
                + Z
                + "U0ALICE01&gt;, fixes #"
                + Z
                + "12 &lt;!-- x --&gt;");
  }
}
