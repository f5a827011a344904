package dev.firstresponder.alert;

import dev.firstresponder.github.GitHubEffects;
import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.Outbox;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * One GitHub issue per firing episode (ALERT_ISSUES): opened with the page, its body rewritten when
 * alerts join or resolve, a comment and (ALERT_ISSUES_AUTO_CLOSE) the close when the group
 * resolves. All through the outbox, in one stream per episode, each exactly once.
 */
final class AlertIssues {
  private final Outbox outbox;
  private final boolean on;
  private final boolean autoClose;

  AlertIssues(Outbox outbox, AlertSettings settings) {
    this.outbox = outbox;
    this.on = settings.issues();
    this.autoClose = settings.autoClose();
  }

  /** Whether issues are kept at all (ALERT_ISSUES). */
  boolean on() {
    return on;
  }

  void opened(Handle h, Snapshot s) {
    if (!on) return;
    Episode e = s.episode();
    AlertFacts f = s.facts();
    outbox.enqueue(
        h,
        Effect.of(
            e.githubStream(),
            GitHubEffects.CREATE_ISSUE,
            e.issueKey(),
            new GitHubEffects.CreateIssue(
                AlertIssue.title(f), AlertIssue.body(s), AlertIssue.labels(f), List.of())));
    // Once created, the number goes on the episode and the messages link it.
    outbox.enqueue(
        h,
        Effect.of(
            e.githubStream(),
            AlertEffects.ISSUE_LINK,
            e.key("issue:link"),
            new AlertEffects.Refresh(e.id(), 0, false)));
  }

  /** Alerts joined or resolved: the body shows them all. */
  void changed(Handle h, Snapshot s) {
    if (!on) return;
    Episode e = s.episode();
    outbox.enqueue(
        h,
        Effect.of(
            e.githubStream(),
            GitHubEffects.SET_BODY,
            e.key("issue:body:" + e.version()),
            new GitHubEffects.SetBody(
                GitHubEffects.IssueRef.createdBy(e.issueKey()), AlertIssue.body(s))));
  }

  void resolved(Handle h, Snapshot s) {
    if (!on) return;
    changed(h, s);
    Episode e = s.episode();
    GitHubEffects.IssueRef issue = GitHubEffects.IssueRef.createdBy(e.issueKey());
    outbox.enqueue(
        h,
        Effect.of(
            e.githubStream(),
            GitHubEffects.COMMENT,
            e.key("issue:resolved"),
            new GitHubEffects.Comment(issue, AlertIssue.resolvedComment(e, e.resolvedAt()))));
    if (autoClose) {
      outbox.enqueue(
          h,
          Effect.of(
              e.githubStream(),
              GitHubEffects.CLOSE,
              e.key("issue:close"),
              new GitHubEffects.Close(issue)));
    }
  }
}
