package dev.firstresponder.incident;

import dev.firstresponder.github.GitHubEffects;
import dev.firstresponder.github.GitHubIssues;
import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.people.People;
import dev.firstresponder.slack.SlackEffects;
import dev.firstresponder.slack.SlackText;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What happens to an incident, each step one transaction that writes the state change and every
 * effect it causes to the outbox. Effect keys are derived from the incident, so a redelivered
 * request decides the same effects and enqueues nothing new.
 */
final class IncidentService {
  /** How a request that may be refused ended. */
  enum Outcome {
    DONE,
    ALREADY_DONE,
    NOT_ALLOWED,
    NOT_OPEN,
    NOT_FOUND
  }

  private final Jdbi jdbi;
  private final IncidentDao dao;
  private final Outbox outbox;
  private final Clock clock;
  private final People people;
  private final Messages messages;

  /** Sources incidents can be declared from, by kind (the part of the source before ':'). */
  private final Map<String, DeclarationSource> sources = new ConcurrentHashMap<>();

  IncidentService(
      Jdbi jdbi, IncidentDao dao, Outbox outbox, Clock clock, People people, Messages messages) {
    this.jdbi = jdbi;
    this.dao = dao;
    this.outbox = outbox;
    this.clock = clock;
    this.people = people;
    this.messages = messages;
  }

  Optional<Incident> find(long id) {
    return jdbi.withHandle(h -> dao.find(h, id));
  }

  Optional<Incident> byChannel(String channelId) {
    return jdbi.withHandle(h -> dao.byChannel(h, channelId));
  }

  List<Incident> open() {
    return jdbi.withHandle(dao::open);
  }

  void source(String kind, DeclarationSource source) {
    sources.put(kind, source);
  }

  /**
   * Stores the incident and queues its issue and channel; the same view submitted twice declares
   * once. {@code source} ({@code kind:id}, or null) is linked in the same transaction.
   */
  long declare(Declaration d, String declaredBy, String viewId, String source) {
    return jdbi.inTransaction(
        h -> {
          Optional<Incident> earlier = dao.byViewId(h, viewId);
          if (earlier.isPresent()) return earlier.get().id();
          long id = dao.insert(h, d, declaredBy, clock.instant(), viewId);
          Incident i = dao.find(h, id).orElseThrow();
          if (messages.githubOn()) outbox.enqueue(h, IncidentIssue.createEffect(i));
          outbox.enqueue(
              h,
              Effect.of(
                      i.slackStream(),
                      IncidentEffects.CHANNEL_CREATE,
                      i.key("channel"),
                      new IncidentEffects.Ref(id))
                  .notifying(i.ccUser()));
          linkSource(h, i, source);
          return id;
        });
  }

  /** Tells the source ({@code kind:id}) of its incident, after the incident's own effects. */
  private void linkSource(Handle h, Incident i, String source) {
    int colon = source == null ? -1 : source.indexOf(':');
    DeclarationSource from = colon < 0 ? null : sources.get(source.substring(0, colon));
    if (from == null) return;
    from.declared(
            h,
            source.substring(colon + 1),
            new DeclarationSource.Declared(i.id(), i.declaredBy(), i.slackStream()))
        .ifPresent(text -> dao.setDeclaredFrom(h, i.id(), text));
  }

  /** A status update to the issue, the channel and the thread under the announcement. */
  Outcome update(long id, StatusUpdate u, String userId, String viewId) {
    return jdbi.inTransaction(
        h -> {
          Optional<Incident> found = dao.find(h, id);
          if (found.isEmpty()) return Outcome.NOT_FOUND;
          if (!found.get().open()) return Outcome.NOT_OPEN;
          Instant now = clock.instant();
          Optional<Integer> seq = dao.addUpdate(h, id, u, userId, now, viewId);
          if (seq.isEmpty()) return Outcome.ALREADY_DONE;
          Incident i = dao.find(h, id).orElseThrow();
          String key = "update:" + seq.get();
          if (messages.githubOn()) {
            onIssue(
                h,
                i,
                GitHubEffects.COMMENT,
                key,
                new GitHubEffects.Comment(
                    issueOf(i), IncidentRules.updateComment(i, seq.get(), u, now)));
          }
          String text = IncidentRules.updateMessage(i, seq.get(), u, now);
          postToChannel(h, i, key + ":channel", text);
          postToThread(h, i, key + ":thread", text);
          return Outcome.DONE;
        });
  }

  /**
   * The resolution: the resolution template on the issue, which is then closed; the channel, the
   * thread and the announcement channel.
   */
  Outcome resolve(long id, String userId, String lingering) {
    return jdbi.inTransaction(
        h -> {
          Optional<Incident> found = dao.find(h, id);
          if (found.isEmpty()) return Outcome.NOT_FOUND;
          if (!found.get().mayManage(userId)) return Outcome.NOT_ALLOWED;
          String effects = lingering == null || lingering.isBlank() ? null : lingering.strip();
          if (!dao.resolve(h, id, userId, clock.instant(), effects)) return Outcome.ALREADY_DONE;
          Incident i = dao.find(h, id).orElseThrow();
          if (messages.githubOn()) {
            onIssue(
                h,
                i,
                GitHubEffects.COMMENT,
                "resolution",
                new GitHubEffects.Comment(issueOf(i), IncidentRules.resolutionComment(i, effects)));
            onIssue(h, i, GitHubEffects.CLOSE, "close", new GitHubEffects.Close(issueOf(i)));
          }
          String text = messages.resolved(i);
          postToChannel(h, i, "resolved:channel", text);
          postToThread(h, i, "resolved:thread", text);
          messages
              .announceChannel()
              .ifPresent(a -> post(h, i, "resolved:announce", SlackEffects.Post.text(a, text)));
          outbox.enqueue(
              h,
              IncidentEffects.refresh(
                  i, "refresh:resolved")); // the start message loses its buttons
          return Outcome.DONE;
        });
  }

  /** New OTs and CC: GitHub assignees follow, newcomers are invited, the channel is told. */
  Outcome changeRoles(long id, String userId, String cc, List<String> ots) {
    return jdbi.inTransaction(
        h -> {
          Optional<Incident> found = dao.find(h, id);
          if (found.isEmpty()) return Outcome.NOT_FOUND;
          Incident before = found.get();
          if (!before.mayManage(userId)) return Outcome.NOT_ALLOWED;
          if (!before.open()) return Outcome.NOT_OPEN;
          int version = dao.changeRoles(h, id, cc, ots);
          Incident i = dao.find(h, id).orElseThrow();
          List<String> assignable = i.assignable();
          Map<String, String> logins = new LinkedHashMap<>();
          for (String u : assignable) people.githubLogin(h, u).ifPresent(l -> logins.put(u, l));
          if (messages.githubOn()) {
            onIssue(
                h,
                i,
                GitHubEffects.SET_ASSIGNEES,
                "roles:" + version,
                new GitHubEffects.SetAssignees(
                    issueOf(i),
                    logins.values().stream()
                        .distinct()
                        .limit(GitHubIssues.MAX_ASSIGNEES)
                        .toList()));
          }
          List<String> newcomers =
              i.people().stream().filter(u -> !before.people().contains(u)).toList();
          if (!newcomers.isEmpty()) {
            outbox.enqueue(
                h,
                Effect.of(
                    i.slackStream(),
                    IncidentEffects.INVITE,
                    i.key("invite:" + version),
                    new IncidentEffects.Invite(id, newcomers)));
          }
          StringBuilder text =
              new StringBuilder(":busts_in_silhouette: Roles changed by ")
                  .append(SlackText.mention(userId))
                  .append(". Communications Coordinator: ")
                  .append(SlackText.mention(i.ccUser()))
                  .append(" · Operations Technicians: ")
                  .append(
                      i.ots().isEmpty()
                          ? "none"
                          : String.join(", ", i.ots().stream().map(SlackText::mention).toList()));
          List<String> missing = assignable.stream().filter(u -> !logins.containsKey(u)).toList();
          if (messages.githubOn() && !missing.isEmpty()) {
            text.append(
                    "\nNot assigned on GitHub (no login linked; `/incident link <github-login>`): ")
                .append(String.join(", ", missing.stream().map(SlackText::mention).toList()));
          }
          if (messages.githubOn()
              && logins.values().stream().distinct().count() > GitHubIssues.MAX_ASSIGNEES) {
            text.append("\nGitHub takes at most ")
                .append(GitHubIssues.MAX_ASSIGNEES)
                .append(" assignees: the CC and the first Operations Technicians are assigned.");
          }
          postToChannel(h, i, "roles:" + version + ":channel", text.toString());
          outbox.enqueue(h, IncidentEffects.refresh(i, "refresh:roles:" + version));
          return Outcome.DONE;
        });
  }

  /** Reminds the CC of every promised update that is overdue, once per promise. */
  int remindOverdue() {
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          int sent = 0;
          for (Incident i : dao.overdue(h, now)) {
            if (!dao.markReminded(h, i.id(), i.nextUpdateDueAt())) continue;
            postToChannel(
                h, i, "remind:" + i.nextUpdateDueAt().toEpochMilli(), IncidentRules.reminder(i));
            sent++;
          }
          return sent;
        });
  }

  private void postToChannel(Handle h, Incident i, String key, String text) {
    if (i.channelId() != null) post(h, i, key, SlackEffects.Post.text(i.channelId(), text));
  }

  /** A reply in the thread under the announcement. */
  private void postToThread(Handle h, Incident i, String key, String text) {
    messages
        .announceChannel()
        .ifPresent(
            a -> post(h, i, key, SlackEffects.Post.text(a, text).inThreadOf(i.announceKey())));
  }

  /** A Slack message of the incident; the CC hears if it cannot be posted. */
  private void post(Handle h, Incident i, String key, SlackEffects.Post post) {
    outbox.enqueue(h, IncidentEffects.post(i, key, post));
  }

  /** An effect on the incident's GitHub issue; the CC hears if it fails for good. */
  private void onIssue(Handle h, Incident i, String kind, String key, Object payload) {
    outbox.enqueue(h, Effect.of(i.githubStream(), kind, i.key(key), payload).notifying(i.ccUser()));
  }

  private static GitHubEffects.IssueRef issueOf(Incident i) {
    return GitHubEffects.IssueRef.createdBy(i.issueKey());
  }
}
