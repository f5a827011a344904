package dev.firstresponder.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service as a real operating-system process (Main on the test class path), so tests can do
 * what operators and crashes do: SIGTERM, and {@code kill -9} at any moment.
 */
public final class ProcessApp implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

  private final Process process;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final SlackSigner signer = new SlackSigner(TestApp.SIGNING_SECRET);

  private ProcessApp(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () ->
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                    .lines()
                    .forEach(log::add),
            "process-app-log");
    reader.setDaemon(true);
    reader.start();
    this.port =
        Await.until(
            () ->
                log.stream()
                    .map(LISTENING::matcher)
                    .filter(Matcher::find)
                    .map(m -> Integer.parseInt(m.group(1)))
                    .findFirst()
                    .orElse(null),
            "'listening on port' from the process",
            Duration.ofSeconds(60));
  }

  /**
   * Starts Main with exactly this environment, in the given working directory, with short outbox
   * timings as in TestApp.
   */
  public static ProcessApp start(Map<String, String> env, Path workingDirectory) throws Exception {
    return start(
        env,
        workingDirectory,
        List.of(
            "-Dfirstresponder.outbox.retryInitial=100",
            "-Dfirstresponder.outbox.retryMax=500",
            "-Dfirstresponder.outbox.lease=3000",
            "-Dfirstresponder.outbox.idlePoll=100"));
  }

  /** As {@link #start(Map, Path)}, with the outbox timings of production (its lease above all). */
  public static ProcessApp startWithProductionTimings(
      Map<String, String> env, Path workingDirectory) throws Exception {
    return start(env, workingDirectory, List.of());
  }

  private static ProcessApp start(
      Map<String, String> env, Path workingDirectory, List<String> jvmOptions) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), "dev.firstresponder.Main"));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process process = pb.start();
    try {
      return new ProcessApp(process);
    } catch (RuntimeException | Error e) {
      process.destroyForcibly(); // never leave a server running behind a failed test
      throw e;
    }
  }

  public List<String> log() {
    return List.copyOf(log);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** kill -9: no shutdown hook, no flush, nothing finishes. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  public HttpResponse<String> interaction(String payloadJson) throws Exception {
    String body = "payload=" + URLEncoder.encode(payloadJson, StandardCharsets.UTF_8);
    return postSigned("application/x-www-form-urlencoded", body);
  }

  public HttpResponse<String> postSigned(String contentType, String body) throws Exception {
    long ts = System.currentTimeMillis() / 1000;
    return http.send(
        HttpRequest.newBuilder(URI.create(baseUrl() + "/slack/events"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", contentType)
            .header("X-Slack-Request-Timestamp", Long.toString(ts))
            .header("X-Slack-Signature", signer.sign(ts, body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A GitHub webhook delivery, signed with the test webhook secret. */
  public HttpResponse<String> githubWebhook(String event, String deliveryId, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(baseUrl() + "/github/webhook"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", event)
            .header("X-GitHub-Delivery", deliveryId)
            .header(
                "X-Hub-Signature-256", SlackSigner.githubSignature(TestApp.WEBHOOK_SECRET, body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) kill9();
  }
}
