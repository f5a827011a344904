package dev.firstresponder.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.MutableClock;
import dev.firstresponder.testing.SlackPayloads;
import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Drives the alert feature as Alertmanager and Slack would: webhook posts and signed clicks. */
final class AlertDriver {
  static final String TOKEN = "am-token-0123456789abcdef";
  static final String ADMIN = "U0ADMIN01";
  static final String ALICE = "U0ALICE01";
  static final String BOB = "U0BOB0001";
  static final String CAROL = "U0CAROL01";
  static final String CHANNEL = TestApp.ONCALL;

  final TestApp t;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  AlertDriver(TestApp t) {
    this.t = t;
    t.slack
        .addAdmin(ADMIN, "admin")
        .addUser(ALICE, "alice")
        .addUser(BOB, "bob")
        .addUser(CAROL, "carol");
  }

  static Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("ALERTMANAGER_TOKEN", TOKEN);
    env.putAll(extra);
    return env;
  }

  /** An app started with {@code apps}, which checks and stops it after the test. */
  static AlertDriver start(TestApps apps, Map<String, String> extra, Clock clock) throws Exception {
    return new AlertDriver(apps.start(env(extra), clock));
  }

  /** The on-call list, in this order; the first is on call. */
  AlertDriver rota(String... users) throws Exception {
    for (String u : users) {
      HttpResponse<String> r =
          t.command("/oncall", "add <@" + u + "|" + u.toLowerCase() + ">", ADMIN, "C0GENERAL");
      assertThat(r.statusCode()).isEqualTo(200);
    }
    return this;
  }

  HttpResponse<String> send(String body) throws Exception {
    return send("Bearer " + TOKEN, body);
  }

  HttpResponse<String> send(String authorization, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(t.baseUrl() + "/alertmanager"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) b.header("Authorization", authorization);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  void accepted(Notifications n) throws Exception {
    HttpResponse<String> r = send(n.json());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** The alert pages in the alert channel (the on-call feature posts there too). */
  List<FakeSlack.Message> pages() {
    return t.slack.messages(CHANNEL).stream()
        .filter(
            m ->
                m.threadTs() == null
                    && m.metadata() != null
                    && m.metadata().contains("\"key\":\"alert:"))
        .toList();
  }

  List<FakeSlack.Message> replies() {
    return t.slack.messages(CHANNEL).stream().filter(m -> m.threadTs() != null).toList();
  }

  List<FakeSlack.Message> dms(String user) {
    return t.slack.messages("D" + user);
  }

  FakeSlack.Message awaitPage(Predicate<FakeSlack.Message> matching, String what) {
    return Await.until(() -> pages().stream().filter(matching).findFirst().orElse(null), what);
  }

  long episode() {
    return t.app
        .database()
        .jdbi()
        .withHandle(
            h -> h.createQuery("SELECT max(id) FROM alert_episode").mapTo(Long.class).one());
  }

  <T> T sql(String query, Class<T> type) {
    return t.app.database().jdbi().withHandle(h -> h.createQuery(query).mapTo(type).one());
  }

  /** Clicks a button of the page; returns the ephemeral answer. */
  String click(String actionId, long episode, String user) throws Exception {
    String responseUrl = t.slack.responseUrl("alert-" + actionId + "-" + System.nanoTime());
    HttpResponse<String> r =
        t.interaction(
            SlackPayloads.blockAction(
                actionId, Long.toString(episode), user, CHANNEL, "1700000000.000100", responseUrl));
    assertThat(r.statusCode()).isEqualTo(200);
    String path = URI.create(responseUrl).getPath();
    return t.slack.awaitResponse(x -> x.path().equals(path)).text();
  }

  /**
   * Waits until the outbox has nothing to do now (effects held for later may wait), then moves the
   * clock: moving it under an effect being applied would shift that effect's lease.
   */
  void advance(MutableClock clock, Duration by) {
    Await.until(
        () ->
            t.app
                    .database()
                    .jdbi()
                    .withHandle(
                        h ->
                            h.createQuery(
                                    """
                                SELECT count(*) FROM outbox WHERE state = 'pending'
                                  AND (claimed_until IS NOT NULL OR next_attempt_at <= :now)
                                """)
                                .bind("now", clock.millis())
                                .mapTo(Integer.class)
                                .one())
                == 0,
        "the outbox to have nothing due");
    clock.advance(by);
  }

  void drain() {
    Await.until(() -> t.app.outbox().stats().pending() == 0, "the outbox to be empty");
    assertThat(t.app.outbox().stats().failed()).isZero();
  }

  static List<String> buttons(FakeSlack.Message m) {
    var out = new ArrayList<String>();
    for (var block : JsonParser.parseString(m.blocks()).getAsJsonArray()) {
      var o = block.getAsJsonObject();
      if (!o.get("type").getAsString().equals("actions")) continue;
      for (var el : o.getAsJsonArray("elements")) {
        out.add(el.getAsJsonObject().get("action_id").getAsString());
      }
    }
    return out;
  }
}
