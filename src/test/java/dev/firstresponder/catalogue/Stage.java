package dev.firstresponder.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.MutableClock;
import dev.firstresponder.testing.RealAlertmanager;
import dev.firstresponder.testing.SlackPayloads;
import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The running app the catalogue renders surfaces with, and what people do to it: slash commands,
 * modals filled in and submitted, buttons, messages; all as signed requests, the way Slack sends
 * them. Every reply the app gives Slack is checked by the test client, every call the app makes by
 * the fakes; a surface is rendered when the step that waits for it returns.
 */
final class Stage {
  static final String ADMIN = "U0ADMIN01";
  static final String GENERAL = "C0GENERAL";
  static final String USERGROUP = "S0ONCALL1";

  /** The bearer token Alertmanager sends the webhook. */
  static final String ALERTMANAGER_TOKEN = "am-token-0123456789abcdef";

  /**
   * Free text that grows the most when escaped for Slack and GitHub ({@code &} becomes {@code
   * &amp;}), with the things people type that must stay inert: broadcasts, mentions, issue
   * references, markup, letters beyond ASCII.
   */
  private static final String HOSTILE =
      "&".repeat(150) + " <!channel> @octocat fixes #12 *bold* `code` <b>ü</b> 😀 ";

  /** Free text that grows the most in GitHub titles: every mention and reference is broken up. */
  private static final String REFERENCES = "@a#1";

  /** The app's immediate answer to a request. */
  record Ack(int status, String body) {
    JsonObject json() {
      return body == null || body.isBlank()
          ? new JsonObject()
          : JsonParser.parseString(body).getAsJsonObject();
    }

    String text() {
      JsonObject o = json();
      return o.has("text") ? o.get("text").getAsString() : "";
    }

    Map<String, String> errors() {
      JsonObject o = json();
      Map<String, String> out = new LinkedHashMap<>();
      if (o.has("errors"))
        o.getAsJsonObject("errors")
            .entrySet()
            .forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
      return out;
    }
  }

  final Size size;
  final TestApp t;
  final MutableClock clock;

  /** The real Alertmanager, for the Silence button. */
  final RealAlertmanager alertmanager;

  final List<String> people = new ArrayList<>();
  private final Map<String, String> names = new LinkedHashMap<>();
  private final Map<String, Integer> rendered = new LinkedHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  private Stage(Size size, TestApp t, MutableClock clock, RealAlertmanager alertmanager) {
    this.size = size;
    this.t = t;
    this.clock = clock;
    this.alertmanager = alertmanager;
  }

  /** An app started with {@code apps}, which checks and stops it after the test. */
  static Stage start(TestApps apps, Size size) throws Exception {
    MutableClock clock = MutableClock.ticking();
    RealAlertmanager alertmanager =
        new RealAlertmanager(Files.createTempDirectory("catalogue-alertmanager"));
    TestApp t =
        apps.start(
            Map.of(
                "MIRROR_BATCH_SECONDS",
                "1",
                "ONCALL_ADMINS",
                ADMIN,
                "ONCALL_USERGROUP",
                USERGROUP,
                "ALERTMANAGER_TOKEN",
                ALERTMANAGER_TOKEN,
                "ALERTMANAGER_URL",
                alertmanager.url(),
                "ALERT_ISSUES",
                "true"),
            clock);
    alertmanager.start(t.baseUrl() + "/alertmanager", ALERTMANAGER_TOKEN);
    apps.onClose(alertmanager::close);
    Stage s = new Stage(size, t, clock, alertmanager);
    s.names.put(ADMIN, s.name("admin"));
    s.t.slack.addAdmin(ADMIN, s.names.get(ADMIN));
    for (int i = 1; i <= size.people; i++) {
      String id = "U0PPL%04d".formatted(i);
      s.people.add(id);
      s.names.put(id, s.name("person-" + i));
      s.t.slack.addUser(
          new FakeSlack.User(
              id, s.names.get(id), s.name("Person " + i), false, false, false, "UTC"));
    }
    // Channels the bot posts in or is asked from, with the longest names Slack allows.
    s.t
        .slack
        .addChannel(GENERAL, s.channelName("general"), true)
        .addChannel(TestApp.ANNOUNCE, s.channelName("announcements"), true)
        .addChannel(TestApp.ONCALL, s.channelName("oncall"), true);
    return s;
  }

  boolean longest() {
    return size == Size.LONGEST;
  }

  String person(int i) {
    return people.get(i % people.size());
  }

  /** A mention as Slack puts it into a slash command's text: {@code <@U123|name>}. */
  String mention(String userId) {
    return "<@" + userId + "|" + names.getOrDefault(userId, "someone") + ">";
  }

  // ---- input ----------------------------------------------------------------------------------

  /** One line of free text for a field that takes up to {@code max} characters. */
  String text(int max) {
    return longest() ? fill(max, HOSTILE) : ordinary(max, false);
  }

  /**
   * One line of mentions and issue references for a field that takes up to {@code max} characters:
   * what grows most where text is not escaped but made inert (issue titles).
   */
  String references(int max) {
    return longest() ? fill(max, REFERENCES) : ordinary(max, false);
  }

  /** Several lines of free text for a field that takes up to {@code max} characters. */
  String lines(int max) {
    return longest() ? fill(max, HOSTILE.strip() + "\n") : ordinary(max, true);
  }

  /**
   * A word (no spaces) of up to {@code max} characters that is no subcommand, number, date or
   * GitHub login.
   */
  String word(int max) {
    return longest() ? fill(max, "&<>@#&&&&") : "what?";
  }

  /** A name as Slack shows it: a display name or a channel name, at most {@code max}. */
  String name(String base) {
    return longest() ? fill(Size.DISPLAY_NAME, base + " R&D & ops ") : base;
  }

  String channelName(String base) {
    if (!longest()) return base;
    StringBuilder b = new StringBuilder(base);
    while (b.length() < Size.CHANNEL_NAME) b.append("-ops_2");
    return b.substring(0, Size.CHANNEL_NAME);
  }

  /** A unique tag for names of things (services, clusters), so they stay apart. */
  String tag(String base, int i) {
    return base + "%02d".formatted(i);
  }

  private static String ordinary(int max, boolean multiline) {
    String s =
        multiline
            ? "Dashboards time out for some users.\nWe restarted the query frontend."
            : "Dashboards time out for some users";
    return s.length() <= max ? s : s.substring(0, max).strip();
  }

  /** Exactly {@code n} characters of the unit repeated, never ending in a space or half a pair. */
  static String fill(int n, String unit) {
    StringBuilder b = new StringBuilder(n + unit.length());
    while (b.length() < n) b.append(unit);
    b.setLength(n);
    char last = b.charAt(n - 1);
    if (Character.isWhitespace(last) || Character.isHighSurrogate(last)) b.setCharAt(n - 1, 'x');
    return b.toString();
  }

  // ---- requests -------------------------------------------------------------------------------

  Ack command(String command, String text, String user, String channel) throws Exception {
    HttpResponse<String> r = t.command(command, text, user, channel);
    assertThat(r.statusCode()).as("%s %s", command, abbreviate(text)).isEqualTo(200);
    return new Ack(r.statusCode(), r.body());
  }

  /** A command whose answer is text; returns it (and counts the surface). */
  String reply(String surface, String command, String text, String user, String channel)
      throws Exception {
    Ack ack = command(command, text, user, channel);
    assertThat(ack.text())
        .as("the answer to %s %s: %s", command, abbreviate(text), abbreviate(ack.body()))
        .isNotBlank();
    saw(surface);
    return ack.text();
  }

  /** A command that opens a modal; returns the modal as views.open carried it. */
  JsonObject modal(String callbackId, String command, String text, String user, String channel)
      throws Exception {
    int before = t.slack.calls("views.open").size();
    Ack ack = command(command, text, user, channel);
    assertThat(ack.text()).as("no error instead of the %s modal", callbackId).isEmpty();
    return opened(callbackId, before);
  }

  /** The modal with this callback id that views.open carried after the first {@code before}. */
  JsonObject opened(String callbackId, int before) {
    JsonObject view =
        Await.until(
            () ->
                t.slack.calls("views.open").stream()
                    .skip(before)
                    .map(c -> c.json("view"))
                    .filter(v -> v.get("callback_id").getAsString().equals(callbackId))
                    .findFirst()
                    .orElse(null),
            "the " + callbackId + " modal");
    saw("modal " + callbackId);
    return view;
  }

  /** Clicks a button (or other action) in a message; its answer goes to a response_url. */
  String click(String actionId, String value, String user, String channel, String ts)
      throws Exception {
    String responseUrl = t.slack.responseUrl("click-" + ids.incrementAndGet());
    HttpResponse<String> r =
        t.interaction(SlackPayloads.blockAction(actionId, value, user, channel, ts, responseUrl));
    assertThat(r.statusCode()).as("click on " + actionId).isEqualTo(200);
    return responseUrl.substring(responseUrl.indexOf("/respond/"));
  }

  /** The message the app posted to a response_url. */
  FakeSlack.Response response(String path) {
    FakeSlack.Response r = t.slack.awaitResponse(x -> x.path().equals(path));
    saw("response_url");
    return r;
  }

  /**
   * Submits a modal the way Slack does, every input filled: the given values by block id, else the
   * longest (or an ordinary) text for text inputs, everyone for user pickers, the preselected or
   * first option for menus, every box ticked.
   */
  Ack submit(JsonObject view, String user, Map<String, String> values) throws Exception {
    Ack ack = send(view, user, values);
    assertThat(ack.errors())
        .as("the %s modal accepted its input", view.get("callback_id").getAsString())
        .isEmpty();
    saw("submitted " + view.get("callback_id").getAsString());
    return ack;
  }

  /** Submits input the modal refuses; returns the field errors it answered with. */
  Map<String, String> refused(JsonObject view, String user, Map<String, String> values)
      throws Exception {
    Map<String, String> errors = send(view, user, values).errors();
    assertThat(errors).as("field errors of " + view.get("callback_id")).isNotEmpty();
    saw("field errors " + view.get("callback_id").getAsString());
    return errors;
  }

  private Ack send(JsonObject view, String user, Map<String, String> values) throws Exception {
    JsonObject v = ModalAnswers.filledIn(view, values, this);
    v.addProperty("id", "VCAT%06d".formatted(ids.incrementAndGet()));
    HttpResponse<String> r = t.interaction(SlackPayloads.viewSubmission(user, v));
    assertThat(r.statusCode()).as("submission of " + view.get("callback_id")).isEqualTo(200);
    return new Ack(r.statusCode(), r.body());
  }

  // ---- what the app did -----------------------------------------------------------------------

  /** Effects a step made fail on purpose (by their idempotency key). */
  private final Set<String> expectedFailures = new HashSet<>();

  /** Waits until every effect is applied; none may have failed (but those expected to). */
  void settle(String... expectedToFail) {
    expectedFailures.addAll(List.of(expectedToFail));
    Await.until(
        () -> t.app.outbox().stats().pending() == 0,
        "the outbox to be applied; " + t.app.outbox().stats(),
        Duration.ofSeconds(120));
    List<String> failed =
        t.app
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT idempotency_key || ': ' || coalesce(last_error, '') FROM outbox"
                                + " WHERE state = 'failed'")
                        .mapTo(String.class)
                        .list());
    List<String> unexpected =
        failed.stream()
            .filter(f -> expectedFailures.stream().noneMatch(k -> f.startsWith(k + ": ")))
            .toList();
    assertThat(unexpected).as("effects that failed for good").isEmpty();
  }

  /** A column of an incident's row (its channel, its issue number), once it is set. */
  String incident(long id, String column) {
    return Await.until(
        () ->
            t.app
                .database()
                .jdbi()
                .withHandle(
                    h ->
                        h.createQuery("SELECT " + column + " FROM incident WHERE id = :id")
                            .bind("id", id)
                            .mapTo(String.class)
                            .findOne()
                            .orElse(null)),
        column + " of incident " + id);
  }

  /** The newest message in a channel (or DM) whose text matches. */
  FakeSlack.Message message(String surface, String channel, Predicate<String> text) {
    FakeSlack.Message m =
        Await.until(
            () -> {
              List<FakeSlack.Message> all = t.slack.messages(channel);
              for (int i = all.size() - 1; i >= 0; i--)
                if (all.get(i).text() != null && text.test(all.get(i).text())) return all.get(i);
              return null;
            },
            surface + " in " + channel,
            Duration.ofSeconds(60));
    saw(surface);
    return m;
  }

  /** The newest message anywhere (a channel or a DM) whose text matches. */
  FakeSlack.Message anywhere(String surface, Predicate<String> text) {
    FakeSlack.Message m =
        Await.until(
            () ->
                t.slack.allMessages().stream()
                    .filter(x -> x.text() != null && text.test(x.text()))
                    .reduce((a, b) -> b)
                    .orElse(null),
            surface,
            Duration.ofSeconds(60));
    saw(surface);
    return m;
  }

  void saw(String surface) {
    rendered.merge(surface, 1, Integer::sum);
  }

  Map<String, Integer> rendered() {
    return Map.copyOf(rendered);
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "… (" + s.length() + " characters)";
  }
}
