package dev.firstresponder.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.firstresponder.store.Database;
import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class OutboxTest {
  static final OutboxWorker.Backoff FAST =
      new OutboxWorker.Backoff(
          Duration.ofMillis(20),
          Duration.ofMillis(100),
          Duration.ofSeconds(2),
          Duration.ofMillis(20));

  @TempDir Path dir;
  Database db;
  Outbox outbox;
  OutboxWorker worker;
  final List<String> applied = new CopyOnWriteArrayList<>();

  record Note(String text) {}

  @BeforeEach
  void open() {
    db = Database.open("jdbc:sqlite:" + dir.resolve("o.db"));
    outbox = new Outbox(db.jdbi(), Clock.systemUTC());
    worker = new OutboxWorker(db.jdbi(), Clock.systemUTC(), outbox, FAST, 2);
  }

  @AfterEach
  void close() {
    worker.close();
  }

  @Test
  void effectsOfAStreamAreAppliedOnceAndInOrderAcrossRetries() {
    AtomicInteger failuresLeft = new AtomicInteger(3);
    worker.register(
        "note",
        e -> {
          String text = e.payload(Note.class).text();
          if (text.equals("b") && failuresLeft.getAndDecrement() > 0) throw new IOException("down");
          applied.add(text);
          return text.toUpperCase();
        });
    for (String s : List.of("a", "b", "c", "d"))
      outbox.enqueue(Effect.of("s1", "note", "k-" + s, new Note(s)));

    worker.start();
    Await.until(() -> applied.size() == 4, "four notes");

    assertThat(applied).containsExactly("a", "b", "c", "d");
    assertThat(outbox.result("k-b")).contains("B");
    assertThat(outbox.find("k-b").orElseThrow().attempts()).isEqualTo(4);
  }

  @Test
  void aFailingStreamDoesNotHoldUpAnother() {
    worker.register(
        "note",
        e -> {
          String text = e.payload(Note.class).text();
          if (text.startsWith("stuck")) throw new IOException("GitHub is down");
          applied.add(text);
          return null;
        });
    outbox.enqueue(Effect.of("stuck", "note", "k1", new Note("stuck-1")));
    outbox.enqueue(Effect.of("stuck", "note", "k2", new Note("after-stuck")));
    outbox.enqueue(Effect.of("free", "note", "k3", new Note("free-1")));

    worker.start();
    Await.until(() -> outbox.find("k3").orElseThrow().state().equals("done"), "the other stream");
    // The stuck head may still be in its first attempt when the other stream is done.
    Await.until(() -> outbox.find("k1").orElseThrow().attempts() > 0, "a failed attempt of k1");

    assertThat(applied).containsExactly("free-1");
    assertThat(outbox.stats().pending()).isEqualTo(2);
  }

  @Test
  void theSameIdempotencyKeyIsEnqueuedOnce() {
    assertThat(outbox.enqueue(Effect.of("s", "note", "same", new Note("x")))).isTrue();
    assertThat(outbox.enqueue(Effect.of("s", "note", "same", new Note("y")))).isFalse();

    assertThat(outbox.stream("s"))
        .hasSize(1)
        .first()
        .extracting(OutboxEntry::payload)
        .asString()
        .contains("x");
  }

  @Test
  void permanentFailureStopsRetryingAndTellsSomeone() {
    List<String> told = new CopyOnWriteArrayList<>();
    worker.register(
        "note",
        e -> {
          throw new EffectFailure.Permanent("422 Validation Failed");
        });
    worker.onFailure(
        (entry, reason) -> told.add(entry.notifyChannel().orElse("?") + ": " + reason));
    outbox.enqueue(Effect.of("s", "note", "k", new Note("x")).notifying("U0CC00001"));

    worker.start();
    Await.until(() -> !told.isEmpty(), "the failure report");

    assertThat(told).containsExactly("U0CC00001: 422 Validation Failed");
    assertThat(outbox.find("k").orElseThrow().state()).isEqualTo("failed");
    assertThat(outbox.stats().failed()).isEqualTo(1);
  }

  @Test
  void retryAfterIsHonoured() {
    AtomicInteger calls = new AtomicInteger();
    List<Long> at = new CopyOnWriteArrayList<>();
    worker.register(
        "note",
        e -> {
          at.add(System.nanoTime());
          if (calls.getAndIncrement() == 0)
            throw new EffectFailure.RetryAfter("429", Duration.ofMillis(700));
          return null;
        });
    outbox.enqueue(Effect.of("s", "note", "k", new Note("x")));

    worker.start();
    Await.until(() -> at.size() == 2, "the retry");

    assertThat(Duration.ofNanos(at.get(1) - at.get(0)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(650));
  }

  @Test
  void aSlowHandlerKeepsItsLeaseSoNoSecondWorkerAppliesTheSameEffect() throws Exception {
    OutboxWorker slowWorker =
        new OutboxWorker(
            db.jdbi(),
            Clock.systemUTC(),
            outbox,
            new OutboxWorker.Backoff(
                Duration.ofMillis(20),
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Duration.ofMillis(20)),
            1);
    AtomicInteger applications = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    EffectHandler slow =
        e -> {
          applications.incrementAndGet();
          release.await(); // several times the 1 s lease
          return "done once";
        };
    slowWorker.register("note", slow);
    OutboxWorker other =
        new OutboxWorker(
            db.jdbi(),
            Clock.systemUTC(),
            outbox,
            new OutboxWorker.Backoff(
                Duration.ofMillis(20),
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Duration.ofMillis(20)),
            2);
    other.register("note", slow);
    outbox.enqueue(Effect.of("s", "note", "k", new Note("x")));

    slowWorker.start();
    Await.until(() -> applications.get() == 1, "the slow worker to start applying");
    other.start();
    // Three and a half lease lengths pass while the first handler is still running; the heartbeat
    // (every third of a lease) keeps its claim, so the other worker never applies the effect.
    long until = System.nanoTime() + Duration.ofMillis(3500).toNanos();
    while (System.nanoTime() < until) {
      assertThat(applications.get()).isEqualTo(1);
      Thread.sleep(50);
    }
    release.countDown();
    Await.until(
        () -> outbox.find("k").orElseThrow().state().equals("done"), "the effect to be done");

    assertThat(applications.get()).isEqualTo(1);
    assertThat(outbox.result("k")).contains("done once");
    slowWorker.close();
    other.close();
  }

  @Test
  void anEffectClaimedByAProcessThatDiedIsTakenOverWhenItsLeaseRunsOut() {
    outbox.enqueue(Effect.of("s", "note", "k", new Note("x")));
    // A first process claims the effect and dies before finishing (kill -9): nothing marks it done.
    OutboxWorker dead = new OutboxWorker(db.jdbi(), Clock.systemUTC(), outbox, FAST, 1);
    dead.register(
        "note",
        e -> {
          throw new Error("killed mid-call");
        });
    try {
      dead.runOnce();
    } catch (Error expected) {
      // the process is gone; its lease stays in the table
    }
    worker.register(
        "note",
        e -> {
          applied.add(e.payload(Note.class).text() + (e.retried() ? " retried" : " first"));
          return null;
        });

    worker.start();
    Await.until(() -> !applied.isEmpty(), "the takeover after the lease");

    // The dead process may have reached the other side: the takeover must look before creating.
    assertThat(applied).containsExactly("x retried");
  }

  @Test
  void featuresAskWhetherAKeyOrAKeyShapeWasEverEnqueued() {
    outbox.enqueue(Effect.of("s", "note", "upgrade:1:remind:soon:1700:U0ALICE01", new Note("a")));
    outbox.enqueue(Effect.of("s", "note", "upgrade:1:planned", new Note("b")));

    db.jdbi()
        .useHandle(
            h -> {
              assertThat(outbox.known(h, "upgrade:1:planned")).isTrue();
              assertThat(outbox.known(h, "upgrade:2:planned")).isFalse();
              assertThat(outbox.knownBetween(h, "upgrade:1:remind:", ":U0ALICE01")).isTrue();
              assertThat(outbox.knownBetween(h, "upgrade:1:remind:", ":U0BOB0001")).isFalse();
              // Exact, not LIKE: no wildcards, no case folding.
              assertThat(outbox.knownBetween(h, "upgrade_1:remind:", ":U0ALICE01")).isFalse();
              assertThat(outbox.knownBetween(h, "upgrade:1:remind:", ":u0alice01")).isFalse();
              assertThat(outbox.knownBetween(h, "upgrade:1:%", "01")).isFalse();
            });
  }

  @Test
  void aLeaseRenewalThatLandsWhileTheHandlerFinishesNeitherLosesTheCompletionNorAppliesTwice()
      throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    Duration lease = Duration.ofMillis(300);
    Outbox clocked = new Outbox(db.jdbi(), clock);
    OutboxWorker fenced =
        new OutboxWorker(
            db.jdbi(),
            clock,
            clocked,
            new OutboxWorker.Backoff(
                Duration.ofMillis(20), Duration.ofMillis(100), lease, Duration.ofMillis(20)),
            1);
    CountDownLatch renewed = new CountDownLatch(1);
    CountDownLatch completed = new CountDownLatch(1);
    AtomicBoolean handlerRunning = new AtomicBoolean();
    AtomicBoolean handlerReturned = new AtomicBoolean();
    AtomicInteger applications = new AtomicInteger();
    Thread applier = Thread.currentThread();
    // The heartbeat's write reaches the database and the heartbeat then stalls, before it can do
    // anything else, until the handler's completion has been written.
    db.jdbi()
        .setSqlLogger(
            new SqlLogger() {
              @Override
              public void logAfterExecution(StatementContext ctx) {
                boolean write = ctx.getRenderedSql().strip().startsWith("UPDATE");
                if (!write) return;
                if (Thread.currentThread().getName().equals("outbox-lease")
                    && handlerRunning.get()
                    && renewed.getCount() == 1) {
                  renewed.countDown();
                  await(completed);
                } else if (Thread.currentThread() == applier && handlerReturned.get()) {
                  completed.countDown();
                }
              }
            });
    fenced.register(
        "note",
        e -> {
          applications.incrementAndGet();
          clock.advance(Duration.ofMillis(100)); // so a renewal writes a later lease
          handlerRunning.set(true);
          assertThat(renewed.await(10, TimeUnit.SECONDS)).isTrue();
          handlerReturned.set(true);
          return "sent once";
        });
    clocked.enqueue(Effect.of("s", "note", "k", new Note("mail the users' list")));

    assertThat(fenced.runOnce()).isTrue();
    assertThat(completed.await(10, TimeUnit.SECONDS)).isTrue();
    // Long after any lease: a completion lost to the renewal would leave the effect claimable.
    clock.advance(lease.multipliedBy(10));
    boolean appliedAgain = fenced.runOnce();

    assertThat(appliedAgain).isFalse();
    assertThat(applications.get()).isEqualTo(1);
    assertThat(outbox.find("k").orElseThrow().state()).isEqualTo("done");
    assertThat(outbox.result("k")).contains("sent once");
    fenced.close();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aRefusalIsRetriedAFewTimesThenFailsForGoodAndTellsSomeone() {
    List<String> told = new CopyOnWriteArrayList<>();
    AtomicInteger attempts = new AtomicInteger();
    worker.register(
        "note",
        e -> {
          attempts.incrementAndGet();
          throw new EffectFailure.Refused("GitHub answered 403: issue is locked", 3, null);
        });
    worker.onFailure(
        (entry, reason) -> told.add(entry.notifyChannel().orElse("?") + ": " + reason));
    outbox.enqueue(Effect.of("s", "note", "k1", new Note("x")).notifying("U0CC00001"));
    outbox.enqueue(Effect.of("s", "other", "k2", new Note("after it")));
    worker.register("other", e -> "done");

    worker.start();
    Await.until(() -> !told.isEmpty(), "the failure report");
    Await.until(
        () -> outbox.find("k2").orElseThrow().state().equals("done"),
        "the next effect of the stream");

    assertThat(attempts.get()).isEqualTo(3);
    assertThat(told).containsExactly("U0CC00001: GitHub answered 403: issue is locked");
    assertThat(outbox.find("k1").orElseThrow().state()).isEqualTo("failed");
  }

  @Test
  void anErrorFromTheOtherSideIsLoggedOnOneLine() {
    Logger logger = (Logger) LoggerFactory.getLogger(OutboxWorker.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      AtomicInteger calls = new AtomicInteger();
      worker.register(
          "note",
          e -> {
            if (calls.getAndIncrement() == 0)
              throw new IOException("422 title 'x\r\n2026-12-01 ERROR forged line' is invalid");
            return null;
          });
      outbox.enqueue(Effect.of("s", "note", "k", new Note("x")));

      worker.start();
      Await.until(() -> outbox.find("k").orElseThrow().state().equals("done"), "the retry");

      assertThat(lines.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .filteredOn(m -> m.contains("forged line"))
          .singleElement()
          .asString()
          .doesNotContain("\n")
          .doesNotContain("\r")
          .contains("x\\r\\n2026-12-01 ERROR forged line");
    } finally {
      logger.detachAppender(lines);
    }
  }
}
