package dev.firstresponder.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.testing.FakeGitHub;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.ProcessApp;
import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /alertmanager} at its edges: who may post, what is refused, and what is stored. */
class AlertIntakeTest {
  @RegisterExtension final TestApps apps = new TestApps();

  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  AlertDriver d;

  int stored() {
    return d.sql("SELECT count(*) FROM alert_group", Integer.class)
        + d.sql("SELECT count(*) FROM alert_episode", Integer.class)
        + d.sql("SELECT count(*) FROM outbox WHERE stream LIKE 'alert%'", Integer.class);
  }

  static String body() {
    return Notifications.highLatency().firing("a1", T0, Map.of()).json();
  }

  @Test
  void withoutTheRightBearerTokenNothingIsStored() throws Exception {
    d = AlertDriver.start(apps, Map.of(), Clock.systemUTC()).rota(AlertDriver.ALICE);

    HttpResponse<String> none = d.send(null, body());
    HttpResponse<String> wrong = d.send("Bearer not-the-token", body());
    HttpResponse<String> basic = d.send("Basic " + AlertDriver.TOKEN, body());
    HttpResponse<String> longer = d.send("Bearer " + AlertDriver.TOKEN + "x", body());

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(longer.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("missing or wrong bearer token");
    assertThat(stored()).isZero();
  }

  @Test
  void withoutATokenSetTheEndpointRefusesEverything() throws Exception {
    d = new AlertDriver(apps.start(Map.of()));

    HttpResponse<String> r = d.send("Bearer anything", body());

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("ALERTMANAGER_TOKEN is not set");
    assertThat(stored()).isZero();
  }

  @Test
  void theStartLogSaysWhetherTheWebhookIsOn(@TempDir Path dir) throws Exception {
    try (FakeSlack slack = new FakeSlack();
        FakeGitHub github = new FakeGitHub("acme", "sre")) {
      Map<String, String> env = new HashMap<>(TestApp.env(slack, github, dir));
      try (ProcessApp off = ProcessApp.start(env, dir)) {
        assertThat(off.log())
            .anyMatch(
                l ->
                    l.contains(
                        "Alertmanager webhook: off (ALERTMANAGER_TOKEN unset: POST /alertmanager refuses everything)"));
      }
      env.put("ALERTMANAGER_TOKEN", AlertDriver.TOKEN);
      env.put("ALERT_ESCALATION", "1m,2h");
      try (ProcessApp on = ProcessApp.start(env, dir)) {
        assertThat(on.log())
            .anyMatch(
                l ->
                    l.contains(
                        "Alertmanager webhook: POST /alertmanager pages in "
                            + TestApp.ONCALL
                            + ", escalating after 1m 0s and 2h 0m more"));
      }
    }
  }

  @Test
  void malformedOrWronglyShapedBodiesGet400WithTheReasonAndStoreNothing() throws Exception {
    d = AlertDriver.start(apps, Map.of(), Clock.systemUTC()).rota(AlertDriver.ALICE);

    HttpResponse<String> notJson = d.send("{\"version\":");
    HttpResponse<String> wrongShape = d.send(body().replace("\"groupKey\"", "\"group\""));
    HttpResponse<String> badTime = d.send(body().replace(T0.toString(), "soon"));

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).contains("not JSON");
    assertThat(wrongShape.statusCode()).isEqualTo(400);
    assertThat(wrongShape.body()).contains("groupKey: missing");
    assertThat(badTime.statusCode()).isEqualTo(400);
    assertThat(badTime.body()).contains("alerts[0].startsAt: not an RFC 3339 time");
    assertThat(stored()).isZero();
  }

  @Test
  void aBodyOverOneMegabyteGets413AndStoresNothing() throws Exception {
    d = AlertDriver.start(apps, Map.of(), Clock.systemUTC()).rota(AlertDriver.ALICE);
    byte[] huge =
        body()
            .replace(
                "\"receiver\":\"firstresponder\"",
                "\"receiver\":\"" + "x".repeat(1024 * 1024) + "\"")
            .getBytes(StandardCharsets.UTF_8);
    HttpClient http = HttpClient.newHttpClient();
    URI url = URI.create(d.t.baseUrl() + "/alertmanager");
    String auth = "Bearer " + AlertDriver.TOKEN;

    HttpResponse<String> known =
        http.send(
            HttpRequest.newBuilder(url)
                .header("Authorization", auth)
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> chunked =
        http.send(
            HttpRequest.newBuilder(url)
                .header("Authorization", auth)
                .timeout(Duration.ofSeconds(20))
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(known.statusCode()).isEqualTo(413);
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(stored()).isZero();
    assertThat(d.send(body()).statusCode()).isEqualTo(200);
  }

  @Test
  void anAcceptedNotificationIsStoredWithItsPageBeforeTheAnswer() throws Exception {
    d = AlertDriver.start(apps, Map.of(), Clock.systemUTC()).rota(AlertDriver.ALICE);

    HttpResponse<String> r = d.send(body());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("firing: paged");
    assertThat(d.sql("SELECT count(*) FROM alert_episode WHERE status = 'firing'", Integer.class))
        .isEqualTo(1);
    assertThat(d.sql("SELECT count(*) FROM alert WHERE fingerprint = 'a1'", Integer.class))
        .isEqualTo(1);
    assertThat(
            d.sql(
                "SELECT count(*) FROM outbox WHERE idempotency_key IN ('alert:1:page', 'alert:1:dm:1:"
                    + AlertDriver.ALICE
                    + "')",
                Integer.class))
        .isEqualTo(2);
  }
}
