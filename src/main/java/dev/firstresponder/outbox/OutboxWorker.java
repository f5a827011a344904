package dev.firstresponder.outbox;

import dev.firstresponder.LogText;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies outbox effects: the head of each stream, in order, one stream's failing head never
 * holding up another. A claimed effect carries a short lease that a heartbeat renews while its
 * handler runs, so after a crash (kill -9 mid-call) the lease runs out within seconds and the
 * effect is tried again; handlers make that retry safe. See {@link Claims} for the fencing.
 */
public final class OutboxWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);

  /**
   * How long a claim lasts without renewal. A running handler renews it every third of this, so
   * only a dead (or frozen) process's lease runs out, and its work is taken over within this long
   * of the death.
   */
  static final Duration LEASE = Duration.ofSeconds(10);

  /** Retry timing; tests shorten it. */
  public record Backoff(Duration initial, Duration max, Duration lease, Duration idlePoll) {
    public static final Backoff DEFAULT =
        new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10), LEASE, Duration.ofSeconds(1));

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
  private final Claims claims;
  private final int threads;
  private final List<Thread> workers = new ArrayList<>();
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(
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
    this.claims = new Claims(jdbi, clock, backoff.lease());
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

  /** Claims and applies one due effect. Returns false when nothing was due. */
  public boolean runOnce() {
    Optional<Claims.Claim> claimed = claims.next();
    if (claimed.isEmpty()) return false;
    apply(claimed.get());
    return true;
  }

  private void apply(Claims.Claim claim) {
    OutboxEntry entry = claim.entry();
    EffectHandler handler = handlers.get(entry.kind());
    if (handler == null) {
      fail(claim, "no handler for effect kind " + entry.kind());
      return;
    }
    long every = Math.max(50, backoff.lease().toMillis() / 3);
    var heartbeat =
        heartbeats.scheduleWithFixedDelay(() -> renew(claim), every, every, TimeUnit.MILLISECONDS);
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
  private void renew(Claims.Claim claim) {
    try {
      claims.renew(claim);
    } catch (RuntimeException e) {
      log.warn("could not extend the lease of outbox {}: {}", claim.entry().id(), e.toString());
    }
  }

  private void applyClaimed(Claims.Claim claim, EffectHandler handler) {
    OutboxEntry entry = claim.entry();
    try {
      String result = handler.apply(entry);
      finish(claim, result);
    } catch (EffectFailure.Permanent e) {
      fail(claim, e.getMessage());
    } catch (EffectFailure.RetryAfter e) {
      retry(claim, e.getMessage(), e.delay());
    } catch (EffectFailure.Refused e) {
      if (entry.attempts() + 1 >= e.attempts()) fail(claim, e.getMessage());
      else retry(claim, e.getMessage(), backoff.after(entry.attempts() + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      retry(claim, "interrupted", backoff.after(entry.attempts() + 1));
    } catch (Exception e) {
      retry(claim, e.toString(), backoff.after(entry.attempts() + 1));
    }
  }

  /** Every completion is fenced on the claim: a worker that was taken over changes nothing. */
  private boolean complete(Claims.Claim claim, String set, Consumer<Update> binds) {
    boolean mine = claims.complete(claim, set, binds);
    if (!mine) {
      log.warn(
          "outbox {} {}: lease lost while applying; another worker has taken it over",
          claim.entry().id(),
          claim.entry().kind());
    }
    return mine;
  }

  private void finish(Claims.Claim claim, String result) {
    complete(
        claim,
        """
        state = 'done', result = :result, claimed_until = NULL, attempts = attempts + 1,
        updated_at = :now
        """,
        u -> u.bind("result", result));
    log.debug("outbox {} {} done", claim.entry().id(), claim.entry().kind());
  }

  private void retry(Claims.Claim claim, String error, Duration delay) {
    OutboxEntry entry = claim.entry();
    log.info(
        "outbox {} {} (stream {}) attempt {} failed, retrying in {} ms: {}",
        entry.id(),
        entry.kind(),
        entry.stream(),
        entry.attempts() + 1,
        delay.toMillis(),
        LogText.safe(error));
    complete(
        claim,
        """
        attempts = attempts + 1, last_error = :error, claimed_until = NULL,
        next_attempt_at = :next, updated_at = :now
        """,
        u -> u.bind("error", truncate(error)).bind("next", clock.millis() + delay.toMillis()));
  }

  private void fail(Claims.Claim claim, String reason) {
    OutboxEntry entry = claim.entry();
    log.warn(
        "outbox {} {} (stream {}) failed for good: {}",
        entry.id(),
        entry.kind(),
        entry.stream(),
        LogText.safe(reason));
    boolean mine =
        complete(
            claim,
            """
            state = 'failed', attempts = attempts + 1, last_error = :error, claimed_until = NULL,
            updated_at = :now
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
