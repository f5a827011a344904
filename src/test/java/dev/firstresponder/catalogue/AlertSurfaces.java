package dev.firstresponder.catalogue;

import static dev.firstresponder.catalogue.Stage.GENERAL;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.firstresponder.alert.Notifications;
import dev.firstresponder.oncall.OnCallTeam;
import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Alert paging: the page in the alert channel and the on-call engineer's DM, the level-2 thread
 * reply and DM, level 3, the page acknowledged, silenced, linked to an incident and resolved, the
 * answer to every button (also on groups that resolved or are unknown, and when Slack will not open
 * the form or Alertmanager does not answer), the declaration form pre-filled from an alert, the
 * alert's GitHub issue, and {@code /oncall alerts} with many groups firing. The longest input is a
 * notification of over half of the webhook's 1 MB: long labels and annotations made of what grows
 * most when escaped, the longest links the bot shows, 150 alerts in one group.
 */
final class AlertSurfaces implements Surfaces {
  private static final String CMD = "/oncall";
  private static final String CHANNEL = TestApp.ONCALL;
  private static final String ACKNOWLEDGE = "alert.acknowledge";
  private static final String ESCALATE = "alert.escalate";
  private static final String DECLARE = "alert.declare";
  private static final String SILENCE = "alert.silence";

  /** Alertmanager does not take links longer than this either; the bot shows them whole. */
  private static final int LINK = 2000;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  public String feature() {
    return "alerts";
  }

  @Override
  public void render(Stage s) throws Exception {
    s.reply("alert list, none firing", CMD, "alerts", s.person(0), GENERAL);
    OnCallTeam team = s.t.app.oncall().team();
    String onCall = team.onCall().orElseThrow();
    String next = team.next().orElseThrow();
    Instant since = s.clock.instant().minusSeconds(130);

    Map<String, String> group = groupLabels(s, "HighLatency");
    send(s, alerts(s, group, since, s.size.alertsInAGroup, 0));
    long page = episode(s);
    FakeSlack.Message shown = page(s, "alert page", m -> m.contains("FIRING"));
    s.message("alert page DM", "D" + onCall, m -> m.contains("You are paged (level 1)"));
    s.t.github.awaitIssue(i -> i.title.startsWith("[ALERT]"));
    s.saw("github alert issue");

    // One more alert, one resolved: the page, the DM and the issue follow.
    send(s, alerts(s, group, since, s.size.alertsInAGroup + 1, 1));
    page(s, "alert page updated", m -> m.contains("1 resolved"));
    s.settle();

    escalate(s, page, onCall, next, shown.ts());
    buttons(s, page, onCall, next, shown.ts());
    declare(s, page, onCall, shown.ts());

    int all = s.size.alertsInAGroup + 1;
    send(s, alerts(s, group, since, all, all));
    page(s, "alert page resolved", m -> m.contains("RESOLVED"));
    s.settle();
    assertThat(s.t.github.issues().stream().filter(i -> i.title.startsWith("[ALERT]")))
        .anyMatch(i -> i.state.equals("closed"));
    s.saw("github alert resolution comment and close");
    afterResolved(s, page, onCall, shown.ts());

    silenceNotAnswered(s, onCall);
    manyFiring(s);
  }

  // ---- what is sent -------------------------------------------------------------------------

  /** Alertmanager's group_by labels: the most a label holds in the longest input. */
  private static Map<String, String> groupLabels(Stage s, String alertname) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(
        "alertname", s.longest() ? Stage.fill(300, alertname + " " + s.text(300)) : alertname);
    labels.put("cluster", s.longest() ? s.references(200) : "prod");
    return labels;
  }

  /**
   * {@code count} alerts of the group, the first {@code resolved} of them resolved. The first
   * carries the longest annotations and links; the others what most alerts carry, so the whole
   * stays within the webhook's 1 MB.
   */
  private static Notifications alerts(
      Stage s, Map<String, String> group, Instant since, int count, int resolved) {
    Notifications n = Notifications.group(group);
    for (int a = 0; a < count; a++) {
      n.annotations(annotations(s, a == 0)).generatorUrl(link(s, "prometheus", a));
      Map<String, String> own = Map.of("instance", instance(s, a), "service", service(s));
      if (a < resolved) n.resolved(fingerprint(a), since, s.clock.instant(), own);
      else n.firing(fingerprint(a), since, own);
    }
    return n;
  }

  private static Map<String, String> annotations(Stage s, boolean longest) {
    Map<String, String> notes = new HashMap<>();
    boolean most = longest && s.longest();
    notes.put("summary", most ? s.text(3000) : "p99 latency over 2s");
    notes.put("description", most ? s.lines(6000) : "The API answers slowly.");
    notes.put("runbook_url", most ? link(s, "runbooks", 0) : "https://runbooks.example/latency");
    return notes;
  }

  /** A link as long as the bot shows whole (the longest input), else an ordinary one. */
  private static String link(Stage s, String host, int alert) {
    String base = "https://" + host + ".example/graph?alert=" + alert + "&q=";
    return s.longest() && alert <= 1 ? Stage.fill(LINK, base + "latency") : base + "latency";
  }

  private static String instance(Stage s, int a) {
    return s.longest() ? Stage.fill(100, "node-" + a + "-" + s.text(100)) : "node-" + a;
  }

  private static String service(Stage s) {
    return s.longest() ? s.text(200) : "api";
  }

  private static String fingerprint(int a) {
    return "%016x".formatted(0xa1e77L * 1000 + a);
  }

  private void send(Stage s, Notifications n) throws Exception {
    String json = n.json();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(s.t.baseUrl() + "/alertmanager"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + Stage.ALERTMANAGER_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode())
        .as("the webhook took %d characters: %s", json.length(), r.body())
        .isEqualTo(200);
  }

  // ---- what people see and do ---------------------------------------------------------------

  /** The newest alert episode. */
  private static long episode(Stage s) {
    return count(s, "SELECT max(id) FROM alert_episode", "");
  }

  /** A number the database holds ({@code :key} bound to {@code key}); 0 when there is none. */
  private static long count(Stage s, String query, String key) {
    return s.t
        .app
        .database()
        .jdbi()
        .withHandle(
            h -> {
              var q = h.createQuery(query);
              if (query.contains(":key")) q.bind("key", key);
              return q.mapTo(Long.class).findOne().orElse(0L);
            });
  }

  /** The page in the alert channel once what it shows (its text and blocks) matches. */
  private static FakeSlack.Message page(Stage s, String surface, Predicate<String> showing) {
    FakeSlack.Message m =
        Await.until(
            () -> {
              List<FakeSlack.Message> all = s.t.slack.messages(CHANNEL);
              for (int i = all.size() - 1; i >= 0; i--) {
                FakeSlack.Message x = all.get(i);
                if (x.threadTs() == null
                    && x.metadata() != null
                    && x.metadata().contains("\"key\":\"alert:")
                    && showing.test(x.shown())) return x;
              }
              return null;
            },
            surface,
            Duration.ofSeconds(60));
    s.saw(surface);
    return m;
  }

  /** Clicks a button of the page; returns the ephemeral answer (and counts it). */
  private static String answer(
      Stage s, String surface, String action, String value, String user, String ts) {
    try {
      String text = s.response(s.click(action, value, user, CHANNEL, ts)).text();
      s.saw(surface);
      return text;
    } catch (Exception e) {
      throw new AssertionError(surface, e);
    }
  }

  private static void escalate(Stage s, long page, String onCall, String next, String ts)
      throws Exception {
    s.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    s.message("alert level 2 thread reply", CHANNEL, m -> m.contains("paging level 2"));
    s.message("alert level 2 DM", "D" + next, m -> m.contains("You are paged (level 2)"));
    s.settle();
    s.clock.advance(Duration.ofMinutes(10).plusSeconds(1));
    s.message("alert level 3 thread reply", CHANNEL, m -> m.contains("level 3, the whole team"));
    s.settle();
    assertThat(answer(s, "alert escalate, level 3 paged", ESCALATE, id(page), onCall, ts))
        .contains("already paged");
  }

  private static void buttons(Stage s, long page, String onCall, String next, String ts)
      throws Exception {
    assertThat(answer(s, "alert acknowledge", ACKNOWLEDGE, id(page), next, ts))
        .contains("Acknowledged");
    page(s, "alert page acknowledged", m -> m.contains("ACKNOWLEDGED"));
    assertThat(answer(s, "alert acknowledge, again", ACKNOWLEDGE, id(page), onCall, ts))
        .contains("Already acknowledged");
    assertThat(answer(s, "alert silence", SILENCE, id(page), onCall, ts))
        .contains("Asking Alertmanager");
    s.message("alert silenced thread reply", CHANNEL, m -> m.contains("silenced this alert group"));
    page(s, "alert page silenced", m -> m.contains("Silenced in Alertmanager"));
    s.settle();
    assertThat(answer(s, "alert unknown group", ACKNOWLEDGE, "987654321", onCall, ts))
        .contains("do not know");
    assertThat(answer(s, "alert button without a group", ACKNOWLEDGE, s.word(100), onCall, ts))
        .contains("do not know");
  }

  /** The declaration form pre-filled from the alert, submitted as it comes. */
  private static void declare(Stage s, long page, String onCall, String ts) throws Exception {
    s.t.slack.failWith("views.open", "expired_trigger_id", 1);
    assertThat(answer(s, "alert declare, form not opened", DECLARE, id(page), onCall, ts))
        .contains("could not open");
    int before = s.t.slack.calls("views.open").size();
    s.click(DECLARE, id(page), onCall, CHANNEL, ts);
    JsonObject form = s.opened("incident.declare", before);
    s.saw("incident declaration pre-filled from an alert");
    s.submit(form, onCall, asFilledIn(form));
    s.settle();
    page(s, "alert page linked to its incident", m -> m.contains("Incident: <#"));
    s.anywhere("incident declared from an alert", m -> m.contains("Declared from the alert"));
  }

  /** What the form starts with, as the person leaves it. */
  private static Map<String, String> asFilledIn(JsonObject form) {
    Map<String, String> values = new HashMap<>();
    for (JsonElement e : form.getAsJsonArray("blocks")) {
      JsonObject b = e.getAsJsonObject();
      if (!b.get("type").getAsString().equals("input")) continue;
      JsonObject el = b.getAsJsonObject("element");
      if (el.has("initial_value"))
        values.put(b.get("block_id").getAsString(), el.get("initial_value").getAsString());
    }
    return values;
  }

  private static void afterResolved(Stage s, long page, String onCall, String ts) {
    String id = id(page);
    assertThat(answer(s, "alert acknowledge, resolved", ACKNOWLEDGE, id, onCall, ts))
        .contains("resolved");
    assertThat(answer(s, "alert escalate, resolved", ESCALATE, id, onCall, ts))
        .contains("resolved");
    assertThat(answer(s, "alert silence, resolved", SILENCE, id, onCall, ts)).contains("resolved");
    assertThat(answer(s, "alert declare, resolved", DECLARE, id, onCall, ts)).contains("resolved");
  }

  /** Alertmanager is down when Silence is pressed: after ten minutes the person is told. */
  private void silenceNotAnswered(Stage s, String onCall) throws Exception {
    Instant since = s.clock.instant();
    send(s, alerts(s, groupLabels(s, "DiskFull"), since, 1, 0));
    long page = episode(s);
    FakeSlack.Message shown = page(s, "alert page, another group", m -> m.contains("FIRING"));
    s.settle();
    s.alertmanager.close();
    assertThat(answer(s, "alert silence, Alertmanager down", SILENCE, id(page), onCall, shown.ts()))
        .contains("Asking Alertmanager");
    String key = "alert:" + page + ":silence:1";
    Await.until(() -> attempts(s, key) > 0, "the silence's first try");
    s.clock.advance(Duration.ofMinutes(11));
    s.settle(key);
    s.message(
        "alert silence failure report",
        "D" + onCall,
        m -> m.contains("I could not complete") && m.contains("alert.silence"));
  }

  private static long attempts(Stage s, String key) {
    return count(s, "SELECT attempts FROM outbox WHERE idempotency_key = :key", key);
  }

  /** Many groups firing at once: each paged, and {@code /oncall alerts} lists them. */
  private void manyFiring(Stage s) throws Exception {
    Instant since = s.clock.instant();
    for (int g = 0; g < s.size.alertGroups; g++) {
      send(s, alerts(s, groupLabels(s, "Storm" + g), since, 1, 0).externalUrl(link(s, "am", g)));
    }
    Await.until(
        () -> firingGroups(s) == s.size.alertGroups + 1L,
        "every group stored",
        Duration.ofSeconds(30));
    s.settle();
    String list = s.reply("alert list, many firing", CMD, "alerts", s.person(1), GENERAL);
    if (s.size.alertGroups > 40) assertThat(list).contains("more");
  }

  private static long firingGroups(Stage s) {
    return count(s, "SELECT count(*) FROM alert_episode WHERE resolved_at IS NULL", "");
  }

  private static String id(long episode) {
    return Long.toString(episode);
  }
}
