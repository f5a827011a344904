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

import dev.firstresponder.testing.SlackPayloads;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Handovers during a shift (the modal, removal) and overrides: the next firing only announces. */
class OncallHandoverTest extends ShiftScenario {
  @Test
  void aHandoverDuringTheShiftIsTheNextShiftsHandoverWhoseFiringOnlyAnnounces() throws Exception {
    start(false);
    addAll(ALICE, BOB, CAROL);

    // Bob is not on call and not an admin: refused.
    assertThat(oncall(t, "handover", BOB)).contains("Only the person on call");
    assertThat(t.slack.calls("views.open")).isEmpty();

    assertThat(oncall(t, "handover", ALICE)).isEmpty();
    var open = t.slack.awaitCall("views.open");
    assertThat(open.json("view").get("callback_id").getAsString()).isEqualTo("oncall.handover");
    String submission =
        SlackPayloads.viewSubmission(
            "oncall.handover",
            ALICE,
            "V0HANDOVER",
            ALICE,
            Map.of(
                "oncall.handover.notes",
                    SlackPayloads.text("oncall.handover.notes", "Answered 3 questions <!channel>"),
                "oncall.handover.open",
                    SlackPayloads.text("oncall.handover.open", "grafana disk at 80%")));
    assertThat(t.interaction(submission).statusCode()).isEqualTo(200);
    assertThat(t.interaction(submission).statusCode())
        .isEqualTo(200); // Slack retried the submission
    drain(t);
    assertThat(handovers(t)).isEqualTo(1);
    assertThat(last(channel(t)))
        .contains("<@" + ALICE + "> handed over to <@" + BOB + ">")
        .contains("Answered 3 questions")
        .contains("grafana disk at 80%")
        .doesNotContain("<!channel>");
    assertThat(last(dms(t, BOB))).contains("handed over to you").contains("grafana disk at 80%");
    assertThat(t.slack.usergroupMembers(GROUP)).containsExactly(BOB);

    // Thursday's firing only announces Bob; a duplicate of it does nothing.
    fire(THU);
    fire(THU);
    drain(t);
    assertThat(last(channel(t)))
        .contains("On call today, Thu 25 Mar 2027: <@" + BOB + ">")
        .contains("handed over early by <@" + ALICE + ">");
    assertThat(channel(t)).filteredOn(m -> m.contains("On call today")).hasSize(1);
    assertThat(handovers(t)).isEqualTo(1);
    assertThat(oncall(t, "", ALICE)).contains("On call now: <@" + BOB + ">");

    // Friday moves on as usual.
    fire(FRI);
    drain(t);
    assertThat(shift()).contains("On call today, Fri 26 Mar 2027: <@" + CAROL + ">");
    assertThat(oncall(t, "log 2", ALICE))
        .contains("(manual): Answered 3 questions")
        .contains("(scheduled)");
  }

  @Test
  void aStaleHandoverFormIsRefusedInline() throws Exception {
    start(false);
    addAll(ALICE, BOB, CAROL);
    fire(THU); // Bob now; Alice's form opened yesterday
    String submission =
        SlackPayloads.viewSubmission(
            "oncall.handover",
            ALICE,
            "V0STALE01",
            ALICE,
            Map.of(
                "oncall.handover.notes", SlackPayloads.text("oncall.handover.notes", "quiet day")));

    var r = t.interaction(submission);

    assertThat(r.body()).contains("errors").contains("moved on");
    assertThat(handovers(t)).isEqualTo(1);
  }

  @Test
  void removingThePersonOnCallHandsOverToTheNextAtOnce() throws Exception {
    start(false);
    addAll(ALICE, BOB, CAROL, DAVE);
    fire(THU);
    clock.set(Instant.parse("2027-03-25T12:00:00Z"));

    // With ONCALL_ADMINS set, a workspace admin who is not in it may not change the rota.
    t.slack.addAdmin("U0BOSS001", "boss");
    assertThat(oncall(t, "remove " + mention(BOB), "U0BOSS001"))
        .contains("Only rota admins")
        .contains("ONCALL_ADMINS");
    assertThat(oncall(t, "", ALICE)).contains("On call now: <@" + BOB + ">");

    assertThat(oncall(t, "remove " + mention(BOB), ADMIN))
        .contains("handed over to <@" + CAROL + ">");
    drain(t);
    assertThat(last(channel(t)))
        .contains("<@" + BOB + "> was taken off the on-call list")
        .contains("<@" + CAROL + "> is on call now");
    assertThat(last(dms(t, CAROL))).contains("you are on call now");
    assertThat(t.slack.usergroupMembers(GROUP)).containsExactly(CAROL);
    assertThat(oncall(t, "list", ALICE)).doesNotContain(BOB);

    // Friday's firing only announces Carol; Monday is Dave's.
    fire(FRI);
    drain(t);
    assertThat(last(channel(t))).contains("On call today, Fri 26 Mar 2027: <@" + CAROL + ">");
    assertThat(oncall(t, "", ALICE)).contains("On call now: <@" + CAROL + ">");
    fire(MON);
    drain(t);
    assertThat(shift()).contains("On call today, Mon 29 Mar 2027: <@" + DAVE + ">");
  }

  @Test
  void anOverrideTakesOneDayWithoutChangingTheOrder() throws Exception {
    start(false);
    addAll(ALICE, BOB, CAROL);
    assertThat(oncall(t, "override " + mention(DAVE) + " 2027-03-25", ADMIN))
        .contains("takes the shift");

    fire(THU);
    drain(t);
    assertThat(last(channel(t))).contains("On call today, Thu 25 Mar 2027: <@" + DAVE + ">");
    fire(FRI);
    drain(t);
    assertThat(shift()).contains("On call today, Fri 26 Mar 2027: <@" + BOB + ">");
  }
}
