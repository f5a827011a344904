package dev.firstresponder.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GitHub comments as Slack text: readable, inert, and cheap whatever a stranger writes. */
class GitHubToSlackTest {
  /**
   * Far above the milliseconds a linear rendering takes, far below the 5 to 25 seconds that
   * backtracking patterns took on these inputs.
   */
  static final Duration GENEROUS = Duration.ofSeconds(2);

  static GitHubToSlack.Comment comment(String body) {
    return new GitHubToSlack.Comment(
        1, 7, "mallory", "User", body, "https://github.example/acme/sre/issues/7#issuecomment-1");
  }

  static String repeated(String unit, int length) {
    return unit.repeat(length / unit.length());
  }

  @Test
  void aCommentReadsWellAndActsOnNothingInSlack() {
    String text =
        GitHubToSlack.slackText(
            comment(
                "**Root cause** found, ~~maybe~~ see [PR](https://github.example/acme/app/pull/9)"
                    + " <!channel> <@U0ALICE01> <!-- hidden --> done"));

    assertThat(text)
        .isEqualTo(
            ":speech_balloon: *mallory* on GitHub"
                + " (<https://github.example/acme/sre/issues/7#issuecomment-1|#7>):\n"
                + "*Root cause* found, ~maybe~ see <https://github.example/acme/app/pull/9|PR>"
                + " @channel @U0ALICE01  done");
  }

  @Test
  void anUnclosedHiddenCommentStaysVisibleText() {
    assertThat(GitHubToSlack.slackText(comment("a <!-- b"))).endsWith("a &lt;!-- b");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"<!--", "<http:", "<!x|", "[a](http://", "**a ", "~~a "})
  void aHostileCommentOfGitHubsMaximumLengthRendersInLinearTime(String unit) {
    String body = repeated(unit, 65_536);

    String text = assertTimeoutPreemptively(GENEROUS, () -> GitHubToSlack.slackText(comment(body)));

    assertThat(text).startsWith(":speech_balloon: *mallory* on GitHub").hasSizeLessThan(3_700);
  }

  @Test
  void aBodyLongerThanGitHubAllowsIsCutBeforeAnyPatternSeesIt() {
    String body = repeated("<http:", 4 * 1024 * 1024);

    String text = assertTimeoutPreemptively(GENEROUS, () -> GitHubToSlack.slackText(comment(body)));

    assertThat(text).startsWith(":speech_balloon: *mallory* on GitHub");
  }
}
