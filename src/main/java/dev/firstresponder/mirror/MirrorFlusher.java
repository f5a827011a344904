package dev.firstresponder.mirror;

import dev.firstresponder.github.GitHubEffects;
import dev.firstresponder.incident.IncidentKeys;
import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.Json;
import dev.firstresponder.outbox.Outbox;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns batches into GitHub effects: a closed batch becomes one comment, a sent batch whose
 * messages were edited or deleted becomes an edit of that comment. Runs off the Slack ack path (a
 * job every second, and at once when batching is off); all it reads is in the database, so after a
 * crash the next run picks up where the last one stopped. Keys are deterministic, so two runs
 * racing enqueue nothing twice.
 */
final class MirrorFlusher {
  private static final Logger log = LoggerFactory.getLogger(MirrorFlusher.class);

  private final Jdbi jdbi;
  private final Outbox outbox;
  private final Clock clock;
  private final SlackFacts facts;

  MirrorFlusher(Jdbi jdbi, Outbox outbox, Clock clock, SlackFacts facts) {
    this.jdbi = jdbi;
    this.outbox = outbox;
    this.clock = clock;
    this.facts = facts;
  }

  static String commentKey(long incidentId, long batchId) {
    return "mirror:incident:" + incidentId + ":batch:" + batchId;
  }

  /** One pass; returns how many effects were enqueued. */
  synchronized int flush() {
    long now = clock.millis();
    jdbi.useTransaction(h -> MirrorDao.closeDue(h, now));
    int enqueued = 0;
    Set<Long> waiting = new HashSet<>();
    for (MirrorDao.BatchRow b : jdbi.withHandle(MirrorDao::closedBatches)) {
      // Later batches of an incident wait behind an earlier one, so the order on GitHub holds.
      if (waiting.contains(b.incidentId())) continue;
      if (outbox.find(IncidentKeys.issueKey(b.incidentId())).isEmpty()) {
        // The incident's issue is not even asked for yet; a comment now could only fail.
        waiting.add(b.incidentId());
        continue;
      }
      try {
        if (send(b)) enqueued++;
      } catch (IOException | RuntimeException e) {
        log.warn(
            "mirror batch {} of incident {} not sent yet: {}",
            b.id(),
            b.incidentId(),
            e.toString());
        waiting.add(b.incidentId());
      }
    }
    for (MirrorDao.BatchRow b : jdbi.withHandle(MirrorDao::staleSentBatches)) {
      if (waiting.contains(b.incidentId())) continue;
      try {
        if (edit(b)) enqueued++;
      } catch (IOException | RuntimeException e) {
        log.warn(
            "mirror batch {} of incident {} not edited yet: {}",
            b.id(),
            b.incidentId(),
            e.toString());
      }
    }
    return enqueued;
  }

  private record Snapshot(int revision, List<MirrorDao.MessageRow> messages) {}

  private Snapshot snapshot(long batchId) {
    return jdbi.inTransaction(
        h ->
            new Snapshot(
                MirrorDao.batch(h, batchId).orElseThrow().revision(),
                MirrorDao.messages(h, batchId)));
  }

  private boolean send(MirrorDao.BatchRow b) throws IOException {
    Snapshot s = snapshot(b.id());
    // Deleted before they ever reached GitHub: leave them out.
    List<MirrorDao.MessageRow> visible =
        s.messages().stream().filter(m -> m.deletedAt() == null).toList();
    String body = visible.isEmpty() ? null : MirrorComment.render(entries(visible));
    String key = commentKey(b.incidentId(), b.id());
    return jdbi.inTransaction(
        h -> {
          if (body == null) {
            MirrorDao.markSent(h, b.id(), s.revision(), null);
            return false;
          }
          if (!MirrorDao.markSent(h, b.id(), s.revision(), key)) return false;
          return onIssue(
              h,
              b.incidentId(),
              GitHubEffects.COMMENT,
              key,
              new GitHubEffects.Comment(issueOf(b.incidentId()), body));
        });
  }

  private boolean edit(MirrorDao.BatchRow b) throws IOException {
    Snapshot s = snapshot(b.id());
    if (b.commentKey() == null) {
      jdbi.useTransaction(h -> MirrorDao.markRendered(h, b.id(), s.revision()));
      return false;
    }
    String body = MirrorComment.render(entries(s.messages()));
    String key = b.commentKey() + ":rev:" + s.revision();
    return jdbi.inTransaction(
        h -> {
          if (!MirrorDao.markRendered(h, b.id(), s.revision())) return false;
          return onIssue(
              h,
              b.incidentId(),
              GitHubEffects.EDIT_COMMENT,
              key,
              new GitHubEffects.EditComment(issueOf(b.incidentId()), null, b.commentKey(), body));
        });
  }

  /** An effect on the incident's issue, applied in order with the incident's own. */
  private boolean onIssue(Handle h, long incidentId, String kind, String key, Object payload) {
    return outbox.enqueue(h, Effect.of(IncidentKeys.githubStream(incidentId), kind, key, payload));
  }

  private static GitHubEffects.IssueRef issueOf(long incidentId) {
    return GitHubEffects.IssueRef.createdBy(IncidentKeys.issueKey(incidentId));
  }

  private List<MirrorComment.Entry> entries(List<MirrorDao.MessageRow> messages)
      throws IOException {
    List<MirrorComment.Entry> out = new ArrayList<>();
    for (MirrorDao.MessageRow m : messages) {
      List<MirrorComment.FileLink> files =
          m.files() == null
              ? List.of()
              : Arrays.asList(Json.read(m.files(), MirrorComment.FileLink[].class));
      boolean reply = m.threadTs() != null && !m.threadTs().equals(m.ts());
      out.add(
          new MirrorComment.Entry(
              facts.user(m.userId()),
              facts.mentionableLogin(m.userId()).orElse(null),
              facts.permalink(m.channelId(), m.ts(), m.threadTs()),
              instant(m.ts()),
              reply,
              Mrkdwn.toMarkdown(m.text(), facts),
              files,
              m.editedAt() != null,
              m.deletedAt() != null));
    }
    return out;
  }

  /** A Slack ts ("1700000000.000100") is the message's time in seconds. */
  static Instant instant(String ts) {
    try {
      BigDecimal micros = new BigDecimal(ts).movePointRight(6);
      return Instant.EPOCH.plusNanos(micros.longValue() * 1000);
    } catch (NumberFormatException e) {
      return Instant.EPOCH;
    }
  }
}
