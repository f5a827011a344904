import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load generator for the foundation benchmark (JDK only; run by {@code bench/run.sh}).
 *
 * <p>Starts a fake Slack Web API on 127.0.0.1, then per round launches the real server (the shaded
 * jar) and the floor (bench/HelloBolt: bare Bolt on the same Jetty) as subprocesses, alternating
 * which goes first. For each: cold start (process start to the {@code listening on port} line),
 * idle RSS, a warm-up, then N signed slash commands from C concurrent clients, timing each request
 * from send to the complete ack. Prints per-round results and the median of the rounds, and checks
 * the targets. Only 127.0.0.1 traffic; every phase is bounded in count and time; the subprocesses
 * are killed at the end (also on Ctrl-C).
 *
 * <p>Settings (environment): N (5000), C (50), ROUNDS (3), WARMUP (5000), IDLE_SECONDS (2), JAR
 * (target/firstresponder.jar), FLOOR_CP (class path of the compiled HelloBolt), JAVA_OPTS (JVM
 * flags for both servers; run.sh takes them from the Procfile), OUT (log folder).
 */
public final class Bench {
  static final String SECRET = "bench-signing-secret-0123456789abcdef";
  static final String BOT_TOKEN = "xoxb-bench-0000000000-0000000000-benchbenchbench";
  static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");
  static final Duration START_LIMIT = Duration.ofSeconds(60);
  static final Duration PHASE_LIMIT = Duration.ofSeconds(90);

  static final List<Process> children = new CopyOnWriteArrayList<>();

  record Target(
      String name, List<String> command, List<String> texts, String commandName, String expect) {}

  record Result(
      String target,
      int round,
      double startMs,
      double firstAckMs,
      long idleRssKb,
      long loadRssKb,
      double p50Ms,
      double p99Ms,
      double maxMs,
      double throughput,
      int ok,
      int errors) {}

  public static void main(String[] args) throws Exception {
    int n = intEnv("N", 5000, 1, 1_000_000);
    int c = intEnv("C", 50, 1, 1000);
    int rounds = intEnv("ROUNDS", 3, 1, 20);
    int warmup = intEnv("WARMUP", 5000, 0, 1_000_000);
    int idleSeconds = intEnv("IDLE_SECONDS", 2, 0, 60);
    Path jar = Path.of(env("JAR", "target/firstresponder.jar")).toAbsolutePath();
    String floorCp = env("FLOOR_CP", "target/bench/hellobolt.jar");
    List<String> javaOpts = splitOpts(env("JAVA_OPTS", "-XX:+UseSerialGC -XX:MaxRAMPercentage=75"));
    Path out = Path.of(env("OUT", "target/bench")).toAbsolutePath();
    Files.createDirectories(out);
    if (!Files.isRegularFile(jar))
      throw new IllegalStateException(jar + " missing; build it with mvn -DskipTests package");

    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> children.forEach(Process::destroyForcibly)));

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // "{server}" in JAVA_OPTS becomes the server's name, e.g. for a flight recording per server:
    // JAVA_OPTS="... -XX:StartFlightRecording=filename=/tmp/{server}.jfr"
    List<String> real = new ArrayList<>(List.of(java));
    javaOpts.forEach(o -> real.add(o.replace("{server}", "firstresponder")));
    real.addAll(List.of("-jar", jar.toString()));
    List<String> floor = new ArrayList<>(List.of(java));
    javaOpts.forEach(o -> floor.add(o.replace("{server}", "floor")));
    floor.addAll(
        List.of("-cp", jar + File.pathSeparator + Path.of(floorCp).toAbsolutePath(), "HelloBolt"));

    Target realTarget =
        new Target(
            "firstresponder", real, List.of("help"), "/incident help, /oncall help", "commands:");
    Target floorTarget = new Target("floor (bare Bolt)", floor, List.of(), "/hello", "hi");

    FakeSlack slack = FakeSlack.start();
    System.out.printf(
        "bench: N=%d C=%d ROUNDS=%d WARMUP=%d IDLE_SECONDS=%d%n",
        n, c, rounds, warmup, idleSeconds);
    System.out.printf("bench: JVM flags for both servers: %s%n", String.join(" ", javaOpts));
    System.out.printf(
        "bench: %d cores, %s %s, %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));

    List<Result> results = new ArrayList<>();
    try {
      for (int round = 1; round <= rounds; round++) {
        // Alternate the order so that neither side always runs on a warmer machine.
        List<Target> order =
            round % 2 == 1 ? List.of(realTarget, floorTarget) : List.of(floorTarget, realTarget);
        for (Target t : order) {
          Result r = run(t, round, n, c, warmup, idleSeconds, slack, out);
          results.add(r);
          System.out.printf(
              "round %d %-18s start %6.0f ms  first ack %5.0f ms  idle RSS %4d MB  p50 %6.2f ms  p99 %7.2f ms  max %7.2f ms  %7.0f req/s  RSS after load %4d MB  errors %d%n",
              round,
              t.name(),
              r.startMs(),
              r.firstAckMs(),
              r.idleRssKb() / 1024,
              r.p50Ms(),
              r.p99Ms(),
              r.maxMs(),
              r.throughput(),
              r.loadRssKb() / 1024,
              r.errors());
        }
      }
    } finally {
      slack.stop();
      children.forEach(Process::destroyForcibly);
    }

    report(results, realTarget, floorTarget, n, c, rounds, slack);
  }

  // ---- one server, one round -------------------------------------------------------------------

  static Result run(
      Target t, int round, int n, int c, int warmup, int idleSeconds, FakeSlack slack, Path out)
      throws Exception {
    Path dir = Files.createTempDirectory("bench-");
    ProcessBuilder pb =
        new ProcessBuilder(t.command()).directory(dir.toFile()).redirectErrorStream(true);
    // A clean environment: no .env, no tokens or Socket Mode from the caller's shell.
    Map<String, String> env = pb.environment();
    String path = env.get("PATH");
    env.clear();
    if (path != null) env.put("PATH", path);
    env.put("HOME", dir.toString());
    env.put("SLACK_BOT_TOKEN", BOT_TOKEN);
    env.put("SLACK_SIGNING_SECRET", SECRET);
    env.put("SLACK_API_URL", slack.url());
    env.put("PORT", "0");
    env.put("DATABASE_URL", "jdbc:sqlite:" + dir.resolve("bench.db"));

    Path log =
        out.resolve(t.name().toLowerCase().replaceAll("[^a-z]+", "-") + "round-" + round + ".log");
    long t0 = System.nanoTime();
    Process p = pb.start();
    children.add(p);
    try {
      CompletableFuture<Integer> port = new CompletableFuture<>();
      Thread reader = new Thread(() -> pump(p, log, port), "output-" + p.pid());
      reader.setDaemon(true);
      reader.start();
      int listeningPort;
      try {
        listeningPort = port.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(
            t.name() + " did not print 'listening on port' within " + START_LIMIT + "; see " + log,
            e);
      }
      double startMs = (System.nanoTime() - t0) / 1e6;
      Thread.sleep(idleSeconds * 1000L);
      long idleRss = rssKb(p.pid());

      URI uri = URI.create("http://127.0.0.1:" + listeningPort + "/slack/events");
      Load load = new Load(uri, t, slack.url() + "response/");
      // The first command after a start: cold code paths, and the one Slack still wants in 3 s.
      double firstAckMs = load.run(1, 1).max();
      if (warmup > 0) load.run(warmup, c);
      Load.Stats s = load.run(n, c);
      long loadRss = rssKb(p.pid());
      return new Result(
          t.name(),
          round,
          startMs,
          firstAckMs,
          idleRss,
          loadRss,
          s.p50(),
          s.p99(),
          s.max(),
          s.throughput(),
          s.ok(),
          s.errors());
    } finally {
      stop(p);
      children.remove(p);
      deleteTree(dir);
    }
  }

  static void pump(Process p, Path log, CompletableFuture<Integer> port) {
    try (BufferedReader in =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter w = new PrintWriter(Files.newBufferedWriter(log))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!port.isDone()) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) port.complete(Integer.parseInt(m.group(1)));
        }
        w.println(line);
      }
      port.completeExceptionally(new IllegalStateException("process exited with " + p.waitFor()));
    } catch (Exception e) {
      port.completeExceptionally(e);
    }
  }

  static void stop(Process p) throws InterruptedException {
    p.destroy(); // SIGTERM: the real server's shutdown hook stops it cleanly
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
    return -1;
  }

  // ---- the load -------------------------------------------------------------------------------

  /** C client threads sharing one HTTP/1.1 client (so up to C keep-alive connections). */
  static final class Load {
    record Stats(double p50, double p99, double max, double throughput, int ok, int errors) {}

    final URI uri;
    final Target target;
    final String responseUrl;
    final HttpClient http;
    final AtomicLong triggers = new AtomicLong();

    Load(URI uri, Target target, String responseUrl) {
      this.uri = uri;
      this.target = target;
      this.responseUrl = responseUrl;
      this.http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
    }

    Stats run(int count, int clients) throws Exception {
      long[] latencies = new long[count];
      AtomicInteger next = new AtomicInteger();
      LongAdder errors = new LongAdder();
      Map<String, String> firstError = new ConcurrentHashMap<>();
      long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
      CountDownLatch done = new CountDownLatch(clients);
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      long start = System.nanoTime();
      for (int i = 0; i < clients; i++) {
        pool.execute(
            () -> {
              try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                int k;
                while ((k = next.getAndIncrement()) < count && System.nanoTime() < deadline) {
                  HttpRequest req = request(k, mac);
                  long t0 = System.nanoTime();
                  try {
                    HttpResponse<String> resp =
                        http.send(req, HttpResponse.BodyHandlers.ofString());
                    latencies[k] = System.nanoTime() - t0;
                    if (resp.statusCode() != 200 || !resp.body().contains(target.expect())) {
                      errors.increment();
                      firstError.putIfAbsent(
                          "e", "HTTP " + resp.statusCode() + ": " + abbreviate(resp.body()));
                    }
                  } catch (IOException e) {
                    latencies[k] = System.nanoTime() - t0;
                    errors.increment();
                    firstError.putIfAbsent("e", e.toString());
                  }
                }
              } catch (Exception e) {
                firstError.putIfAbsent("e", e.toString());
              } finally {
                done.countDown();
              }
            });
      }
      boolean finished = done.await(PHASE_LIMIT.toSeconds() + 30, TimeUnit.SECONDS);
      long elapsed = System.nanoTime() - start;
      pool.shutdownNow();
      // Only requests that were sent and timed (a phase cut short by its time limit leaves zeros).
      long[] done2 = Arrays.stream(latencies).filter(l -> l > 0).sorted().toArray();
      int sent = done2.length;
      if (!finished || sent < count) {
        System.out.printf(
            "  %s: only %d of %d requests within %s%n", target.name(), sent, count, PHASE_LIMIT);
      }
      if (!firstError.isEmpty())
        System.out.printf("  %s: first error: %s%n", target.name(), firstError.get("e"));
      int errs = (int) errors.sum();
      return new Stats(
          percentile(done2, 50),
          percentile(done2, 99),
          done2.length == 0 ? 0 : done2[done2.length - 1] / 1e6,
          sent / (elapsed / 1e9),
          sent - errs,
          errs);
    }

    HttpRequest request(int k, Mac mac) {
      long id = triggers.incrementAndGet();
      String command;
      String text;
      if (target.texts().isEmpty()) {
        command = "/hello";
        text = "";
      } else {
        // Alternate the two commands of the real server; both go through our router and middleware.
        command = k % 2 == 0 ? "/incident" : "/oncall";
        text = target.texts().get(k % target.texts().size());
      }
      Map<String, String> form = new LinkedHashMap<>();
      form.put("token", "deprecated-verification-token");
      form.put("team_id", "T0TEAM001");
      form.put("team_domain", "bench");
      form.put("channel_id", "C0BENCH01");
      form.put("channel_name", "general");
      form.put("user_id", "U0USER" + (k % 10));
      form.put("user_name", "user" + (k % 10));
      form.put("command", command);
      form.put("text", text);
      form.put("api_app_id", "A0APP0001");
      form.put("is_enterprise_install", "false");
      form.put("response_url", responseUrl + id);
      form.put("trigger_id", "bench." + id + "." + Long.toHexString(System.nanoTime()));
      StringBuilder body = new StringBuilder();
      form.forEach(
          (key, v) -> {
            if (body.length() > 0) body.append('&');
            body.append(key).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
          });
      long ts = System.currentTimeMillis() / 1000;
      byte[] digest = mac.doFinal(("v0:" + ts + ":" + body).getBytes(StandardCharsets.UTF_8));
      return HttpRequest.newBuilder(uri)
          .timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .header("X-Slack-Request-Timestamp", Long.toString(ts))
          .header("X-Slack-Signature", "v0=" + HexFormat.of().formatHex(digest))
          .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
          .build();
    }
  }

  static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) return 0;
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  // ---- the fake Slack Web API -----------------------------------------------------------------

  /** Answers auth.test with the bot's identity and every other method with {"ok":true}. */
  static final class FakeSlack {
    final HttpServer server;
    final ExecutorService executor;
    final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

    private FakeSlack(HttpServer server, ExecutorService executor) {
      this.server = server;
      this.executor = executor;
    }

    static FakeSlack start() throws IOException {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
      ExecutorService executor =
          Executors.newFixedThreadPool(
              4,
              r -> {
                Thread t = new Thread(r, "fake-slack");
                t.setDaemon(true);
                return t;
              });
      FakeSlack fake = new FakeSlack(server, executor);
      server.createContext(
          "/",
          exchange -> {
            try (exchange) {
              exchange.getRequestBody().readAllBytes();
              String path = exchange.getRequestURI().getPath();
              String method = path.substring(path.lastIndexOf('/') + 1);
              if (path.startsWith("/response/")) method = "response_url";
              fake.calls.computeIfAbsent(method, m -> new LongAdder()).increment();
              String body =
                  method.equals("auth.test")
                      ? "{\"ok\":true,\"url\":\"https://bench.slack.com/\",\"team\":\"bench\",\"user\":\"bot\",\"team_id\":\"T0TEAM001\",\"user_id\":\"UBOT00001\",\"bot_id\":\"BBOT00001\"}"
                      : "{\"ok\":true}";
              byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
              exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
              exchange.sendResponseHeaders(200, bytes.length);
              try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
              }
            }
          });
      server.setExecutor(executor);
      server.start();
      return fake;
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    void stop() {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  // ---- the report ------------------------------------------------------------------------------

  static void report(
      List<Result> results, Target real, Target floor, int n, int c, int rounds, FakeSlack slack) {
    Result r = median(results, real.name());
    Result f = median(results, floor.name());
    System.out.println();
    System.out.printf(
        "Median of %d round(s); N=%d signed slash commands per run, C=%d concurrent clients.%n",
        rounds, n, c);
    System.out.printf(
        "firstresponder received: %s; floor received: %s%n",
        real.commandName(), floor.commandName());
    System.out.println();
    System.out.println(
        "| server | p50 ack | p99 ack | max | throughput | cold start to `listening` | first ack after start | idle RSS | RSS after load | errors |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Result x : List.of(r, f)) {
      System.out.printf(
          "| %s | %.2f ms | %.2f ms | %.1f ms | %.0f req/s | %.0f ms | %.0f ms | %d MB | %d MB | %d |%n",
          x.target(),
          x.p50Ms(),
          x.p99Ms(),
          x.maxMs(),
          x.throughput(),
          x.startMs(),
          x.firstAckMs(),
          x.idleRssKb() / 1024,
          x.loadRssKb() / 1024,
          x.errors());
    }
    double ratio = r.p99Ms() / f.p99Ms();
    System.out.println();
    System.out.printf(
        "p99 ack ratio firstresponder/floor: %.2fx (target <= 1.20x): %s%n",
        ratio, ratio <= 1.2 ? "MET" : "NOT MET");
    System.out.printf(
        "cold start %.0f ms (target < 2000 ms): %s%n",
        r.startMs(), r.startMs() < 2000 ? "MET" : "NOT MET");
    System.out.printf(
        "idle RSS %d MB (target < 200 MB): %s%n",
        r.idleRssKb() / 1024, r.idleRssKb() < 200 * 1024 ? "MET" : "NOT MET");
    int errors = results.stream().mapToInt(Result::errors).sum();
    if (errors > 0)
      System.out.printf(
          "WARNING: %d requests failed or answered unexpectedly; see the logs in target/bench%n",
          errors);
    System.out.println("fake Slack Web API calls (all runs): " + new TreeMap<>(slack.calls));
  }

  /** Per metric, the median over the rounds (each metric on its own). */
  static Result median(List<Result> results, String target) {
    List<Result> mine = results.stream().filter(x -> x.target().equals(target)).toList();
    return new Result(
        target,
        0,
        med(mine, Result::startMs),
        med(mine, Result::firstAckMs),
        (long) med(mine, x -> x.idleRssKb()),
        (long) med(mine, x -> x.loadRssKb()),
        med(mine, Result::p50Ms),
        med(mine, Result::p99Ms),
        med(mine, Result::maxMs),
        med(mine, Result::throughput),
        (int) mine.stream().mapToInt(Result::ok).sum(),
        mine.stream().mapToInt(Result::errors).sum());
  }

  static double med(List<Result> rs, ToDoubleFunction<Result> f) {
    double[] v = rs.stream().mapToDouble(f).sorted().toArray();
    if (v.length == 0) return 0;
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  // ---- small things ----------------------------------------------------------------------------

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v.strip();
  }

  static int intEnv(String name, int fallback, int min, int max) {
    int v = Integer.parseInt(env(name, Integer.toString(fallback)));
    if (v < min || v > max)
      throw new IllegalArgumentException(name + " must be from " + min + " to " + max);
    return v;
  }

  static List<String> splitOpts(String opts) {
    return Arrays.stream(opts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(x -> x.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
