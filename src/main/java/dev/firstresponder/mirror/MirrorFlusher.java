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
 * Turns batches into GitHub effects: a closed batch becomes one comment (several when it is longer
 * than GitHub takes), a sent batch whose messages were edited or deleted becomes an edit of those
 * comments. Runs off the Slack ack path (a job every second, and at once when batching is off); all
 * it reads is in the database, so after a crash the next run picks up where the last one stopped.
 * Keys are deterministic, so two runs racing enqueue nothing twice.
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

  /**
   * The key of the k-th comment of a batch: the batch's own key for the first, one per further
   * comment when the burst did not fit in one.
   */
  static String partKey(String commentKey, int k) {
    return k == 0 ? commentKey : commentKey + ":part:" + k;
  }

  private boolean send(MirrorDao.BatchRow b) throws IOException {
    Snapshot s = snapshot(b.id());
    // Deleted before they ever reached GitHub: leave them out.
    List<MirrorDao.MessageRow> visible =
        s.messages().stream().filter(m -> m.deletedAt() == null).toList();
    List<String> bodies = visible.isEmpty() ? List.of() : MirrorComment.render(entries(visible));
    String key = commentKey(b.incidentId(), b.id());
    return jdbi.inTransaction(
        h -> {
          if (bodies.isEmpty()) {
            MirrorDao.markSent(h, b.id(), s.revision(), null);
            return false;
          }
          if (!MirrorDao.markSent(h, b.id(), s.revision(), key)) return false;
          boolean enqueued = false;
          for (int k = 0; k < bodies.size(); k++) {
            enqueued |= comment(h, b.incidentId(), partKey(key, k), bodies.get(k));
          }
          return enqueued;
        });
  }

  /**
   * Rewrites the batch's comments after edits or deletions in Slack. An edit that makes the burst
   * longer adds a comment; one that makes it shorter leaves a note in the comment no longer needed.
   */
  private boolean edit(MirrorDao.BatchRow b) throws IOException {
    Snapshot s = snapshot(b.id());
    if (b.commentKey() == null) {
      jdbi.useTransaction(h -> MirrorDao.markRendered(h, b.id(), s.revision()));
      return false;
    }
    List<String> bodies = new ArrayList<>(MirrorComment.render(entries(s.messages())));
    for (int k = bodies.size(); outbox.find(partKey(b.commentKey(), k)).isPresent(); k++)
      bodies.add("_(nothing more here: the messages above were edited in Slack)_");
    return jdbi.inTransaction(
        h -> {
          if (!MirrorDao.markRendered(h, b.id(), s.revision())) return false;
          boolean enqueued = false;
          for (int k = 0; k < bodies.size(); k++) {
            String part = partKey(b.commentKey(), k);
            enqueued |=
                outbox.find(part).isEmpty()
                    ? comment(h, b.incidentId(), part, bodies.get(k))
                    : onIssue(
                        h,
                        b.incidentId(),
                        GitHubEffects.EDIT_COMMENT,
                        part + ":rev:" + s.revision(),
                        new GitHubEffects.EditComment(
                            issueOf(b.incidentId()), null, part, bodies.get(k)));
          }
          return enqueued;
        });
  }

  private boolean comment(Handle h, long incidentId, String key, String body) {
    return onIssue(
        h,
        incidentId,
        GitHubEffects.COMMENT,
        key,
        new GitHubEffects.Comment(issueOf(incidentId), body));
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
