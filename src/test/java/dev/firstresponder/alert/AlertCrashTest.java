package dev.firstresponder.alert;

import static dev.firstresponder.alert.AlertDriver.ADMIN;
import static dev.firstresponder.alert.AlertDriver.ALICE;
import static dev.firstresponder.alert.AlertDriver.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.store.Database;
import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeGitHub;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.ProcessApp;
import dev.firstresponder.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the real process: a page accepted just before is sent once by the next process, and a
 * level that fell due while nothing ran is paged once right after the start, however often it
 * restarts.
 */
class AlertCrashTest {
  @TempDir Path dir;

  Map<String, String> env(FakeSlack slack, FakeGitHub github, String escalation) {
    Map<String, String> env = new HashMap<>(TestApp.env(slack, github, dir));
    env.put("ALERTMANAGER_TOKEN", AlertDriver.TOKEN);
    env.put("ALERT_ESCALATION", escalation);
    return env;
  }

  static void rota(ProcessApp app, String... users) throws Exception {
    for (String u : users) {
      Map<String, String> form = new LinkedHashMap<>();
      form.put("team_id", FakeSlack.TEAM);
      form.put("channel_id", "C0GENERAL");
      form.put("user_id", ADMIN);
      form.put("command", "/oncall");
      form.put("text", "add <@" + u + "|" + u.toLowerCase() + ">");
      form.put("api_app_id", "A0APP0001");
      form.put("response_url", "http://127.0.0.1:9/unused");
      form.put("trigger_id", "t-" + u);
      HttpResponse<String> r =
          app.postSigned("application/x-www-form-urlencoded", TestApp.formEncode(form));
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }

  static HttpResponse<String> fire(ProcessApp app, Instant startsAt) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(app.baseUrl() + "/alertmanager"))
                .header("Authorization", "Bearer " + AlertDriver.TOKEN)
                .timeout(Duration.ofSeconds(10))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Notifications.highLatency().firing("a1", startsAt, Map.of()).json()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static FakeSlack slack() throws Exception {
    FakeSlack slack = new FakeSlack();
    slack.addChannel(TestApp.ONCALL, "oncall", true).addChannel(TestApp.ANNOUNCE, "announce", true);
    slack.addAdmin(ADMIN, "admin").addUser(ALICE, "alice").addUser(BOB, "bob");
    return slack;
  }

  static void awaitEveryEffectApplied(Map<String, String> env) {
    Await.until(
        () ->
            Database.open(env.get("DATABASE_URL"))
                    .jdbi()
                    .withHandle(
                        h ->
                            h.createQuery("SELECT count(*) FROM outbox WHERE state <> 'done'")
                                .mapTo(Integer.class)
                                .one())
                == 0,
        "every effect applied");
  }

  static long pages(FakeSlack slack, String key) {
    return slack.allMessages().stream()
        .filter(m -> m.metadata() != null && m.metadata().contains("\"key\":\"" + key + "\""))
        .count();
  }

  @Test
  void aPageWhosePostLandedAsTheProcessDiedIsNotPostedAgain() throws Exception {
    try (FakeSlack slack = slack();
        FakeGitHub github = new FakeGitHub("acme", "sre")) {
      Map<String, String> env = env(slack, github, "1h,1h");
      ProcessApp first = ProcessApp.start(env, dir);
      rota(first, ALICE);
      // The page reaches Slack, but its answer takes longer than the process lives.
      slack.latency("chat.postMessage", Duration.ofSeconds(2));

      assertThat(fire(first, Instant.now()).statusCode()).isEqualTo(200);
      slack.awaitCall(
          "chat.postMessage",
          c -> c.param("metadata") != null && c.param("metadata").contains("alert:1:page"));
      first.kill9();
      slack.latency("chat.postMessage", Duration.ZERO);

      try (ProcessApp second = ProcessApp.start(env, dir)) {
        Await.until(
            () -> pages(slack, "alert:1:page") == 1 && pages(slack, "alert:1:dm:1:" + ALICE) == 1,
            "the page and the DM");
        awaitEveryEffectApplied(env);
        assertThat(pages(slack, "alert:1:page")).isEqualTo(1);
        assertThat(pages(slack, "alert:1:dm:1:" + ALICE)).isEqualTo(1);
      }
    }
  }

  @Test
  void aLevelDueWhileNothingRanIsPagedOnceAfterTheStartAcrossRestarts() throws Exception {
    try (FakeSlack slack = slack();
        FakeGitHub github = new FakeGitHub("acme", "sre")) {
      Map<String, String> env = env(slack, github, "3s,1h");
      ProcessApp first = ProcessApp.start(env, dir);
      rota(first, ALICE, BOB);
      assertThat(fire(first, Instant.now()).statusCode()).isEqualTo(200);
      Await.until(() -> pages(slack, "alert:1:page") == 1, "the page");
      first.kill9();
      Instant due =
          Database.open(env.get("DATABASE_URL"))
              .jdbi()
              .withHandle(
                  h ->
                      Instant.ofEpochMilli(
                          h.createQuery("SELECT next_level_at FROM alert_episode")
                              .mapTo(Long.class)
                              .one()));
      Await.until(() -> Instant.now().isAfter(due), "level 2 to fall due while nothing runs");

      ProcessApp second = ProcessApp.start(env, dir);
      Await.until(() -> pages(slack, "alert:1:dm:2:" + BOB) == 1, "level 2's DM after the start");
      Await.until(() -> pages(slack, "alert:1:level:2") == 1, "level 2's thread reply");
      second.kill9();
      try (ProcessApp third = ProcessApp.start(env, dir)) {
        awaitEveryEffectApplied(env);
        assertThat(pages(slack, "alert:1:dm:2:" + BOB)).isEqualTo(1);
        assertThat(pages(slack, "alert:1:level:2")).isEqualTo(1);
        assertThat(pages(slack, "alert:1:page")).isEqualTo(1);
        assertThat(slack.messages("D" + BOB)).hasSize(1);
      }
    }
  }
}
