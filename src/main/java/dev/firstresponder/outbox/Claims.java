package dev.firstresponder.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

/**
 * Leases on outbox rows, safe for several workers and several processes on one database. A claim
 * takes the due head of a stream whose lease is free or ran out, sets a lease and bumps the row's
 * claim token. Renewing the lease and completing the effect are both fenced on that token, which
 * only the next claim changes: renewals cannot race the claimant's own completion, and a worker
 * whose lease ran out and was taken over changes nothing.
 */
final class Claims {
  /** An effect this worker holds, with the token its claim set. */
  record Claim(OutboxEntry entry, long token) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration lease;

  Claims(Jdbi jdbi, Clock clock, Duration lease) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.lease = lease;
  }

  /** Claims the next due effect, or nothing when none is due. */
  Optional<Claim> next() {
    long now = clock.millis();
    return jdbi.inTransaction(
        h -> {
          Optional<Claim> head =
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
                  .map((rs, ctx) -> new Claim(Outbox.entry(rs), rs.getLong("claim_token")))
                  .findOne();
          if (head.isEmpty()) return Optional.<Claim>empty();
          // Compare-and-set on the token seen: of two workers that read the same row, one wins.
          int got =
              h.createUpdate(
                      """
                      UPDATE outbox SET claimed_until = :lease, claim_token = claim_token + 1,
                                        updated_at = :now
                      WHERE id = :id AND state = 'pending' AND claim_token = :seen
                        AND (claimed_until IS NULL OR claimed_until < :now)
                      """)
                  .bind("lease", now + lease.toMillis())
                  .bind("now", now)
                  .bind("id", head.get().entry().id())
                  .bind("seen", head.get().token())
                  .execute();
          return got == 1
              ? Optional.of(new Claim(head.get().entry(), head.get().token() + 1))
              : Optional.<Claim>empty();
        });
  }

  /**
   * Moves the lease a full length ahead while the claim is still ours and not yet completed (a
   * completion clears the lease, so a renewal that comes just after it does nothing).
   */
  boolean renew(Claim claim) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        """
                        UPDATE outbox SET claimed_until = :until
                        WHERE id = :id AND claim_token = :token AND state = 'pending'
                          AND claimed_until IS NOT NULL
                        """)
                    .bind("until", clock.millis() + lease.toMillis())
                    .bind("id", claim.entry().id())
                    .bind("token", claim.token())
                    .execute())
        == 1;
  }

  /**
   * Applies {@code set} (the SET clause of an UPDATE of the row) only while the claim is ours.
   * {@code :now} is bound. Returns false when another worker has taken the effect over.
   */
  boolean complete(Claim claim, String set, Consumer<Update> binds) {
    return jdbi.withHandle(
            h -> {
              Update update =
                  h.createUpdate(
                          "UPDATE outbox SET "
                              + set
                              + " WHERE id = :id AND claim_token = :token AND state = 'pending'")
                      .bind("id", claim.entry().id())
                      .bind("token", claim.token())
                      .bind("now", clock.millis());
              binds.accept(update);
              return update.execute();
            })
        == 1;
  }
}
