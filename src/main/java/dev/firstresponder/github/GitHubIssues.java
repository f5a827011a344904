package dev.firstresponder.github;

import dev.firstresponder.outbox.EffectFailure;
import dev.firstresponder.store.Installation;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHUser;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * The issues of the configured repository: the only code that talks to GitHub. Called by outbox
 * handlers only, so every failure becomes a retry (or a permanent failure a person is told of).
 *
 * <p>Every body written carries a hidden marker; after an ambiguous failure (a timeout after the
 * POST) the retry finds the marker and returns what was already created instead of doubling it. A
 * marker counts only on an issue or comment written by the bot's own account, and it carries a
 * random word of this installation: anyone may type a marker into a public repository.
 */
public final class GitHubIssues {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  /** GitHub refuses bodies longer than this. */
  public static final int MAX_BODY = 65_536;

  /** Attempts of an effect that GitHub refuses (403) before it fails for good. */
  static final int REFUSALS_BEFORE_GIVING_UP = 3;

  private final GitHubSettings config;
  private final Installation installation;
  private volatile GHRepository repository;
  private volatile String myLogin;

  public GitHubIssues(GitHubSettings config, Installation installation) {
    this.config = config;
    this.installation = installation;
  }

  public String repositoryName() {
    return config.fullName();
  }

  /** GitHub refuses longer issue titles. */
  public static final int MAX_TITLE = 256;

  /** GitHub refuses more assignees on one issue; callers name the others in the text. */
  public static final int MAX_ASSIGNEES = 10;

  /** A created or found issue. */
  public record Issue(int number, String url) {}

  /** The marker that identifies what we wrote, hidden from readers of the issue. */
  public String marker(String key) {
    return "<!-- firstresponder:" + installation.markerNonce() + ":" + safeKey(key) + " -->";
  }

  /** The marker as written before markers carried the installation's word. */
  static String legacyMarker(String key) {
    return "<!-- firstresponder:" + safeKey(key) + " -->";
  }

  private static String safeKey(String key) {
    return key.replace("--", "-");
  }

  /** The login of the token's account ({@code GET /user}), asked once. */
  public String myLogin() throws IOException {
    String login = myLogin;
    if (login == null) {
      login = client().getMyself().getLogin();
      myLogin = login;
    }
    return login;
  }

  /** Whether the bot's own account wrote it: no marker counts on anything written by others. */
  public boolean writtenByUs(String login) throws IOException {
    return login != null && login.equalsIgnoreCase(myLogin());
  }

  /** Whether an item written by {@code author} is the one we wrote for {@code key}. */
  private boolean ours(String author, String body, String key) throws IOException {
    return body != null
        && (body.contains(marker(key)) || body.contains(legacyMarker(key)))
        && writtenByUs(author);
  }

  /** Creates the issue, or on a retry returns the one that already carries the marker. */
  public Issue createIssue(
      String title,
      String body,
      List<String> labels,
      List<String> assignees,
      String markerKey,
      boolean retried)
      throws IOException {
    GHRepository repo = repo();
    if (retried) {
      Optional<GHIssue> existing = findByMarker(repo, markerKey);
      if (existing.isPresent())
        return new Issue(existing.get().getNumber(), existing.get().getHtmlUrl().toString());
    }
    var builder = repo.createIssue(title).body(body + "\n\n" + marker(markerKey));
    labels.forEach(builder::label);
    assignees.stream().limit(MAX_ASSIGNEES).forEach(builder::assignee);
    GHIssue issue = builder.create();
    return new Issue(issue.getNumber(), issue.getHtmlUrl().toString());
  }

  private Optional<GHIssue> findByMarker(GHRepository repo, String markerKey) throws IOException {
    // Newest first; an ambiguous create is recent, so the newest hundred are enough.
    int looked = 0;
    for (GHIssue issue : repo.queryIssues().state(GHIssueState.ALL).pageSize(100).list()) {
      if (ours(issue.getUser().getLogin(), issue.getBody(), markerKey)) return Optional.of(issue);
      if (++looked >= 100) break;
    }
    return Optional.empty();
  }

  /** Comments on the issue, or on a retry returns the comment that already carries the marker. */
  public long comment(int number, String body, String markerKey, boolean retried)
      throws IOException {
    GHIssue issue = repo().getIssue(number);
    if (retried) {
      for (GHIssueComment c : issue.getComments()) {
        if (ours(c.getUserName(), c.getBody(), markerKey)) return c.getId();
      }
    }
    return issue.comment(body + "\n\n" + marker(markerKey)).getId();
  }

  public void editComment(int number, long commentId, String body, String markerKey)
      throws IOException {
    for (GHIssueComment c : repo().getIssue(number).getComments()) {
      if (c.getId() == commentId) {
        c.update(body + "\n\n" + marker(markerKey));
        return;
      }
    }
    throw new HttpException(
        "comment " + commentId + " not found on issue #" + number, 404, "Not Found", null);
  }

  public void close(int number) throws IOException {
    GHIssue issue = repo().getIssue(number);
    if (issue.getState() != GHIssueState.CLOSED) issue.close();
  }

  public void reopen(int number) throws IOException {
    GHIssue issue = repo().getIssue(number);
    if (issue.getState() == GHIssueState.CLOSED) issue.reopen();
  }

  public void setBody(int number, String body, String markerKey) throws IOException {
    repo().getIssue(number).setBody(body + "\n\n" + marker(markerKey));
  }

  public void setAssignees(int number, List<String> logins) throws IOException {
    GHIssue issue = repo().getIssue(number);
    var users = new ArrayList<GHUser>();
    GitHub gh = client();
    for (String login : logins.stream().limit(MAX_ASSIGNEES).toList()) users.add(gh.getUser(login));
    issue.setAssignees(users);
  }

  /**
   * The comments of an issue updated at or after {@code since} (all when empty), oldest first: the
   * polling side of the mirror asks only for what is new.
   */
  public List<GHIssueComment> comments(int number, Optional<Instant> since) throws IOException {
    var query = repo().getIssue(number).queryComments();
    since.ifPresent(t -> query.since(Date.from(t)));
    return query.list().toList();
  }

  private volatile GitHub client;

  private GitHub client() throws IOException {
    GitHub gh = client;
    if (gh == null) {
      synchronized (this) {
        if (client == null) {
          client =
              new GitHubBuilder()
                  .withEndpoint(config.apiUrl())
                  .withOAuthToken(config.token())
                  .withConnector(new TimeoutConnector(CONNECT_TIMEOUT, REQUEST_TIMEOUT))
                  .withRateLimitHandler(FAIL_FAST_RATE_LIMIT)
                  .withAbuseLimitHandler(FAIL_FAST_ABUSE_LIMIT)
                  .build();
        }
        gh = client;
      }
    }
    return gh;
  }

  private GHRepository repo() throws IOException {
    GHRepository r = repository;
    if (r == null) {
      r = client().getRepository(config.fullName());
      repository = r;
    }
    return r;
  }

  /** GitHub asked us to wait; the outbox honours it instead of sleeping in the worker thread. */
  public static final class RateLimited extends IOException {
    private final Duration wait;

    RateLimited(String message, Duration wait) {
      super(message);
      this.wait = wait;
    }

    public Duration waitFor() {
      return wait;
    }
  }

  private static Duration waitOf(GitHubConnectorResponse response) {
    String retryAfter = response.header("Retry-After");
    if (retryAfter != null) {
      try {
        return Duration.ofSeconds(Math.max(1, Long.parseLong(retryAfter.strip())));
      } catch (NumberFormatException ignored) {
        // fall through to the reset time
      }
    }
    String reset = response.header("X-RateLimit-Reset");
    if (reset != null) {
      try {
        long seconds = Long.parseLong(reset.strip()) - System.currentTimeMillis() / 1000;
        return Duration.ofSeconds(Math.max(1, seconds));
      } catch (NumberFormatException ignored) {
        // use the default below
      }
    }
    return Duration.ofMinutes(1);
  }

  private static final GitHubRateLimitHandler FAIL_FAST_RATE_LIMIT =
      new GitHubRateLimitHandler() {
        @Override
        public void onError(GitHubConnectorResponse response) throws IOException {
          throw new RateLimited("GitHub rate limit reached", waitOf(response));
        }
      };

  private static final GitHubAbuseLimitHandler FAIL_FAST_ABUSE_LIMIT =
      new GitHubAbuseLimitHandler() {
        @Override
        public void onError(GitHubConnectorResponse response) throws IOException {
          throw new RateLimited("GitHub secondary rate limit reached", waitOf(response));
        }
      };

  /**
   * Turns a GitHub failure into what the outbox should do: wait as told, stop on an answer that
   * will not change (404, 410, 422), give up after a few refusals (403 that is no rate limit), or
   * retry with backoff (down, 5xx, 401 while a token is fixed).
   */
  public static Exception classify(IOException e) {
    // github-api wraps what our handlers throw in an HttpException: look through the causes.
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof RateLimited rl)
        return new EffectFailure.RetryAfter(rl.getMessage(), rl.waitFor());
    }
    if (e instanceof HttpException http) {
      int code = http.getResponseCode();
      if (code == 404 || code == 410 || code == 422) {
        return new EffectFailure.Permanent(
            "GitHub answered " + code + ": " + brief(http.getMessage()), e);
      }
      if (code == 429)
        return new EffectFailure.RetryAfter("GitHub answered 429", Duration.ofMinutes(1));
      if (code == 403) {
        // A secondary rate limit without its headers says so in the message: wait a minute.
        String message = brief(http.getMessage());
        if (message.toLowerCase(Locale.ROOT).contains("rate limit"))
          return new EffectFailure.RetryAfter(
              "GitHub answered 403: " + message, Duration.ofMinutes(1));
        // No permission, a locked issue: a person may fix it soon, but not by waiting forever.
        return new EffectFailure.Refused(
            "GitHub refused (403): " + message, REFUSALS_BEFORE_GIVING_UP, e);
      }
    }
    return e;
  }

  private static String brief(String message) {
    if (message == null) return "";
    return message.length() > 300 ? message.substring(0, 300) + "…" : message;
  }
}
