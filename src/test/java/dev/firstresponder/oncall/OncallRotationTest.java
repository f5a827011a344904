package dev.firstresponder.oncall;

import static dev.firstresponder.oncall.OncallTesting.ADMIN;
import static dev.firstresponder.oncall.OncallTesting.ALICE;
import static dev.firstresponder.oncall.OncallTesting.BOB;
import static dev.firstresponder.oncall.OncallTesting.CAROL;
import static dev.firstresponder.oncall.OncallTesting.DAVE;
import static dev.firstresponder.oncall.OncallTesting.GROUP;
import static dev.firstresponder.oncall.OncallTesting.channel;
import static dev.firstresponder.oncall.OncallTesting.dms;
import static dev.firstresponder.oncall.OncallTesting.drain;
import static dev.firstresponder.oncall.OncallTesting.handovers;
import static dev.firstresponder.oncall.OncallTesting.last;
import static dev.firstresponder.oncall.OncallTesting.mention;
import static dev.firstresponder.oncall.OncallTesting.oncall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.testing.FakeGitHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shift starts across a week with DST and a holiday, duplicate firings, restarts and downtime. */
class OncallRotationTest extends ShiftScenario {
  @Test
  void aWeekOfRotationsAcrossDstAndAHolidayHandsOverOncePerWorkingDay() throws Exception {
    start(true);
    assertThat(oncall(t, "add " + mention(ALICE) + " alice-gh", ADMIN)).contains("on call now");
    addAll(BOB, CAROL);
    assertThat(oncall(t, "holiday add 2027-03-29 Easter Monday", ADMIN)).contains("Holiday added");

    // Thursday: Bob takes over from Alice.
    fire(THU);
    drain(t);
    assertThat(last(channel(t)))
        .contains("On call today, Thu 25 Mar 2027: <@" + BOB + ">")
        .contains("taking over from <@" + ALICE + ">")
        .contains("first responder")
        .contains("on-call log")
        .contains("mailing list")
        .contains("runbook")
        .contains("Next: <@" + CAROL + "> (Fri 26 Mar 2027 09:00 Europe/Berlin)");
    assertThat(last(dms(t, BOB))).contains("You are on call today, Thu 25 Mar 2027");
    assertThat(last(dms(t, CAROL)))
        .contains("Heads-up")
        .contains("Fri 26 Mar 2027 09:00 Europe/Berlin");
    assertThat(t.slack.usergroupMembers(GROUP)).containsExactly(BOB);
    int posts = t.slack.allMessages().size();

    // A duplicate firing and a restart in the middle of the day hand over nothing.
    fire(THU);
    clock.set(Instant.parse("2027-03-25T12:00:00Z"));
    t = t.restart();
    drain(t);
    assertThat(t.slack.allMessages()).hasSize(posts);
    assertThat(handovers(t)).isEqualTo(1);

    // Friday: Carol, the last of the round: the list is reshuffled and announced.
    fire(FRI);
    drain(t);
    List<String> ch = channel(t);
    assertThat(ch.get(ch.size() - 2)).contains("On call today, Fri 26 Mar 2027: <@" + CAROL + ">");
    String order = last(ch);
    assertThat(order)
        .contains("Order of round 2")
        .contains(ALICE)
        .contains(BOB)
        .contains(CAROL)
        .doesNotContain("1. <@" + CAROL + ">");
    String firstOfRound2 = order.contains("1. <@" + ALICE + ">") ? ALICE : BOB;
    assertThat(oncall(t, "", BOB))
        .contains("On call now: <@" + CAROL + ">")
        .contains(
            "Next: <@"
                + firstOfRound2
                + ">, at the next handover Tue 30 Mar 2027 09:00 Europe/Berlin");

    // Easter Monday (after the DST change): a short note, no handover.
    fire(MON);
    drain(t);
    assertThat(last(channel(t)))
        .contains("Mon 29 Mar 2027 is a holiday (Easter Monday)")
        .contains("no on-call handover");
    assertThat(handovers(t)).isEqualTo(2);

    // Tuesday 09:00 CEST: the first of the new round, never Carol twice in a row.
    fire(TUE);
    drain(t);
    assertThat(last(channel(t)))
        .contains("On call today, Tue 30 Mar 2027: <@" + firstOfRound2 + ">");
    assertThat(t.slack.usergroupMembers(GROUP)).containsExactly(firstOfRound2);
    assertThat(oncall(t, "log", BOB))
        .contains("(scheduled)")
        .contains("<@" + CAROL + "> → <@" + firstOfRound2 + ">");
    assertThat(handovers(t)).isEqualTo(3);

    // The on-call log issue: created once, its checklist moved, one comment per handover.
    FakeGitHub.Issue issue =
        t.github.awaitIssue(i -> i.title.equals("On-call log") && i.comments.size() == 3);
    assertThat(t.github.issues()).hasSize(1);
    assertThat(issue.body)
        .contains("alice-gh")
        .contains("- [x]")
        .contains("on call now")
        .contains("Round 2");
    assertThat(issue.comments.get(0).body).contains("Slack user " + BOB).contains("scheduled");
  }

  @Test
  void afterDowntimeTheRotaCatchesUpOnceNotOncePerMissedDay() throws Exception {
    start(false);
    addAll(ALICE, BOB, CAROL, DAVE);
    fire(THU);
    drain(t);
    int posts = channel(t).size();

    // Down from Thursday noon until Tuesday 10:00: Friday, Monday and Tuesday were missed.
    clock.set(Instant.parse("2027-03-30T08:00:00Z"));
    t = t.restart();
    drain(t);
    assertThat(channel(t)).hasSize(posts + 1);
    assertThat(last(channel(t)))
        .contains("On call today, Tue 30 Mar 2027: <@" + CAROL + ">")
        .contains("Catch-up")
        .contains("3 handovers were");
    assertThat(dms(t, CAROL)).filteredOn(m -> m.contains("You are on call today")).hasSize(1);
    assertThat(handovers(t)).isEqualTo(2);

    // Another restart, and the late-delivered Tuesday firing, change nothing.
    t = t.restart();
    t.app.oncall().startShift(TUE);
    t.app.oncall().startShift(FRI);
    drain(t);
    assertThat(channel(t)).hasSize(posts + 1);
    assertThat(handovers(t)).isEqualTo(2);

    fire(WED);
    drain(t);
    assertThat(shift()).contains("On call today, Wed 31 Mar 2027: <@" + DAVE + ">");
  }

  @Test
  void aGivenLogIssueGetsTheChecklistAndOneCommentPerHandover() throws Exception {
    clock.set(Instant.parse("2027-03-24T11:00:00Z"));
    t = apps.start(Map.of("ONCALL_TIMEZONE", "Europe/Berlin", "ONCALL_LOG_ISSUE", "1"), clock);
    OncallTesting.people(t.slack);
    // The team's existing on-call log issue, #1.
    var created =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(t.github.url() + "/repos/acme/sre/issues"))
                    .header("Authorization", "token ghp_human")
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"title\":\"Our on-call log\",\"body\":\"old\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    addAll(ALICE, BOB);

    fire(THU);
    fire(FRI);
    drain(t);

    FakeGitHub.Issue issue = t.github.issue(1);
    assertThat(t.github.issues()).hasSize(1);
    assertThat(issue.comments).hasSize(2);
    assertThat(issue.body)
        .contains("Slack user " + ALICE)
        .contains("on call now")
        .contains("- [ ]");
  }
}
