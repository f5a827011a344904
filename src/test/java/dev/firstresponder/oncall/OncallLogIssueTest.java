package dev.firstresponder.oncall;

import static dev.firstresponder.oncall.OncallTesting.ADMIN;
import static dev.firstresponder.oncall.OncallTesting.ALICE;
import static dev.firstresponder.oncall.OncallTesting.BOB;
import static dev.firstresponder.oncall.OncallTesting.CAROL;
import static dev.firstresponder.oncall.OncallTesting.DAVE;
import static dev.firstresponder.oncall.OncallTesting.channel;
import static dev.firstresponder.oncall.OncallTesting.drain;
import static dev.firstresponder.oncall.OncallTesting.last;
import static dev.firstresponder.oncall.OncallTesting.mention;
import static dev.firstresponder.oncall.OncallTesting.oncall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeGitHub;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GitHub on-call log issue's checklist follows every change of the list, not only handovers.
 */
class OncallLogIssueTest extends ShiftScenario {

  /** The checklist lines of the log issue's body, in order. */
  private static List<String> checklist(FakeGitHub.Issue issue) {
    return issue
        .body
        .lines()
        .filter(l -> l.startsWith("- ["))
        .map(l -> l.replace(" — **on call now**", " (on call)").replace(" — next", " (next)"))
        .toList();
  }

  private FakeGitHub.Issue logIssue() {
    return t.github.awaitIssue(i -> i.title.equals("On-call log"));
  }

  private int bodyWrites() {
    return t.github.requests("PATCH", "/repos/acme/sre/issues/\\d+").size();
  }

  private void addWithLogin(String user, String login) throws Exception {
    assertThat(oncall(t, "add " + mention(user) + " " + login, ADMIN)).startsWith("Added");
  }

  @Test
  void addMoveSwapAndRemoveRewriteTheChecklistAtOnce() throws Exception {
    start(true);
    addWithLogin(ALICE, "alice-gh");
    addWithLogin(BOB, "bob-gh");
    addWithLogin(CAROL, "carol-gh");
    drain(t);
    assertThat(t.github.issues()).hasSize(1);
    assertThat(checklist(logIssue()))
        .containsExactly("- [x] alice-gh (on call)", "- [ ] bob-gh (next)", "- [ ] carol-gh");

    assertThat(oncall(t, "move " + mention(CAROL) + " 1", ADMIN)).contains("Moved");
    drain(t);
    assertThat(checklist(logIssue()))
        .containsExactly("- [ ] carol-gh (next)", "- [x] alice-gh (on call)", "- [ ] bob-gh");

    // The same command again (a retried request) changes nothing and writes nothing.
    int writes = bodyWrites();
    assertThat(oncall(t, "move " + mention(CAROL) + " 1", ADMIN)).contains("Moved");
    drain(t);
    assertThat(bodyWrites()).isEqualTo(writes);

    assertThat(oncall(t, "swap " + mention(CAROL) + " " + mention(BOB), ADMIN)).contains("Swapped");
    drain(t);
    assertThat(checklist(logIssue()))
        .containsExactly("- [ ] bob-gh (next)", "- [x] alice-gh (on call)", "- [ ] carol-gh");

    assertThat(oncall(t, "remove " + mention(BOB), ADMIN)).contains("Removed");
    drain(t);
    assertThat(checklist(logIssue()))
        .containsExactly("- [x] alice-gh (on call)", "- [ ] carol-gh (next)");

    // An override of the next shift changes who the checklist marks as next.
    assertThat(oncall(t, "override " + mention(DAVE) + " 2027-03-25", ADMIN))
        .contains("takes the shift");
    drain(t);
    assertThat(checklist(logIssue())).containsExactly("- [x] alice-gh (on call)", "- [ ] carol-gh");
    assertThat(logIssue().body)
        .contains("Next (taking one shift): Slack user " + DAVE)
        .doesNotContain("Slack user " + BOB);
    assertThat(t.github.issues()).hasSize(1);
  }

  @Test
  void removingTheLastWithoutATurnStartsAnAnnouncedRoundInTheChecklist() throws Exception {
    start(true);
    addWithLogin(ALICE, "alice-gh");
    addWithLogin(BOB, "bob-gh");
    addWithLogin(CAROL, "carol-gh");
    fire(THU); // Bob; Carol is the only one left without a turn

    assertThat(oncall(t, "remove " + mention(CAROL), ADMIN)).contains("Removed");
    drain(t);

    assertThat(last(channel(t))).contains("Order of round 2").doesNotContain("1. <@" + BOB + ">");
    FakeGitHub.Issue issue = logIssue();
    assertThat(issue.body).contains("Round 2").doesNotContain("carol-gh");
    assertThat(checklist(issue))
        .containsExactlyInAnyOrder("- [ ] alice-gh (next)", "- [ ] bob-gh (on call)");
    assertThat(oncall(t, "list", ALICE)).contains("round 2");
  }

  @Test
  void editsWhileGitHubIsDownEndWithTheNewestChecklist() throws Exception {
    start(true);
    addWithLogin(ALICE, "alice-gh");
    addWithLogin(BOB, "bob-gh");
    drain(t);
    assertThat(checklist(logIssue()))
        .containsExactly("- [x] alice-gh (on call)", "- [ ] bob-gh (next)");

    t.github.down();
    assertThat(oncall(t, "add " + mention(CAROL) + " carol-gh", ADMIN)).startsWith("Added");
    assertThat(oncall(t, "move " + mention(CAROL) + " 1", ADMIN)).contains("Moved");
    // The failed attempt is recorded before GitHub comes back, so its retry is due at the advanced
    // clock.
    Await.until(
        () ->
            t.app.outbox().stream(OncallLog.GITHUB_STREAM).stream()
                .anyMatch(e -> e.state().equals("pending") && e.attempts() > 0),
        "a failed attempt while GitHub is down");
    assertThat(checklist(logIssue()))
        .containsExactly("- [x] alice-gh (on call)", "- [ ] bob-gh (next)");

    t.github.up();
    clock.advance(Duration.ofSeconds(2)); // the retry is due
    drain(t);

    assertThat(checklist(logIssue()))
        .containsExactly("- [ ] carol-gh (next)", "- [x] alice-gh (on call)", "- [ ] bob-gh");
    assertThat(t.github.issues()).hasSize(1);
  }
}
