package dev.firstresponder.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.github.GitHubText;
import org.junit.jupiter.api.Test;

class SlackTextTest {
  @Test
  void broadcastsMentionsAndControlCharactersBecomeText() {
    assertThat(SlackText.escape("<!channel> db down")).isEqualTo("@channel db down");
    assertThat(SlackText.escape("ping <!here|here> and <!subteam^S0123|@sre>"))
        .isEqualTo("ping @here and @sre");
    assertThat(SlackText.escape("ask <@U0ALICE01|alice>")).isEqualTo("ask @alice");
    assertThat(SlackText.escape("see <#C0123|ops>")).isEqualTo("see #ops");
    assertThat(SlackText.escape("a < b && c > d")).isEqualTo("a &lt; b &amp;&amp; c &gt; d");
    assertThat(SlackText.escape("<https://evil.example|click>"))
        .isEqualTo("click (https://evil.example)");
  }

  @Test
  void githubTextCannotMentionLinkCloseOrHide() {
    String inert =
        GitHubText.inert(
            "fixes #12, cc @octocat, closes acme/sre#3 <!-- firstresponder:x --> <b>x</b>");

    assertThat(inert)
        .doesNotContain("#12")
        .doesNotContain("@octocat")
        .doesNotContain("sre#3")
        .doesNotContain("<!--")
        .doesNotContain("<b>")
        .contains("fixes #\u200D12")
        .contains("@\u200Doctocat");
    assertThat(GitHubText.inertTitle("db & cache down #4")).isEqualTo("db & cache down #\u200D4");
  }

  @Test
  void inputQuotedBackIsShortEscapedAndCannotCloseItsCodeSpan() {
    assertThat(SlackText.quote("<!channel> `x`")).isEqualTo("@channel 'x'");
    String quoted = SlackText.quote("&".repeat(40_000));
    assertThat(quoted).startsWith("&amp;&amp;").endsWith("…");
    assertThat(quoted.length()).isLessThanOrEqualTo(5 * SlackText.QUOTE_LENGTH);
  }

  @Test
  void aLongListShowsWhatFitsAndSaysHowManyMore() {
    java.util.List<String> lines = java.util.List.of("• one", "• two", "• three", "• four");
    assertThat(SlackText.lines(lines, 100)).isEqualTo("• one\n• two\n• three\n• four");
    assertThat(SlackText.lines(lines, 40)).isEqualTo("• one\n…and 3 more");
    assertThat(SlackText.lines(lines, 48)).isEqualTo("• one\n• two\n…and 2 more");

    String huge = "x".repeat(100);
    assertThat(SlackText.lines(java.util.List.of(huge, "• two"), 60))
        .hasSizeLessThanOrEqualTo(60)
        .endsWith("…\n…and 1 more");
    assertThat(SlackText.lines(java.util.List.of(huge), 60)).hasSize(30).endsWith("…");
  }
}
