package dev.firstresponder.oncall;

import dev.firstresponder.github.GitHubEffects;
import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.people.People;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * The on-call log on GitHub: one issue (ONCALL_LOG_ISSUE, or one created once) whose body shows the
 * list as a checklist, and a comment per handover. Nothing when GitHub is off.
 */
final class OncallLog {
  static final String LOG_ISSUE_KEY = "oncall:log:issue";
  static final String GITHUB_STREAM = "github:oncall";

  private final Clock clock;
  private final OncallSettings config;
  private final OncallDao dao;
  private final Outbox outbox;
  private final People people;
  private final OncallNotices notices;
  private final Succession succession;
  private final boolean github;

  OncallLog(
      Clock clock,
      OncallSettings config,
      OncallDao dao,
      Outbox outbox,
      People people,
      OncallNotices notices,
      Succession succession,
      boolean github) {
    this.clock = clock;
    this.config = config;
    this.dao = dao;
    this.outbox = outbox;
    this.people = people;
    this.notices = notices;
    this.succession = succession;
    this.github = github;
  }

  /** The handover's comment on the log issue, and the checklist as it is now. */
  void handover(
      Handle h,
      long id,
      Handover.Kind kind,
      String from,
      String to,
      LocalDate shiftDate,
      Handover.Notes notes,
      String next) {
    if (!github) return;
    // On a removal the list changes once more in the same transaction; remove() writes the body.
    if (kind != Handover.Kind.REMOVAL) syncBody(h, next);
    GitHubEffects.IssueRef issue = issue(h);
    Function<String, String> name = names(h, dao.rota(h), from, to);
    outbox.enqueue(
        h,
        Effect.of(
                GITHUB_STREAM,
                GitHubEffects.COMMENT,
                "oncall:handover:" + id + ":log-comment",
                new GitHubEffects.Comment(
                    issue,
                    OncallMessages.logComment(
                        kind, from, to, shiftDate, clock.instant(), config.zone(), notes, name)))
            .notifying(notices.failuresTo()));
  }

  /** After a change of the list outside a handover: the checklist with who is next from now. */
  void refresh(Handle h) {
    if (!github) return;
    syncBody(h, succession.nextNow(h).userId());
  }

  /**
   * Rewrites the log issue's body when the checklist it shows changed. The version counter is the
   * idempotency key: a repeated command that changes nothing enqueues nothing, and as the effects
   * of one stream apply in order, the newest body is the last one written, even after an outage.
   */
  private void syncBody(Handle h, String next) {
    Rota rota = dao.rota(h);
    String body = OncallMessages.logBody(rota, dao.state(h).round(), next, names(h, rota, next));
    OncallDao.LogBody last = dao.logBody(h);
    if (body.equals(last.body())) return;
    int version = last.version() + 1;
    dao.setLogBody(h, version, body);
    GitHubEffects.IssueRef issue = issue(h, body);
    outbox.enqueue(
        h,
        Effect.of(
                GITHUB_STREAM,
                GitHubEffects.SET_BODY,
                "oncall:log:body:" + version,
                new GitHubEffects.SetBody(issue, body))
            .notifying(notices.failuresTo()));
  }

  private GitHubEffects.IssueRef issue(Handle h) {
    return issue(h, dao.logBody(h).body());
  }

  /**
   * ONCALL_LOG_ISSUE, or the one issue created once (its create effect is keyed, so enqueued once).
   */
  private GitHubEffects.IssueRef issue(Handle h, String body) {
    if (config.logIssue().isPresent())
      return GitHubEffects.IssueRef.number(config.logIssue().get());
    outbox.enqueue(
        h,
        Effect.of(
                GITHUB_STREAM,
                GitHubEffects.CREATE_ISSUE,
                LOG_ISSUE_KEY,
                new GitHubEffects.CreateIssue(
                    OncallMessages.LOG_TITLE,
                    body == null ? "" : body,
                    List.of("oncall"),
                    List.of()))
            .notifying(notices.failuresTo()));
    return GitHubEffects.IssueRef.createdBy(LOG_ISSUE_KEY);
  }

  /**
   * GitHub names of the people on the list (and of the extra ones): their login, else their Slack
   * id.
   */
  private Function<String, String> names(Handle h, Rota rota, String... extra) {
    Map<String, String> logins = new HashMap<>();
    List<String> ids = new ArrayList<>(rota.members().stream().map(Member::userId).toList());
    if (rota.current() != null) ids.add(rota.current());
    for (String u : extra) if (u != null) ids.add(u);
    for (String u : ids) people.githubLogin(h, u).ifPresent(l -> logins.put(u, l));
    return u -> OncallMessages.names(logins, u);
  }
}
