package dev.firstresponder.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.firstresponder.Application;
import dev.firstresponder.Config;
import dev.firstresponder.outbox.OutboxWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real service, started in-process on 127.0.0.1:0 with a real SQLite file in a temp folder,
 * pointed at a {@link FakeSlack} and a {@link FakeGitHub} through SLACK_API_URL and GITHUB_API_URL,
 * and a client that signs requests exactly as Slack does.
 */
public final class TestApp implements AutoCloseable {
  public static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  public static final String BOT_TOKEN = "xoxb-1111111111-2222222222-abcdefghijklmnopqrstuvwx";
  public static final String ANNOUNCE = "CANNOUNCE1";
  public static final String ONCALL = "CONCALL01";
  public static final String WEBHOOK_SECRET = "webhook-secret-for-tests";

  public final FakeSlack slack;
  public final FakeGitHub github;
  public final Path dir;
  public final Map<String, String> env;
  public final Clock clock;
  public final Application app;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final SlackSigner signer = new SlackSigner(SIGNING_SECRET);
  private final AtomicInteger triggers = new AtomicInteger();
  private final boolean ownsFakes;

  /** The app that took over after {@link #restart()}; closing this one closes it. */
  private TestApp successor;

  private boolean closed;

  private TestApp(
      FakeSlack slack,
      FakeGitHub github,
      Path dir,
      Map<String, String> env,
      Clock clock,
      boolean ownsFakes)
      throws Exception {
    this.slack = slack;
    this.github = github;
    this.dir = dir;
    this.env = Map.copyOf(env);
    this.clock = clock;
    this.ownsFakes = ownsFakes;
    this.app = Application.start(Config.fromEnv(env), clock, tuning());
  }

  /** Fast retries so outages and recoveries take milliseconds in tests. */
  public static Application.Tuning tuning() {
    return new Application.Tuning(
        "127.0.0.1",
        new OutboxWorker.Backoff(
            Duration.ofMillis(50),
            Duration.ofMillis(400),
            Duration.ofSeconds(5),
            Duration.ofMillis(50)),
        2);
  }

  /** The default environment: everything configured, pointing at the fakes. */
  public static Map<String, String> env(FakeSlack slack, FakeGitHub github, Path dir) {
    Map<String, String> env = new HashMap<>();
    env.put("SLACK_BOT_TOKEN", BOT_TOKEN);
    env.put("SLACK_SIGNING_SECRET", SIGNING_SECRET);
    env.put("SLACK_API_URL", slack.apiUrl());
    env.put("PORT", "0");
    env.put("DATABASE_URL", "jdbc:sqlite:" + dir.resolve("firstresponder.db"));
    if (github != null) {
      env.put("GITHUB_TOKEN", "ghp_testtoken000000000000000000000000");
      env.put("GITHUB_REPOSITORY", github.owner + "/" + github.repo);
      env.put("GITHUB_API_URL", github.url());
    }
    env.put("GITHUB_WEBHOOK_SECRET", WEBHOOK_SECRET);
    env.put("ANNOUNCE_CHANNEL", ANNOUNCE);
    env.put("ONCALL_CHANNEL", ONCALL);
    return env;
  }

  public static TestApp start() throws Exception {
    return start(Map.of());
  }

  /** Starts with the default environment plus overrides (an empty value removes a setting). */
  public static TestApp start(Map<String, String> overrides) throws Exception {
    return start(overrides, Clock.systemUTC());
  }

  public static TestApp start(Map<String, String> overrides, Clock clock) throws Exception {
    FakeSlack slack = new FakeSlack().grantScopes(botScopes());
    FakeGitHub github = new FakeGitHub("acme", "sre");
    slack.addChannel(ANNOUNCE, "announcements", true).addChannel(ONCALL, "oncall", true);
    Path dir = Files.createTempDirectory("firstresponder-test");
    Map<String, String> env = env(slack, github, dir);
    overrides.forEach(
        (k, v) -> {
          if (v == null || v.isEmpty()) env.remove(k);
          else env.put(k, v);
        });
    return new TestApp(slack, github, dir, env, clock, true);
  }

  /** The bot scopes the app's manifest asks for at install ({@code manifest.yml}). */
  public static Set<String> botScopes() {
    try {
      Set<String> scopes = new LinkedHashSet<>();
      boolean inBot = false;
      for (String line : Files.readAllLines(Path.of("manifest.yml"))) {
        String l = line.strip();
        if (l.equals("bot:")) inBot = true;
        else if (inBot && l.startsWith("- "))
          scopes.add(l.substring(2).replaceAll("#.*", "").strip());
        else if (inBot && !l.isEmpty() && !l.startsWith("#")) break;
      }
      return scopes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Another process life on the same database and fakes: what a restart (or kill -9) leaves. */
  public TestApp restart() throws Exception {
    app.close();
    successor = new TestApp(slack, github, dir, env, clock, true);
    return successor;
  }

  /** A second start on the same database while this one is abandoned without a clean stop. */
  public TestApp startAgainWithoutStopping() throws Exception {
    return new TestApp(slack, github, dir, env, clock, true);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + app.port();
  }

  // ---- signed Slack requests ------------------------------------------------------------------

  public HttpResponse<String> postSigned(String contentType, String body, long timestampSeconds)
      throws IOException, InterruptedException {
    return postSigned(contentType, body, timestampSeconds, Map.of());
  }

  public HttpResponse<String> postSigned(
      String contentType, String body, long timestampSeconds, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/slack/events"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", contentType)
            .header("X-Slack-Request-Timestamp", Long.toString(timestampSeconds))
            .header("X-Slack-Signature", signer.sign(timestampSeconds, body))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  public String newTriggerId() {
    return "trigger-" + triggers.incrementAndGet() + "-" + UUID.randomUUID();
  }

  /** A slash command as Slack sends it (form encoded, escaped mentions). */
  public HttpResponse<String> command(String command, String text, String userId, String channelId)
      throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", "deprecated-verification-token");
    form.put("team_id", FakeSlack.TEAM);
    form.put("team_domain", "fake");
    form.put("channel_id", channelId);
    form.put("channel_name", "general");
    form.put("user_id", userId);
    form.put("user_name", userId.toLowerCase());
    form.put("command", command);
    form.put("text", text);
    form.put("api_app_id", "A0APP0001");
    form.put("is_enterprise_install", "false");
    form.put("response_url", slack.responseUrl("cmd-" + triggers.get()));
    form.put("trigger_id", newTriggerId());
    HttpResponse<String> r =
        postSigned("application/x-www-form-urlencoded", formEncode(form), now());
    // Slack shows the ack's body as the command's answer: it must be a message Slack accepts.
    if (r.statusCode() == 200)
      slack.refusedAck(
          command + " " + (text.length() <= 60 ? text : text.substring(0, 60) + "…") + ": the ack",
          BlockKit.commandAck(r.body()));
    return r;
  }

  /** An interactivity payload (view_submission, block_actions, …) as Slack sends it. */
  public HttpResponse<String> interaction(String payloadJson) throws Exception {
    HttpResponse<String> r =
        postSigned(
            "application/x-www-form-urlencoded",
            "payload=" + URLEncoder.encode(payloadJson, StandardCharsets.UTF_8),
            now());
    JsonObject payload = JsonParser.parseString(payloadJson).getAsJsonObject();
    if (r.statusCode() == 200 && "view_submission".equals(payload.get("type").getAsString())) {
      // Field errors, or a modal that replaces or is pushed onto the submitted one.
      JsonObject view = payload.getAsJsonObject("view");
      slack.refusedAck(
          "view_submission of " + view.get("callback_id") + ": the ack",
          BlockKit.viewSubmissionAck(r.body(), view));
    }
    return r;
  }

  /** An Events API delivery; retryNum &gt; 0 adds Slack's retry headers. */
  public HttpResponse<String> event(String eventJson, String eventId, int retryNum)
      throws Exception {
    String body =
        FakeSlack.obj(
                "token",
                "deprecated",
                "team_id",
                FakeSlack.TEAM,
                "api_app_id",
                "A0APP0001",
                "type",
                "event_callback",
                "event_id",
                eventId,
                "event_time",
                now(),
                "event",
                JsonParser.parseString(eventJson))
            .toString();
    Map<String, String> headers =
        retryNum > 0
            ? Map.of(
                "X-Slack-Retry-Num",
                Integer.toString(retryNum),
                "X-Slack-Retry-Reason",
                "http_timeout")
            : Map.of();
    return postSigned("application/json", body, now(), headers);
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> githubWebhook(
      String event, String deliveryId, String body, String signature)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/github/webhook"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", event)
            .header("X-GitHub-Delivery", deliveryId)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) b.header("X-Hub-Signature-256", signature);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public static String formEncode(Map<String, String> form) {
    StringBuilder sb = new StringBuilder();
    form.forEach(
        (k, v) -> {
          if (sb.length() > 0) sb.append('&');
          sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
    return sb.toString();
  }

  /** Stops the app (or the one that replaced it on a restart) and the fakes; once. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    if (successor != null) {
      successor.close();
      return;
    }
    app.close();
    if (ownsFakes) {
      slack.close();
      github.close();
    }
  }
}
