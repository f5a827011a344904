package dev.firstresponder.incident;

import static dev.firstresponder.incident.IncidentDriver.ALICE;
import static dev.firstresponder.incident.IncidentDriver.BOB;
import static dev.firstresponder.incident.IncidentDriver.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeGitHub;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.MutableClock;
import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slack did the work but the reply was lost (or the process died before storing it): the retried
 * effect finds what the first attempt made instead of making it twice. The clock is moved by hand,
 * so the retry runs exactly when the test lets it.
 */
class IncidentRetryTest {
  @RegisterExtension final TestApps apps = new TestApps();

  static final String NAME = "inc-20261123-grafana";
  MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
  TestApp t;
  IncidentDriver d;

  @BeforeEach
  void start() throws Exception {
    t = apps.start(Map.of(), clock);
    d = new IncidentDriver(t);
  }

  /**
   * Once the failed attempt is recorded, moves the clock past its backoff (tens of ms) but well
   * within the leases of effects in flight (5 s).
   */
  private void letTheFailedAttemptBeRetried(String key) {
    Await.until(
        () ->
            t.app
                    .database()
                    .jdbi()
                    .withHandle(
                        h ->
                            h.createQuery(
                                    "SELECT count(*) FROM outbox WHERE idempotency_key = :k AND attempts > 0 AND state = 'pending'")
                                .bind("k", key)
                                .mapTo(Integer.class)
                                .one())
                == 1,
        "the failed attempt of " + key);
    clock.advance(Duration.ofSeconds(1));
  }

  @Test
  void aRetryAdoptsTheChannelItsLostAttemptCreatedInsteadOfMakingASecond() throws Exception {
    t.slack.failAfterApplying("conversations.create", 1);

    d.submitDeclaration(
        ALICE,
        "V0RETRY01",
        IncidentDriver.declaration("moc-infra", "grafana", "dashboards do not load"));
    letTheFailedAttemptBeRetried("incident:1:channel");
    String channel =
        Await.until(
            () ->
                t.slack.channelIds(n -> n.contains("grafana")).stream()
                    .filter(
                        c ->
                            t.slack.messages(c).stream()
                                .anyMatch(
                                    m ->
                                        m.blocks() != null
                                            && m.blocks().contains(IncidentBlocks.ACTION_RESOLVE)))
                    .findFirst()
                    .orElse(null),
            "the start message in an incident channel");

    assertThat(t.slack.channelName(channel)).isEqualTo(NAME);
    assertThat(t.slack.channelIds(n -> n.contains("grafana"))).containsExactly(channel);
    assertThat(t.slack.calls("conversations.create"))
        .extracting(c -> c.param("name"))
        .containsExactly(NAME, NAME);
    FakeSlack.Call list = t.slack.calls("conversations.list").get(0);
    assertThat(list.param("types")).isEqualTo("public_channel");
    assertThat(list.param("limit")).isEqualTo("200");
    assertThat(list.param("exclude_archived")).isIn("1", "true");
    assertThat(t.slack.members(channel)).contains(ALICE, BOB, CAROL);
    FakeGitHub.Issue issue = t.github.awaitIssue(i -> true);
    Await.until(
        () -> d.awaitStartMessage(channel).text().contains("/issues/" + issue.number),
        "the link in the start message");
    assertThat(
            t.slack.messages(channel).stream()
                .filter(
                    m -> m.blocks() != null && m.blocks().contains(IncidentBlocks.ACTION_RESOLVE)))
        .hasSize(1);
    String stored =
        t.app
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT channel_id FROM incident WHERE id = 1")
                        .mapTo(String.class)
                        .one());
    assertThat(stored).isEqualTo(channel);
  }

  @Test
  void aRetryDoesNotAdoptAChannelSomeoneElseCreatedUnderTheName() throws Exception {
    t.slack.addChannel("C0HUMAN01", NAME, false);
    t.slack.failHttp(
        "conversations.create", 502, 0, 1); // not applied: the retry is the first real attempt

    d.submitDeclaration(
        ALICE,
        "V0RETRY02",
        IncidentDriver.declaration("moc-infra", "grafana", "dashboards do not load"));
    letTheFailedAttemptBeRetried("incident:1:channel");
    String channel = d.awaitChannel("grafana");
    d.awaitStartMessage(channel);

    assertThat(t.slack.channelName(channel)).isEqualTo(NAME + "-2");
    assertThat(t.slack.calls("conversations.list")).isNotEmpty();
    assertThat(t.slack.members("C0HUMAN01")).doesNotContain(ALICE, BOB, CAROL);
    assertThat(t.slack.messages("C0HUMAN01")).isEmpty();
  }

  @Test
  void aRetryDoesNotBookmarkTheIssueTwice() throws Exception {
    t.slack.failAfterApplying("bookmarks.add", 1);

    String channel = d.declareGrafana();
    FakeGitHub.Issue issue = t.github.awaitIssue(i -> true);
    letTheFailedAttemptBeRetried("incident:1:refresh:issue");
    // The retried refresh goes on to put the link into the start message after bookmarking.
    Await.until(
        () -> d.awaitStartMessage(channel).text().contains("/issues/" + issue.number),
        "the link in the start message");

    assertThat(t.slack.bookmarks(channel)).hasSize(1);
    assertThat(t.slack.calls("bookmarks.list"))
        .extracting(c -> c.param("channel_id"))
        .containsExactly(channel);
    assertThat(t.slack.bookmarks(channel).get(0).get("link").getAsString())
        .isEqualTo("https://github.example/acme/sre/issues/" + issue.number);
    assertThat(t.slack.calls("bookmarks.add")).hasSize(1);
  }
}
