package dev.firstresponder.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * {@code alerts_received_total{status}}, {@code alert_pages_total{level}}, {@code
 * alert_ack_seconds} (time to acknowledge: the team's MTTA) and {@code alert_groups_open}, read
 * from the database at most once a second however often it is scraped.
 */
final class AlertMetrics {
  private final MeterRegistry registry;
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final Timer ack;

  AlertMetrics(MeterRegistry registry, LongSupplier firingGroups) {
    this.registry = registry;
    this.ack =
        Timer.builder("alert_ack")
            .description("Time from an alert group's page to its acknowledgement")
            // Buckets a team reads its MTTA in, from "at once" to "after the whole team was paged".
            .serviceLevelObjectives(
                Duration.ofSeconds(30),
                Duration.ofMinutes(1),
                Duration.ofMinutes(2),
                Duration.ofMinutes(5),
                Duration.ofMinutes(10),
                Duration.ofMinutes(15),
                Duration.ofMinutes(30),
                Duration.ofHours(1),
                Duration.ofHours(2))
            .register(registry);
    AtomicLong cached = new AtomicLong();
    AtomicLong readAt = new AtomicLong(Long.MIN_VALUE);
    Gauge.builder(
            "alert_groups_open",
            () -> {
              long now = System.nanoTime();
              long last = readAt.get();
              if (last == Long.MIN_VALUE || now - last > 1_000_000_000L) {
                try {
                  cached.set(firingGroups.getAsLong());
                  readAt.set(now);
                } catch (RuntimeException e) {
                  // the health check reports a broken database; keep the last number here
                }
              }
              return cached.get();
            })
        .description("Alert groups firing now")
        .register(registry);
  }

  void received(String status, int alerts) {
    counter("alerts_received", "status", status, "Alerts received from Alertmanager")
        .increment(alerts);
  }

  void paged(int level) {
    counter("alert_pages", "level", Integer.toString(level), "Pages sent, by escalation level")
        .increment();
  }

  void acknowledged(Duration afterPage) {
    ack.record(afterPage);
  }

  private Counter counter(String name, String tag, String value, String description) {
    return counters.computeIfAbsent(
        name + '\0' + value,
        k -> Counter.builder(name).description(description).tag(tag, value).register(registry));
  }
}
