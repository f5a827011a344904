package dev.firstresponder.web;

import dev.firstresponder.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The service's Prometheus metrics: Slack requests, handler latency, and the outbox. */
public final class Metrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  private record RequestMeters(Counter count, Timer latency) {}

  /** Meters per (kind, outcome), built once: this runs on every Slack request. */
  private final ConcurrentMap<String, RequestMeters> requestMeters = new ConcurrentHashMap<>();

  /** One Slack request handled: kind (command, view_submission, event, …) and outcome. */
  public void slackRequest(String kind, String outcome, Duration took) {
    RequestMeters m =
        requestMeters.computeIfAbsent(
            kind + '\0' + outcome,
            k ->
                new RequestMeters(
                    Counter.builder("slack_requests")
                        .description("Slack requests by kind and outcome")
                        .tag("kind", kind)
                        .tag("outcome", outcome)
                        .register(registry),
                    Timer.builder("slack_handler")
                        .description("Time from a Slack request's arrival to its ack")
                        .tag("kind", kind)
                        .publishPercentileHistogram()
                        // Acks live between a millisecond and Slack's 3 s limit: fewer buckets to
                        // update and scrape.
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(10))
                        .register(registry)));
    m.count().increment();
    m.latency().record(took);
  }

  public void githubWebhook(String outcome) {
    Counter.builder("github_webhooks").tag("outcome", outcome).register(registry).increment();
  }

  /** Outbox depth, age and failures, read from the database at most once a second per scrape. */
  public void watch(Outbox outbox) {
    AtomicReference<Outbox.Stats> cached = new AtomicReference<>(new Outbox.Stats(0, 0, 0));
    AtomicReference<Long> readAt = new AtomicReference<>(0L);
    Supplier<Outbox.Stats> stats =
        () -> {
          long now = System.currentTimeMillis();
          if (now - readAt.get() > 1000) {
            try {
              cached.set(outbox.stats());
              readAt.set(now);
            } catch (RuntimeException e) {
              // the health check reports a broken database; keep the last numbers here
            }
          }
          return cached.get();
        };
    Gauge.builder("outbox_pending", () -> stats.get().pending())
        .description("Side effects waiting to be applied")
        .register(registry);
    Gauge.builder(
            "outbox_oldest_pending_seconds", () -> stats.get().oldestPendingAgeMillis() / 1000.0)
        .description("Age of the oldest side effect still waiting")
        .register(registry);
    Gauge.builder("outbox_failed", () -> stats.get().failed())
        .description("Side effects that failed for good and need a person")
        .register(registry);
  }

  public String scrape() {
    return registry.scrape();
  }
}
