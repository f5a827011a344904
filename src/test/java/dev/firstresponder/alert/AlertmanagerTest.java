package dev.firstresponder.alert;

import static dev.firstresponder.alert.AlertDriver.ALICE;
import static dev.firstresponder.alert.AlertDriver.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.RealAlertmanager;
import dev.firstresponder.testing.TestApps;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot driven by the real Prometheus Alertmanager 0.25: its own notifications (fired and
 * resolved with amtool), its bearer credentials, its re-sends, and its API v2 for the Silence
 * button.
 */
class AlertmanagerTest {
  @RegisterExtension final TestApps apps = new TestApps();

  @TempDir Path dir;
  RealAlertmanager am;
  AlertDriver d;
  final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @BeforeEach
  void start() throws Exception {
    am = new RealAlertmanager(dir);
    d =
        AlertDriver.start(apps, Map.of("ALERTMANAGER_URL", am.url()), Clock.systemUTC())
            .rota(ALICE, BOB);
    am.start(d.t.baseUrl() + "/alertmanager", AlertDriver.TOKEN);
  }

  @AfterEach
  void stop() throws Exception {
    if (am != null) am.close();
  }

  void alert(String instance, Instant end) throws Exception {
    var args =
        new ArrayList<>(
            List.of(
                "alert",
                "add",
                "alertname=HighLatency",
                "cluster=prod",
                "service=api",
                "severity=critical",
                "instance=" + instance,
                "--annotation=summary=p99 latency over 2s",
                "--annotation=runbook_url=https://runbooks.example/high-latency",
                "--generator-url=http://prometheus.example:9090/graph",
                "--start=" + start));
    if (end != null) args.add("--end=" + end);
    am.amtool(args.toArray(String[]::new));
  }

  FakeSlack.Message page() {
    return d.awaitPage(m -> true, "the page from Alertmanager's notification");
  }

  @Test
  void alertmanagersOwnNotificationsPageUpdateAndResolveOneEpisode() throws Exception {
    alert("api-1", null);

    FakeSlack.Message page = page();
    assertThat(page.text()).startsWith("<@" + ALICE + "> :rotating_light: *FIRING*");
    assertThat(page.shown()).contains("p99 latency over 2s", "*Cluster*\nprod", "*Service*\napi");
    assertThat(AlertDriver.buttons(page))
        .containsExactly(
            AlertViews.ACKNOWLEDGE, AlertViews.ESCALATE, AlertViews.DECLARE, AlertViews.SILENCE);
    Await.until(() -> !d.dms(ALICE).isEmpty(), "the DM");

    alert("api-2", null);
    Await.until(
        () -> d.pages().get(0).shown().contains("2 firing, 0 resolved"),
        "the page listing both alerts");

    Instant end = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
    alert("api-1", end);
    alert("api-2", end);
    FakeSlack.Message resolved =
        Await.until(
            () ->
                d.pages().stream()
                    .filter(m -> m.text().contains("*RESOLVED*"))
                    .findFirst()
                    .orElse(null),
            "the page marked resolved",
            Duration.ofSeconds(30));
    assertThat(resolved.shown()).contains("0 firing, 2 resolved");
    Await.until(() -> d.dms(ALICE).get(0).shown().contains("*RESOLVED*"), "the DM marked resolved");

    d.drain();
    assertThat(d.pages()).hasSize(1);
    assertThat(d.dms(ALICE)).hasSize(1);
    assertThat(d.sql("SELECT count(*) FROM alert_episode", Integer.class)).isEqualTo(1);
    assertThat(d.sql("SELECT count(*) FROM alert", Integer.class)).isEqualTo(2);
    assertThat(d.t.slack.violations()).isEmpty();
  }

  @Test
  void theSilenceButtonSilencesTheGroupInAlertmanagerForAnHour() throws Exception {
    alert("api-1", null);
    page();
    long episode = d.episode();

    assertThat(d.click(AlertViews.SILENCE, episode, ALICE))
        .startsWith(":mute: Asking Alertmanager to silence this group for 1 hour");

    FakeSlack.Message reply =
        Await.until(
            () ->
                d.replies().stream()
                    .filter(m -> m.text().startsWith(":mute:"))
                    .findFirst()
                    .orElse(null),
            "the thread reply");
    JsonArray silences = JsonParser.parseString(am.silences()).getAsJsonArray();
    assertThat(silences).hasSize(1);
    JsonObject s = silences.get(0).getAsJsonObject();
    assertThat(s.getAsJsonObject("status").get("state").getAsString()).isEqualTo("active");
    assertThat(s.get("createdBy").getAsString()).isEqualTo(ALICE.toLowerCase());
    assertThat(s.get("matchers").toString())
        .contains(
            "\"name\":\"alertname\"",
            "\"value\":\"HighLatency\"",
            "\"name\":\"cluster\"",
            "\"value\":\"prod\"")
        .doesNotContain("instance");
    Duration length =
        Duration.between(
            Instant.parse(s.get("startsAt").getAsString()),
            Instant.parse(s.get("endsAt").getAsString()));
    assertThat(length).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
    assertThat(reply.text())
        .contains("<@" + ALICE + "> silenced this alert group", s.get("id").getAsString());
    Await.until(
        () -> d.pages().get(0).shown().contains("Silenced in Alertmanager by <@" + ALICE + ">"),
        "the page showing the silence");
    assertThat(d.sql("SELECT acknowledged_by FROM alert_episode", String.class)).isEqualTo(ALICE);
    assertThat(d.t.slack.violations()).isEmpty();
  }
}
