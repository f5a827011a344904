package dev.firstresponder.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies outbox effects: the head of each stream, in order, one stream's failing head never
 * holding up another. A claimed effect carries a lease, so after a crash (kill -9 mid-call) the
 * lease runs out and the effect is tried again; handlers make that retry safe.
 */
public final class OutboxWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);

  /** Retry timing; tests shorten it. */
  public record Backoff(Duration initial, Duration max, Duration lease, Duration idlePoll) {
    public static final Backoff DEFAULT =
        new Backoff(
            Duration.ofSeconds(2),
            Duration.ofMinutes(10),
            Duration.ofMinutes(2),
            Duration.ofSeconds(1));

    Duration after(int attempts) {
      long base = initial.toMillis() << Math.min(attempts - 1, 20);
      long capped = Math.min(Math.max(base, initial.toMillis()), max.toMillis());
      // Jitter in [capped/2, capped]: spreads retries of many streams after an outage.
      long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
      return Duration.ofMillis(jittered);
    }
  }

  /** Told when an effect fails for good, so a person hears about it. */
  @FunctionalInterface
  public interface FailureListener {
    void failedForGood(OutboxEntry entry, String reason);
  }

  private final Jdbi jdbi;
  private final Clock clock;
  private final Map<String, EffectHandler> handlers = new ConcurrentHashMap<>();
  private final Backoff backoff;
  private final int threads;
  private final List<Thread> workers = new ArrayList<>();
  private final java.util.concurrent.ScheduledExecutorService heartbeats =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "outbox-lease");
            t.setDaemon(true);
            return t;
          });
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private volatile boolean running;
  private volatile FailureListener failureListener = (entry, reason) -> {};
  private long wakeups;

  public OutboxWorker(Jdbi jdbi, Clock clock, Outbox outbox, Backoff backoff, int threads) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.backoff = backoff;
    this.threads = threads;
    outbox.onEnqueue(this::wake);
  }

  public void register(String kind, EffectHandler handler) {
    if (handlers.putIfAbsent(kind, handler) != null) {
      throw new IllegalStateException("two handlers for effect kind " + kind);
    }
  }

  public void onFailure(FailureListener listener) {
    this.failureListener = listener;
  }

  public void start() {
    running = true;
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(this::run, "outbox-" + i);
      t.setDaemon(true);
      t.start();
      workers.add(t);
    }
  }

  public void wake() {
    lock.lock();
    try {
      wakeups++;
      wakeUp.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (running) {
      long seen;
      lock.lock();
      try {
        seen = wakeups;
      } finally {
        lock.unlock();
      }
      boolean worked = false;
      try {
        worked = runOnce();
      } catch (RuntimeException e) {
        log.warn("outbox poll failed, will retry: {}", e.toString());
      }
      if (worked) continue;
      lock.lock();
      try {
        if (running && wakeups == seen) {
          wakeUp.await(backoff.idlePoll().toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * An effect this worker holds until its lease, which a heartbeat extends while the handler runs;
   * every completion is fenced on the current lease.
   */
  private record Claim(OutboxEntry entry, java.util.concurrent.atomic.AtomicLong lease) {
    long until() {
      return lease.get();
    }
  }

  /** Claims and applies one due effect. Returns false when nothing was due. */
  public boolean runOnce() {
    Optional<Claim> claimed = claimNext();
    if (claimed.isEmpty()) return false;
    apply(claimed.get());
    return true;
  }

  private Optional<Claim> claimNext() {
    long now = clock.millis();
    long lease = now + backoff.lease().toMillis();
    return jdbi.inTransaction(
        h -> {
          Optional<OutboxEntry> head =
              h.createQuery(
                      """
                      SELECT o.* FROM outbox o
                      WHERE o.state = 'pending'
                        AND o.next_attempt_at <= :now
                        AND (o.claimed_until IS NULL OR o.claimed_until < :now)
                        AND NOT EXISTS (SELECT 1 FROM outbox p
                                        WHERE p.stream = o.stream AND p.state = 'pending' AND p.id < o.id)
                      ORDER BY o.next_attempt_at, o.id
                      LIMIT 1
                      """)
                  .bind("now", now)
                  .map((rs, ctx) -> Outbox.entry(rs))
                  .findOne();
          if (head.isEmpty()) return Optional.<Claim>empty();
          int got =
              h.createUpdate(
                      """
                      UPDATE outbox SET claimed_until = :lease, updated_at = :now
                      WHERE id = :id AND state = 'pending'
                        AND (claimed_until IS NULL OR claimed_until < :now)
                      """)
                  .bind("lease", lease)
                  .bind("now", now)
                  .bind("id", head.get().id())
                  .execute();
          return got == 1
              ? Optional.of(
                  new Claim(head.get(), new java.util.concurrent.atomic.AtomicLong(lease)))
              : Optional.<Claim>empty();
        });
  }

  private void apply(Claim claim) {
    OutboxEntry entry = claim.entry();
    EffectHandler handler = handlers.get(entry.kind());
    if (handler == null) {
      fail(claim, "no handler for effect kind " + entry.kind());
      return;
    }
    long every = Math.max(50, backoff.lease().toMillis() / 3);
    var heartbeat =
        heartbeats.scheduleWithFixedDelay(() -> extend(claim), every, every, TimeUnit.MILLISECONDS);
    try {
      applyClaimed(claim, handler);
    } finally {
      heartbeat.cancel(false);
    }
  }

  /**
   * Keeps the lease of a running handler alive, so only a dead process's lease ever runs out: a
   * slow call (or a long GC pause) never lets a second worker apply the same effect meanwhile.
   */
  private void extend(Claim claim) {
    long current = claim.until();
    long next = clock.millis() + backoff.lease().toMillis();
    try {
      int rows =
          jdbi.withHandle(
              h ->
                  h.createUpdate(
                          "UPDATE outbox SET claimed_until = :next WHERE id = :id AND claimed_until = :current")
                      .bind("next", next)
                      .bind("id", claim.entry().id())
                      .bind("current", current)
                      .execute());
      if (rows == 1) claim.lease().compareAndSet(current, next);
    } catch (RuntimeException e) {
      log.warn("could not extend the lease of outbox {}: {}", claim.entry().id(), e.toString());
    }
  }

  private void applyClaimed(Claim claim, EffectHandler handler) {
    OutboxEntry entry = claim.entry();
    try {
      String result = handler.apply(entry);
      finish(claim, result);
    } catch (EffectFailure.Permanent e) {
      fail(claim, e.getMessage());
    } catch (EffectFailure.RetryAfter e) {
      retry(claim, e.getMessage(), e.delay());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      retry(claim, "interrupted", backoff.after(entry.attempts() + 1));
    } catch (Exception e) {
      retry(claim, e.toString(), backoff.after(entry.attempts() + 1));
    }
  }

  /**
   * Every completion is fenced on the lease: a worker whose apply outlived its lease (and was taken
   * over) changes nothing. The lease is far longer than any call's timeout.
   */
  private boolean complete(
      Claim claim,
      String sql,
      java.util.function.Consumer<org.jdbi.v3.core.statement.Update> binds) {
    int rows =
        jdbi.withHandle(
            h -> {
              var update =
                  h.createUpdate(sql)
                      .bind("id", claim.entry().id())
                      .bind("lease", claim.until())
                      .bind("now", clock.millis());
              binds.accept(update);
              return update.execute();
            });
    if (rows == 0) {
      log.warn(
          "outbox {} {}: lease lost while applying; another worker has taken it over",
          claim.entry().id(),
          claim.entry().kind());
    }
    return rows == 1;
  }

  private void finish(Claim claim, String result) {
    complete(
        claim,
        """
        UPDATE outbox SET state = 'done', result = :result, claimed_until = NULL,
                          attempts = attempts + 1, updated_at = :now
        WHERE id = :id AND claimed_until = :lease
        """,
        u -> u.bind("result", result));
    log.debug("outbox {} {} done", claim.entry().id(), claim.entry().kind());
  }

  private void retry(Claim claim, String error, Duration delay) {
    OutboxEntry entry = claim.entry();
    log.info(
        "outbox {} {} (stream {}) attempt {} failed, retrying in {} ms: {}",
        entry.id(),
        entry.kind(),
        entry.stream(),
        entry.attempts() + 1,
        delay.toMillis(),
        error);
    complete(
        claim,
        """
        UPDATE outbox SET attempts = attempts + 1, last_error = :error, claimed_until = NULL,
                          next_attempt_at = :next, updated_at = :now
        WHERE id = :id AND claimed_until = :lease
        """,
        u -> u.bind("error", truncate(error)).bind("next", clock.millis() + delay.toMillis()));
  }

  private void fail(Claim claim, String reason) {
    OutboxEntry entry = claim.entry();
    log.warn(
        "outbox {} {} (stream {}) failed for good: {}",
        entry.id(),
        entry.kind(),
        entry.stream(),
        reason);
    boolean mine =
        complete(
            claim,
            """
        UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = :error,
                          claimed_until = NULL, updated_at = :now
        WHERE id = :id AND claimed_until = :lease
        """,
            u -> u.bind("error", truncate(reason)));
    if (!mine) return;
    try {
      failureListener.failedForGood(entry, reason);
    } catch (RuntimeException e) {
      log.warn("could not report failed outbox {}: {}", entry.id(), e.toString());
    }
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
  }

  /** Deletes applied effects older than the given age; failed ones stay for a person to see. */
  public int pruneDone(Duration olderThan) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM outbox WHERE state = 'done' AND updated_at < :cutoff")
                .bind("cutoff", clock.millis() - olderThan.toMillis())
                .execute());
  }

  @Override
  public void close() {
    running = false;
    wake();
    for (Thread t : workers) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(15));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    heartbeats.shutdownNow();
  }
}
