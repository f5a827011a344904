package dev.firstresponder.github;

import dev.firstresponder.outbox.EffectFailure;
import dev.firstresponder.outbox.Json;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxEntry;
import dev.firstresponder.outbox.OutboxWorker;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbox effects on GitHub issues. An effect names its issue either by number or by the idempotency
 * key of the {@code github.issue.create} effect that made it ({@code issueFrom}), so comments and
 * the close can be queued while GitHub is still down and the issue does not exist.
 */
public final class GitHubEffects {
  private static final Logger log = LoggerFactory.getLogger(GitHubEffects.class);
  public static final String CREATE_ISSUE = "github.issue.create";
  public static final String COMMENT = "github.comment";
  public static final String EDIT_COMMENT = "github.comment.edit";
  public static final String CLOSE = "github.issue.close";
  public static final String REOPEN = "github.issue.reopen";
  public static final String SET_BODY = "github.issue.body";
  public static final String SET_ASSIGNEES = "github.issue.assignees";

  /** Result of {@link #CREATE_ISSUE}. */
  public record Created(int number, String url) {}

  /**
   * Payload of {@link #CREATE_ISSUE}: the issue as it is to be created, or ({@link #drafted}) the
   * name of the {@link IssueDraft} that writes it when the create runs, and what it is about.
   */
  public record CreateIssue(
      String title,
      String body,
      List<String> labels,
      List<String> assignees,
      String draft,
      String subject) {
    public CreateIssue(String title, String body, List<String> labels, List<String> assignees) {
      this(title, body, labels, assignees, null, null);
    }

    /** An issue the draft registered under that name writes when the create runs. */
    public static CreateIssue drafted(String draft, String subject) {
      return new CreateIssue(null, null, List.of(), List.of(), draft, subject);
    }
  }

  /**
   * Writes an issue when its create effect runs rather than when it was queued, from the state of
   * that moment (names, linked logins), and hears how the create went, for the feature that owns
   * the issue. Because GitHub refuses assignees it cannot assign (422), a drafted issue is created
   * without them rather than not at all; its draft is told so it can tell the people concerned.
   */
  public interface IssueDraft {
    CreateIssue write(String subject) throws Exception;

    /** GitHub did not answer; the create is retried. */
    void waiting(String subject, Exception why) throws Exception;

    /** The issue exists; {@code assigneesRefused}: it was created without its assignees. */
    void created(String subject, Created issue, boolean assigneesRefused) throws Exception;
  }

  /** Points at an issue: by number, or by the key of the effect that created it. */
  public record IssueRef(Integer number, String issueFrom) {
    public static IssueRef number(int number) {
      return new IssueRef(number, null);
    }

    public static IssueRef createdBy(String createKey) {
      return new IssueRef(null, createKey);
    }
  }

  public record Comment(IssueRef issue, String body) {}

  /** Edits a comment given by id, or by the key of the {@link #COMMENT} effect that wrote it. */
  public record EditComment(IssueRef issue, Long commentId, String commentFrom, String body) {}

  public record Close(IssueRef issue) {}

  public record SetBody(IssueRef issue, String body) {}

  public record SetAssignees(IssueRef issue, List<String> logins) {}

  private final GitHubIssues issues;
  private final Outbox outbox;
  private final Map<String, IssueDraft> drafts = new ConcurrentHashMap<>();

  public GitHubEffects(GitHubIssues issues, Outbox outbox) {
    this.issues = issues;
    this.outbox = outbox;
  }

  public void registerWith(OutboxWorker worker) {
    worker.register(CREATE_ISSUE, e -> create(e, e.payload(CreateIssue.class)));
    worker.register(COMMENT, this::comment);
    worker.register(EDIT_COMMENT, this::editComment);
    worker.register(
        CLOSE,
        e -> {
          int number = number(e.payload(Close.class).issue());
          return call(() -> issues.close(number));
        });
    worker.register(
        REOPEN,
        e -> {
          int number = number(e.payload(Close.class).issue());
          return call(() -> issues.reopen(number));
        });
    worker.register(SET_BODY, this::setBody);
    worker.register(SET_ASSIGNEES, this::setAssignees);
  }

  /** Registers the draft that writes the issues created with {@link CreateIssue#drafted}. */
  public void draft(String name, IssueDraft draft) {
    if (drafts.putIfAbsent(name, draft) != null)
      throw new IllegalStateException("two issue drafts named " + name);
  }

  public String repositoryName() {
    return issues.repositoryName();
  }

  /** The number and URL of an issue created by an applied {@link #CREATE_ISSUE} effect. */
  public static Optional<Created> created(Outbox outbox, String createKey) {
    return outbox.result(createKey).map(r -> Json.read(r, Created.class));
  }

  /**
   * Applies a {@link #CREATE_ISSUE} effect: creates the issue (or finds the one an ambiguous
   * earlier attempt created, by its marker) and returns its {@link Created} as the effect's result.
   */
  public String create(OutboxEntry e, CreateIssue asked) throws Exception {
    IssueDraft draft = asked.draft() == null ? null : drafts.get(asked.draft());
    if (asked.draft() != null && draft == null)
      throw new EffectFailure.Permanent("no issue draft named " + asked.draft());
    CreateIssue c = draft == null ? asked : draft.write(asked.subject());
    GitHubIssues.Issue issue;
    boolean assigneesRefused = false;
    try {
      try {
        issue =
            issues.createIssue(
                c.title(), c.body(), c.labels(), c.assignees(), e.idempotencyKey(), e.retried());
      } catch (IOException ex) {
        if (draft == null
            || c.assignees().isEmpty()
            || !(GitHubIssues.classify(ex) instanceof EffectFailure.Permanent)) throw ex;
        log.warn(
            "{}: GitHub refused the assignees, creating the issue without them: {}",
            e.idempotencyKey(),
            ex.getMessage());
        assigneesRefused = true;
        issue =
            issues.createIssue(
                c.title(), c.body(), c.labels(), List.of(), e.idempotencyKey(), true);
      }
    } catch (IOException ex) {
      Exception failure = GitHubIssues.classify(ex);
      if (draft != null && !(failure instanceof EffectFailure.Permanent))
        draft.waiting(asked.subject(), failure);
      throw failure;
    }
    Created created = new Created(issue.number(), issue.url());
    if (draft != null) draft.created(asked.subject(), created, assigneesRefused);
    return Json.write(created);
  }

  private String comment(OutboxEntry e) throws Exception {
    Comment c = e.payload(Comment.class);
    int number = number(c.issue());
    try {
      return Long.toString(issues.comment(number, c.body(), e.idempotencyKey(), e.retried()));
    } catch (IOException ex) {
      throw GitHubIssues.classify(ex);
    }
  }

  private String editComment(OutboxEntry e) throws Exception {
    EditComment c = e.payload(EditComment.class);
    int number = number(c.issue());
    long id;
    String markerKey;
    if (c.commentId() != null) {
      id = c.commentId();
      markerKey = e.idempotencyKey();
    } else {
      String written =
          outbox
              .result(c.commentFrom())
              .orElseThrow(
                  () -> new EffectFailure.Permanent("the comment to edit was never written"));
      id = Long.parseLong(written);
      markerKey =
          c.commentFrom(); // keep the original marker so retries of the comment still find it
    }
    try {
      issues.editComment(number, id, c.body(), markerKey);
      return Long.toString(id);
    } catch (IOException ex) {
      throw GitHubIssues.classify(ex);
    }
  }

  private String setBody(OutboxEntry e) throws Exception {
    SetBody b = e.payload(SetBody.class);
    String markerKey = b.issue().issueFrom() != null ? b.issue().issueFrom() : e.idempotencyKey();
    int number = number(b.issue());
    return call(() -> issues.setBody(number, b.body(), markerKey));
  }

  private String setAssignees(OutboxEntry e) throws Exception {
    SetAssignees a = e.payload(SetAssignees.class);
    int number = number(a.issue());
    return call(() -> issues.setAssignees(number, a.logins()));
  }

  private int number(IssueRef ref) throws EffectFailure.Permanent {
    if (ref.number() != null) return ref.number();
    return created(outbox, ref.issueFrom())
        .map(Created::number)
        .orElseThrow(() -> new EffectFailure.Permanent("the GitHub issue was never created"));
  }

  @FunctionalInterface
  private interface GitHubCall {
    void run() throws IOException;
  }

  private static String call(GitHubCall call) throws Exception {
    try {
      call.run();
      return null;
    } catch (IOException ex) {
      throw GitHubIssues.classify(ex);
    }
  }
}
