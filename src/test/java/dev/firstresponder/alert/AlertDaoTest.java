package dev.firstresponder.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firstresponder.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conditional updates that make each level, acknowledgement and episode happen once. */
class AlertDaoTest {
  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  @TempDir Path dir;
  Jdbi jdbi;
  final AlertDao dao = new AlertDao();
  long episode;

  @BeforeEach
  void open() throws Exception {
    jdbi = Database.open("jdbc:sqlite:" + dir.resolve("t.db")).jdbi();
    Notification n =
        NotificationParser.parse(
            Notifications.highLatency()
                .firing("a1", T0, Map.of())
                .json()
                .getBytes(StandardCharsets.UTF_8));
    episode =
        jdbi.inTransaction(
            h -> {
              long g = dao.group(h, n.groupKey(), n.receiver(), T0.toEpochMilli());
              long id = dao.insertEpisode(h, g, "CALERTS01", n, T0, T0.toEpochMilli());
              dao.claimLevel(h, id, 0, 1, T0.plusSeconds(300), T0.toEpochMilli(), false);
              return id;
            });
  }

  boolean acknowledge(String user, Instant at) {
    return jdbi.inTransaction(h -> dao.acknowledge(h, episode, user, at.toEpochMilli()));
  }

  boolean resolve(Instant at) {
    return jdbi.inTransaction(h -> dao.resolve(h, episode, at.toEpochMilli()));
  }

  boolean timedClaim(int from, int to, Instant now) {
    return jdbi.inTransaction(
        h -> dao.claimLevel(h, episode, from, to, null, now.toEpochMilli(), true));
  }

  @Test
  void theTimerClaimsALevelOnlyWhenDueAndOnlyOnce() throws Exception {
    assertThat(timedClaim(1, 2, T0.plusSeconds(299))).isFalse();

    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> racers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Callable<Boolean> claim =
          () -> {
            go.await();
            return timedClaim(1, 2, T0.plusSeconds(300));
          };
      racers.add(pool.submit(claim));
    }
    go.countDown();
    int won = 0;
    for (Future<Boolean> f : racers) if (f.get()) won++;
    pool.shutdown();

    assertThat(won).isEqualTo(1);
    assertThat(timedClaim(1, 2, T0.plusSeconds(900))).isFalse();
  }

  @Test
  void anAcknowledgementStopsTheTimerAndOnlyTheFirstCounts() {
    assertThat(acknowledge("U0ALICE01", T0.plusSeconds(10))).isTrue();
    assertThat(acknowledge("U0BOB0001", T0.plusSeconds(20))).isFalse();

    assertThat(timedClaim(1, 2, T0.plusSeconds(3600))).isFalse();
    Episode e = jdbi.withHandle(h -> dao.find(h, episode)).orElseThrow();
    assertThat(e.acknowledgedBy()).isEqualTo("U0ALICE01");
    assertThat(e.nextLevelAt()).isNull();
  }

  @Test
  void aResolvedEpisodeEscalatesNoFurtherAndResolvesOnce() {
    assertThat(resolve(T0.plusSeconds(60))).isTrue();
    assertThat(resolve(T0.plusSeconds(61))).isFalse();

    assertThat(timedClaim(1, 2, T0.plusSeconds(3600))).isFalse();
    List<Long> due = jdbi.withHandle(h -> dao.due(h, T0.plusSeconds(3600).toEpochMilli(), 10));
    assertThat(due).isEmpty();
  }

  @Test
  void aGroupHasAtMostOneFiringEpisode() throws Exception {
    Notification n =
        NotificationParser.parse(
            Notifications.highLatency()
                .firing("a1", T0, Map.of())
                .json()
                .getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(
            () ->
                jdbi.useTransaction(
                    h -> {
                      long g = dao.group(h, n.groupKey(), n.receiver(), T0.toEpochMilli());
                      dao.insertEpisode(h, g, "CALERTS01", n, T0, T0.toEpochMilli());
                    }))
        .hasMessageContaining("UNIQUE");
  }
}
