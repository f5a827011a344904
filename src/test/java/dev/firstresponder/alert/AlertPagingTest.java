package dev.firstresponder.alert;

import static dev.firstresponder.alert.AlertDriver.ALICE;
import static dev.firstresponder.alert.AlertDriver.BOB;
import static dev.firstresponder.alert.AlertDriver.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.MutableClock;
import dev.firstresponder.testing.TestApps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Paging and escalation end to end: Alertmanager's notifications over HTTP, Slack through the fake,
 * buttons as signed clicks, and time moved by hand so escalation is exact without waiting.
 */
class AlertPagingTest {
  @RegisterExtension final TestApps apps = new TestApps();

  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  final MutableClock clock = new MutableClock(T0);
  AlertDriver d;

  static Notifications firing() {
    return Notifications.highLatency()
        .firing("a1", T0.minusSeconds(60), Map.of("instance", "api-1"));
  }

  FakeSlack.Message page() {
    return d.awaitPage(m -> m.text().contains("HighLatency"), "the page in the alert channel");
  }

  @Test
  void aFiringGroupPagesTheEngineerOnCallOnceWhateverAlertmanagerRepeats() throws Exception {
    d = AlertDriver.start(apps, Map.of(), clock).rota(ALICE, BOB, CAROL);

    d.accepted(firing());

    FakeSlack.Message page = page();
    assertThat(page.text()).startsWith("<@" + ALICE + "> :rotating_light: *FIRING*");
    String shown = page.shown();
    assertThat(shown)
        .contains(
            "HighLatency", "`critical`", "p99 latency over 2s", "The API answers slowly for a1")
        .contains("*Cluster*\nprod", "*Service*\napi", "*Firing since*")
        .contains("<http://prometheus.example:9090/graph?g0.expr=latency|Source>")
        .contains("<https://runbooks.example/high-latency|Runbook>")
        .contains("|Alertmanager>")
        .contains("Paged: level 1 <@" + ALICE + ">");
    assertThat(AlertDriver.buttons(page))
        .containsExactly(AlertViews.ACKNOWLEDGE, AlertViews.ESCALATE, AlertViews.DECLARE);
    FakeSlack.Message dm =
        Await.until(() -> d.dms(ALICE).stream().findFirst().orElse(null), "the DM");
    assertThat(dm.text()).contains("You are paged (level 1)", "HighLatency");

    for (int i = 0; i < 3; i++) d.accepted(firing());
    d.drain();

    assertThat(d.pages()).hasSize(1);
    assertThat(d.dms(ALICE)).hasSize(1);
    assertThat(d.t.slack.calls("chat.update")).isEmpty();
    assertThat(d.sql("SELECT count(*) FROM alert_page", Integer.class)).isEqualTo(1);
    assertThat(d.t.slack.violations()).isEmpty();
  }

  @Test
  void unacknowledgedItEscalatesToLevelTwoThenTheWholeTeamEachLevelOnce() throws Exception {
    d = AlertDriver.start(apps, Map.of(), clock).rota(ALICE, BOB, CAROL);
    d.accepted(firing());
    page();

    d.advance(clock, Duration.ofMinutes(5));
    FakeSlack.Message toBob =
        Await.until(() -> d.dms(BOB).stream().findFirst().orElse(null), "level 2's DM");
    assertThat(toBob.text()).contains("You are paged (level 2)");
    FakeSlack.Message reply =
        Await.until(() -> d.replies().stream().findFirst().orElse(null), "level 2's thread reply");
    assertThat(reply.text())
        .isEqualTo(":rotating_light: Not acknowledged after 5m 0s: paging level 2: <@" + BOB + ">");
    Await.until(
        () -> d.pages().get(0).shown().contains("level 2 <@" + BOB + ">"),
        "the page naming level 2");

    d.advance(clock, Duration.ofMinutes(10));
    FakeSlack.Message team =
        Await.until(
            () -> d.replies().stream().skip(1).findFirst().orElse(null), "level 3's thread reply");
    assertThat(team.text())
        .isEqualTo(
            ":rotating_light: Not acknowledged after 15m 0s: paging level 3, the whole team: <@%s> <@%s> <@%s>"
                .formatted(ALICE, BOB, CAROL));
    assertThat(
            d.t.slack.calls("chat.postMessage").stream()
                .filter(c -> team.text().equals(c.param("text"))))
        .allMatch(c -> List.of("1", "true").contains(c.param("reply_broadcast")));

    d.advance(clock, Duration.ofHours(2));
    d.accepted(firing());
    d.drain();
    assertThat(d.sql("SELECT level FROM alert_episode", Integer.class)).isEqualTo(3);
    assertThat(
            d.sql(
                "SELECT count(*) FROM alert_episode WHERE next_level_at IS NOT NULL",
                Integer.class))
        .isZero();
    assertThat(d.replies()).hasSize(2);
    assertThat(d.dms(ALICE)).hasSize(1);
    assertThat(d.dms(BOB)).hasSize(1);
    assertThat(d.dms(CAROL)).isEmpty();
    assertThat(d.t.slack.violations()).isEmpty();
  }

  @Test
  void acknowledgingStopsEscalationAndShowsWhoAfterHowLong() throws Exception {
    d = AlertDriver.start(apps, Map.of(), clock).rota(ALICE, BOB);
    d.accepted(firing());
    page();
    long episode = d.episode();

    d.advance(clock, Duration.ofSeconds(130));
    assertThat(d.click(AlertViews.ACKNOWLEDGE, episode, ALICE))
        .isEqualTo(
            ":ballot_box_with_check: Acknowledged: escalation stopped for this alert group.");

    FakeSlack.Message acked =
        Await.until(
            () ->
                d.pages().stream()
                    .filter(m -> m.shown().contains("Acknowledged by"))
                    .findFirst()
                    .orElse(null),
            "the page showing the acknowledgement");
    assertThat(acked.shown()).contains("Acknowledged by <@" + ALICE + "> after 2m 10s");
    assertThat(acked.text()).contains("*FIRING, ACKNOWLEDGED*");
    assertThat(AlertDriver.buttons(acked))
        .doesNotContain(AlertViews.ACKNOWLEDGE)
        .contains(AlertViews.ESCALATE);
    Await.until(
        () -> d.dms(ALICE).stream().anyMatch(m -> m.shown().contains("Acknowledged by")),
        "the DM showing the acknowledgement");

    assertThat(d.click(AlertViews.ACKNOWLEDGE, episode, BOB))
        .isEqualTo("Already acknowledged by <@" + ALICE + "> after 2m 10s; nothing changed.");
    d.advance(clock, Duration.ofHours(1));
    d.drain();
    assertThat(d.sql("SELECT acknowledged_by FROM alert_episode", String.class)).isEqualTo(ALICE);
    assertThat(
            d.sql(
                "SELECT count(*) FROM alert_episode WHERE next_level_at IS NOT NULL",
                Integer.class))
        .isZero();
    assertThat(d.dms(BOB)).isEmpty();
    assertThat(d.replies()).isEmpty();
    String metrics = d.t.get("/metrics").body();
    assertThat(metrics)
        .contains("alert_ack_seconds_count 1\n")
        .contains("alert_ack_seconds_sum 130.0")
        .contains("alert_ack_seconds_bucket{le=\"120.0\"} 0")
        .contains("alert_ack_seconds_bucket{le=\"300.0\"} 1");
  }

  @Test
  void resolvingUpdatesThePageAndTheDmAndAFreshFiringIsANewEpisode() throws Exception {
    d = AlertDriver.start(apps, Map.of(), clock).rota(ALICE, BOB);
    d.accepted(firing());
    page();
    Await.until(() -> !d.dms(ALICE).isEmpty(), "the DM");

    d.advance(clock, Duration.ofMinutes(3));
    d.accepted(
        Notifications.highLatency()
            .resolved("a1", T0.minusSeconds(60), T0.plusSeconds(170), Map.of("instance", "api-1")));

    FakeSlack.Message resolved =
        Await.until(
            () ->
                d.pages().stream()
                    .filter(m -> m.text().contains("RESOLVED"))
                    .findFirst()
                    .orElse(null),
            "the page marked resolved");
    assertThat(resolved.text()).contains(":white_check_mark: *RESOLVED* after 4m 0s");
    assertThat(AlertDriver.buttons(resolved)).isEmpty();
    Await.until(
        () ->
            d.dms(ALICE).get(0).text().contains("RESOLVED")
                || d.dms(ALICE).get(0).shown().contains("RESOLVED"),
        "the DM marked resolved");

    d.advance(clock, Duration.ofHours(1));
    d.accepted(
        Notifications.highLatency()
            .resolved("a1", T0.minusSeconds(60), T0.plusSeconds(170), Map.of("instance", "api-1")));
    d.drain();
    assertThat(d.dms(BOB)).isEmpty();
    assertThat(d.pages()).hasSize(1);

    d.accepted(
        Notifications.highLatency().firing("a1", clock.instant(), Map.of("instance", "api-1")));
    Await.until(() -> d.pages().size() == 2, "a new page for the new episode");
    assertThat(d.pages().get(1).text()).startsWith("<@" + ALICE + "> :rotating_light: *FIRING*");
    Await.until(() -> d.dms(ALICE).size() == 2, "a new DM");
    assertThat(d.sql("SELECT count(*) FROM alert_episode", Integer.class)).isEqualTo(2);
    assertThat(d.t.slack.violations()).isEmpty();
  }

  @Test
  void nobodyOnTheRotaPagesTheWholeChannelAtOnce() throws Exception {
    d = AlertDriver.start(apps, Map.of(), clock);

    d.accepted(firing());

    FakeSlack.Message page = page();
    assertThat(page.text()).startsWith("<!here> :rotating_light: *FIRING*");
    assertThat(page.shown()).contains("level 3 @here (nobody on the on-call list)");
    assertThat(AlertDriver.buttons(page)).doesNotContain(AlertViews.ESCALATE);
    assertThat(d.sql("SELECT level FROM alert_episode", Integer.class)).isEqualTo(3);
    assertThat(
            d.sql(
                "SELECT count(*) FROM alert_episode WHERE next_level_at IS NOT NULL",
                Integer.class))
        .isZero();
  }

  @Test
  void nobodyOnTheRotaStillNamesTheSecondaryBesideHere() throws Exception {
    d = AlertDriver.start(apps, Map.of("ONCALL_SECONDARY", CAROL), clock);

    d.accepted(firing());

    FakeSlack.Message page = page();
    assertThat(page.text()).startsWith("<!here> <@" + CAROL + "> :rotating_light: *FIRING*");
    assertThat(page.shown())
        .contains("level 3 @here (nobody on the on-call list), <@" + CAROL + ">");
    d.drain();
    assertThat(d.dms(CAROL)).isEmpty();
  }

  @Test
  void escalateNowPagesTheSecondaryThenTheTeamAndThenSaysThereIsNoMore() throws Exception {
    d = AlertDriver.start(apps, Map.of("ONCALL_SECONDARY", CAROL), clock).rota(ALICE, BOB);
    d.accepted(firing());
    page();
    long episode = d.episode();
    d.advance(
        clock, Duration.ofSeconds(2)); // the channel's next post waits a second after the page

    assertThat(d.click(AlertViews.ESCALATE, episode, ALICE))
        .isEqualTo(":rotating_light: Escalated: level 2 is paged now.");
    Await.until(() -> !d.dms(CAROL).isEmpty(), "the secondary's DM");
    FakeSlack.Message reply =
        Await.until(() -> d.replies().stream().findFirst().orElse(null), "the thread reply");
    assertThat(reply.text())
        .isEqualTo(":rotating_light: <@" + ALICE + "> escalated: paging level 2: <@" + CAROL + ">");
    assertThat(d.dms(BOB)).isEmpty();

    d.advance(clock, Duration.ofSeconds(2));
    assertThat(d.click(AlertViews.ESCALATE, episode, ALICE))
        .isEqualTo(":rotating_light: Escalated: level 3 is paged now.");
    FakeSlack.Message team =
        Await.until(() -> d.replies().stream().skip(1).findFirst().orElse(null), "level 3");
    assertThat(team.text())
        .contains(
            "level 3, the whole team", "<@" + ALICE + ">", "<@" + BOB + ">", "<@" + CAROL + ">");
    assertThat(d.click(AlertViews.ESCALATE, episode, ALICE))
        .isEqualTo("The whole team (level 3) is already paged for this alert group.");
    assertThat(
            d.sql(
                "SELECT count(*) FROM alert_page WHERE paged_by = '" + ALICE + "'", Integer.class))
        .isEqualTo(2);
  }

  @Test
  void oncallAlertsListsFiringGroupsWithStateAgeAndAcknowledgement() throws Exception {
    d = AlertDriver.start(apps, Map.of(), clock).rota(ALICE, BOB);
    d.accepted(firing());
    d.accepted(
        Notifications.group(Map.of("alertname", "DiskFull", "cluster", "edge"))
            .firing("d1", T0, Map.of()));
    page();
    d.advance(clock, Duration.ofMinutes(1));
    d.click(AlertViews.ACKNOWLEDGE, d.episode(), BOB);
    d.advance(clock, Duration.ofMinutes(2));

    String list = OncallAnswer.of(d.t.command("/oncall", "alerts", ALICE, "C0GENERAL"));

    assertThat(list)
        .contains("*Firing alert groups* (2)")
        .contains("• *HighLatency* (prod/api) — firing 3m 0s, level 1 paged, *not acknowledged*")
        .contains(
            "• *DiskFull* (edge/api) — firing 3m 0s, level 1 paged, acknowledged by <@"
                + BOB
                + "> after 1m 0s");
    assertThat(OncallAnswer.of(d.t.command("/oncall", "help", ALICE, "C0GENERAL")))
        .contains("/oncall alerts");
    String metrics = d.t.get("/metrics").body();
    assertThat(metrics)
        .contains("alerts_received_total{status=\"firing\"} 2.0")
        .contains("alert_pages_total{level=\"1\"} 2.0")
        .contains("alert_groups_open 2.0");
  }
}
