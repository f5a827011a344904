package dev.firstresponder.bench;

import dev.firstresponder.alert.Notifications;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Alert storm benchmark (not a test): ALERTS alerts in GROUPS groups reach the real app (TestApp:
 * Jetty + SQLite file + outbox) within SPREAD seconds, each new alert as Alertmanager sends it: its
 * group's full notification again. The fake Slack refuses any post into a channel less than 950 ms
 * after the previous one. Measured: the webhook's answer time, the pages (must be one per group),
 * and how long Slack delivery takes at one message per second. Run with bench/alerts.sh.
 *
 * <p>Arguments: alerts (default 200), groups (default 40), spread seconds (default 60), senders
 * (default 8).
 */
public final class AlertStormBench {
  private static final String TOKEN = "bench-token-0123456789";
  private static final String ONCALL_USER = "U0BENCH01";

  public static void main(String[] args) throws Exception {
    int alerts = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int groups = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    int spread = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    int senders = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    try (TestApp t = TestApp.start(Map.of("ALERTMANAGER_TOKEN", TOKEN))) {
      t.slack.addAdmin("U0ADMIN01", "admin").addUser(ONCALL_USER, "bench");
      t.command("/oncall", "add <@" + ONCALL_USER + "|bench>", "U0ADMIN01", "C0GENERAL");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      URI url = URI.create(t.baseUrl() + "/alertmanager");
      // Warm up every request path (new group, new alert, repeat, resolution) outside the
      // measurement: 10 groups of 5 alerts, then resolved.
      Instant warm = Instant.now();
      for (int g = 0; g < 10; g++) {
        Notifications n = Notifications.group(Map.of("alertname", "Warm" + g, "cluster", "w"));
        for (int a = 0; a < 5; a++) {
          send(http, url, n.firing("w" + g + "a" + a, warm, Map.of("instance", "i" + a)).json());
          send(http, url, n.json());
        }
        Notifications resolved =
            Notifications.group(Map.of("alertname", "Warm" + g, "cluster", "w"));
        for (int a = 0; a < 5; a++) {
          resolved.resolved("w" + g + "a" + a, warm, Instant.now(), Map.of("instance", "i" + a));
        }
        send(http, url, resolved.json());
      }
      waitFor(() -> t.app.outbox().stats().pending() == 0, Duration.ofMinutes(2));
      Thread.sleep(2000);
      t.slack.enforcePostRate(Duration.ofMillis(950));
      int pagesBefore = pages(t);
      int dmsBefore = t.slack.messages("D" + ONCALL_USER).size();

      // Each alert joins a random group; its arrival sends that group's whole notification.
      Random random = new Random(42);
      List<Notifications> state = new ArrayList<>();
      for (int g = 0; g < groups; g++)
        state.add(Notifications.group(Map.of("alertname", "Storm" + g, "cluster", "prod")));
      List<String> bodies = new ArrayList<>();
      Instant now = Instant.now();
      for (int a = 0; a < alerts; a++) {
        int g = a < groups ? a : random.nextInt(groups);
        bodies.add(state.get(g).firing("g" + g + "a" + a, now, Map.of("instance", "i" + a)).json());
      }
      Collections.shuffle(bodies.subList(groups, bodies.size()), random);

      ExecutorService pool = Executors.newFixedThreadPool(senders);
      List<Long> answers = Collections.synchronizedList(new ArrayList<>());
      long start = System.nanoTime();
      long gapNanos = bodies.size() <= 1 ? 0 : Duration.ofSeconds(spread).toNanos() / bodies.size();
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < bodies.size(); i++) {
        long due = start + i * gapNanos;
        while (System.nanoTime() < due) Thread.sleep(1);
        String body = bodies.get(i);
        sent.add(
            pool.submit(
                () -> {
                  long t0 = System.nanoTime();
                  int status = send(http, url, body);
                  answers.add(System.nanoTime() - t0);
                  if (status != 200) throw new IllegalStateException("answer " + status);
                  return null;
                }));
      }
      for (Future<?> f : sent) f.get();
      pool.shutdown();
      double sendSeconds = (System.nanoTime() - start) / 1e9;
      waitFor(
          () -> pages(t) - pagesBefore >= groups && t.app.outbox().stats().pending() == 0,
          Duration.ofMinutes(10));
      double deliveredSeconds = (System.nanoTime() - start) / 1e9;
      Thread.sleep(3000); // anything more than one page per group would show up by now
      List<Long> sorted = new ArrayList<>(answers);
      Collections.sort(sorted);
      System.out.printf(
          "alerts=%d groups=%d spread=%ds senders=%d | %d requests in %.1f s | answer p50 %.1f ms p99 %.1f ms max %.1f ms |"
              + " pages %d (DMs %d), all delivered after %.1f s | refused posts %d | outbox failed %d%n",
          alerts,
          groups,
          spread,
          senders,
          sorted.size(),
          sendSeconds,
          pct(sorted, 50),
          pct(sorted, 99),
          sorted.get(sorted.size() - 1) / 1e6,
          pages(t) - pagesBefore,
          t.slack.messages("D" + ONCALL_USER).size() - dmsBefore,
          deliveredSeconds,
          t.slack.violations().size(),
          t.app.outbox().stats().failed());
      t.slack.violations().forEach(v -> System.out.println("  refused: " + v));
    }
  }

  private static int pages(TestApp t) {
    int n = 0;
    for (FakeSlack.Message m : t.slack.messages(TestApp.ONCALL)) {
      if (m.threadTs() == null && m.metadata() != null && m.metadata().contains(":page\"")) n++;
    }
    return n;
  }

  private static int send(HttpClient http, URI url, String body) throws Exception {
    return http.send(
            HttpRequest.newBuilder(url)
                .header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static void waitFor(java.util.function.BooleanSupplier done, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("timed out");
      Thread.sleep(50);
    }
  }

  private static double pct(List<Long> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, i)) / 1e6;
  }
}
