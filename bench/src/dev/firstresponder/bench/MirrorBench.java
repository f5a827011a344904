package dev.firstresponder.bench;

import dev.firstresponder.github.GitHubEffects;
import dev.firstresponder.outbox.Effect;
import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.SlackPayloads;
import dev.firstresponder.testing.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Conversation mirror benchmark (not a test): Slack message events into an incident channel while
 * the fake GitHub answers every request 200 ms late. Measures the Slack ack latency (must not
 * depend on GitHub) and how fast the backlog drains into comments. Run with bench/mirror.sh.
 *
 * <p>Arguments: messages (default 400), concurrent senders (default 4), batch seconds (default both
 * 0 and 3).
 */
public final class MirrorBench {
  private static final String CHANNEL = "C0BENCH01";

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int senders = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    List<Integer> windows = args.length > 2 ? List.of(Integer.parseInt(args[2])) : List.of(0, 3);
    for (int window : windows) run(messages, senders, window);
  }

  static void run(int messages, int senders, int window) throws Exception {
    try (TestApp t = TestApp.start(Map.of("MIRROR_BATCH_SECONDS", Integer.toString(window)))) {
      t.slack.addChannel(CHANNEL, "inc-bench", true).addUser("U0BENCH01", "bench");
      long id =
          t.app
              .database()
              .jdbi()
              .withHandle(
                  h ->
                      h.createUpdate(
                              """
              INSERT INTO incident (cluster, service, short_message, impacted_users, criteria, declared_by, cc_user,
                                    declared_at, channel_id, channel_name)
              VALUES ('prod', 'bench', 'bench', 'all', 'visible', 'U0BENCH01', 'U0BENCH01', 0, :c, 'inc-bench')
              """)
                          .bind("c", CHANNEL)
                          .executeAndReturnGeneratedKeys("id")
                          .mapTo(Long.class)
                          .one());
      t.app
          .outbox()
          .enqueue(
              Effect.of(
                  "github:incident:" + id,
                  GitHubEffects.CREATE_ISSUE,
                  "incident:" + id + ":issue",
                  new GitHubEffects.CreateIssue("[INCIDENT] bench", "body", List.of(), List.of())));
      int issue = t.github.awaitIssue(i -> i.title.contains("bench")).number;
      Await.until(
          () -> GitHubEffects.created(t.app.outbox(), "incident:" + id + ":issue").isPresent(),
          "issue");
      // Warm up the request path (Bolt, Jetty, SQLite) outside the measurement.
      for (int i = 0; i < 20; i++)
        t.event(
            SlackPayloads.message(
                "C0NOTINC1", "U0BENCH01", "1600000000.%06d".formatted(i), "warm", null),
            "EvWarm" + i,
            0);

      t.github.latency(Duration.ofMillis(200));
      AtomicInteger next = new AtomicInteger();
      List<Long> acks = Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(senders);
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        done.add(
            pool.submit(
                () -> {
                  int n;
                  while ((n = next.incrementAndGet()) <= messages) {
                    String ts = "1700000000.%06d".formatted(n * 10);
                    long t0 = System.nanoTime();
                    var r =
                        t.event(
                            SlackPayloads.message(
                                CHANNEL, "U0BENCH01", ts, "message *" + n + "*", null),
                            "EvB" + n,
                            0);
                    acks.add(System.nanoTime() - t0);
                    if (r.statusCode() != 200)
                      throw new IllegalStateException("ack " + r.statusCode());
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) f.get();
      pool.shutdown();
      double ingestSeconds = (System.nanoTime() - start) / 1e9;
      // Drained: every message is in a comment on the issue.
      long drainDeadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (mirrored(t, issue) < messages) {
        if (System.nanoTime() > drainDeadline)
          throw new IllegalStateException("not drained in 10 minutes");
        Thread.sleep(50);
      }
      double drainSeconds = (System.nanoTime() - start) / 1e9;
      int comments = t.github.issue(issue).comments.size();
      List<Long> sorted = new ArrayList<>(acks);
      Collections.sort(sorted);
      System.out.printf(
          "window=%ds messages=%d senders=%d | ingest %.0f events/s | ack p50 %.1f ms p99 %.1f ms max %.1f ms |"
              + " drained in %.1f s = %.1f messages/s into %d comments (%.2f comments/s)%n",
          window,
          messages,
          senders,
          messages / ingestSeconds,
          pct(sorted, 50),
          pct(sorted, 99),
          sorted.get(sorted.size() - 1) / 1e6,
          drainSeconds,
          messages / drainSeconds,
          comments,
          comments / drainSeconds);
    }
  }

  private static long mirrored(TestApp t, int issue) {
    return t.github.issue(issue).comments.stream()
        .mapToLong(
            c ->
                java.util.regex.Pattern.compile("message \\*\\*\\d+\\*\\*")
                    .matcher(c.body)
                    .results()
                    .count())
        .sum();
  }

  private static double pct(List<Long> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, i)) / 1e6;
  }
}
