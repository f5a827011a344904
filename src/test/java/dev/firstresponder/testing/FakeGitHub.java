package dev.firstresponder.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API for one repository's issues, over real HTTP on 127.0.0.1, as much as the bot
 * uses. It keeps issues and comments, records every request, enforces GitHub's limits (title 1 to
 * 256 characters, issue and comment bodies up to 65,536, comment bodies not blank, label names up
 * to 50, at most 10 assignees, assignable users, locked issues, {@code since}; a breach of a limit
 * is answered 422 and kept in {@link #violations()}) and can be taken down, hung, rate limited
 * (primary: 403 with X-RateLimit-Remaining 0; secondary: 429/403 with Retry-After), slowed, or made
 * to apply a write and then fail (the ambiguous timeout-after-POST). Point the app at {@link
 * #url()}.
 */
public final class FakeGitHub implements AutoCloseable {
  /** The login of the token's account, as {@code GET /user} answers it. */
  public static final String BOT_LOGIN = "firstresponder-bot";

  public final String owner;
  public final String repo;

  /**
   * @param query the raw query string, or null
   */
  public record Request(String method, String path, String body, String query) {
    public JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }
  }

  public static final class Comment {
    public final long id;
    public volatile String body;
    public final String author;
    public final Instant createdAt;
    public volatile Instant updatedAt;

    Comment(long id, String body, String author, Instant createdAt) {
      this.id = id;
      this.body = body;
      this.author = author;
      this.createdAt = createdAt;
      this.updatedAt = createdAt;
    }
  }

  public static final class Issue {
    public final int number;
    public volatile String title;
    public volatile String body;
    public volatile String state = "open";
    public volatile List<String> labels;
    public volatile List<String> assignees;
    public volatile String author = BOT_LOGIN;
    public volatile boolean locked;
    public final List<Comment> comments = new CopyOnWriteArrayList<>();

    Issue(int number, String title, String body, List<String> labels, List<String> assignees) {
      this.number = number;
      this.title = title;
      this.body = body;
      this.labels = labels;
      this.assignees = assignees;
    }
  }

  private final HttpServer server;
  private final java.util.concurrent.ExecutorService executor = Executors.newFixedThreadPool(8);
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final Map<Integer, Issue> issues = new LinkedHashMap<>();
  private final AtomicInteger nextNumber = new AtomicInteger(1);
  private final AtomicLong nextCommentId = new AtomicLong(1000);
  private volatile boolean down;
  private volatile java.util.concurrent.CountDownLatch hanging; // null: answering
  private final AtomicInteger rateLimited = new AtomicInteger();
  private final AtomicInteger secondaryLimited = new AtomicInteger();
  private final AtomicInteger failAfterWrite = new AtomicInteger();
  private volatile int retryAfterSeconds = 1;
  private volatile Duration latency = Duration.ZERO;
  private volatile Set<String> assignable; // null: everyone

  public FakeGitHub(String owner, String repo) throws IOException {
    this.owner = owner;
    this.repo = repo;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  // ---- faults ---------------------------------------------------------------------------------

  /** Every request answers 503 until {@link #up()}. */
  public FakeGitHub down() {
    down = true;
    return this;
  }

  public FakeGitHub up() {
    down = false;
    java.util.concurrent.CountDownLatch held = hanging;
    hanging = null;
    if (held != null) held.countDown();
    return this;
  }

  /**
   * Requests get no answer (a partition or a stuck server) until {@link #up()}; then the held ones
   * are answered 503 without being applied.
   */
  public FakeGitHub hang() {
    hanging = new java.util.concurrent.CountDownLatch(1);
    return this;
  }

  /** The next {@code times} requests hit the primary rate limit (403, X-RateLimit-Remaining: 0). */
  public FakeGitHub rateLimit(int times, int resetInSeconds) {
    retryAfterSeconds = resetInSeconds;
    rateLimited.set(times);
    return this;
  }

  /** The next {@code times} requests hit a secondary limit (429 with Retry-After). */
  public FakeGitHub secondaryLimit(int times, int retryAfter) {
    retryAfterSeconds = retryAfter;
    secondaryLimited.set(times);
    return this;
  }

  /** The next {@code times} writes are applied, then answered with 502 (a timeout after POST). */
  public FakeGitHub failAfterWrite(int times) {
    failAfterWrite.set(times);
    return this;
  }

  public FakeGitHub latency(Duration latency) {
    this.latency = latency;
    return this;
  }

  /** Only these logins can be assigned; others make issue creation fail with 422 as on GitHub. */
  public FakeGitHub assignable(Set<String> logins) {
    this.assignable = logins;
    return this;
  }

  // ---- inspection -----------------------------------------------------------------------------

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<Request> requests(String method, String pathPattern) {
    Pattern p = Pattern.compile(pathPattern);
    return requests.stream()
        .filter(r -> r.method().equals(method) && p.matcher(r.path()).matches())
        .toList();
  }

  /** Writes real GitHub would have refused for its limits (the app must never cause any). */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  public synchronized List<Issue> issues() {
    return List.copyOf(issues.values());
  }

  public synchronized Issue issue(int number) {
    return issues.get(number);
  }

  public Issue awaitIssue(Predicate<Issue> matching) {
    return Await.until(
        () -> issues().stream().filter(matching).findFirst().orElse(null),
        "a GitHub issue matching the condition; issues: " + issues().size());
  }

  /** A comment written by a person on GitHub (not through the API the bot uses). */
  public synchronized Comment addHumanComment(int number, String login, String body) {
    return addHumanComment(number, login, body, Instant.now());
  }

  public synchronized Comment addHumanComment(int number, String login, String body, Instant at) {
    Comment c = new Comment(nextCommentId.getAndIncrement(), body, login, at);
    issues.get(number).comments.add(c);
    return c;
  }

  /** An issue opened by someone else (not through the API the bot uses). */
  public synchronized Issue addIssueBy(String login, String title, String body) {
    Issue i = new Issue(nextNumber.getAndIncrement(), title, body, List.of(), List.of());
    i.author = login;
    issues.put(i.number, i);
    return i;
  }

  /** Locks the issue's conversation: comments are refused with 403, as GitHub does. */
  public synchronized FakeGitHub lock(int number) {
    issues.get(number).locked = true;
    return this;
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  private static final Pattern ISSUES = Pattern.compile("/repos/([^/]+)/([^/]+)/issues");
  private static final Pattern ISSUE = Pattern.compile("/repos/([^/]+)/([^/]+)/issues/(\\d+)");
  private static final Pattern COMMENTS =
      Pattern.compile("/repos/([^/]+)/([^/]+)/issues/(\\d+)/comments");
  private static final Pattern ASSIGNEES =
      Pattern.compile("/repos/([^/]+)/([^/]+)/issues/(\\d+)/assignees");
  private static final Pattern COMMENT =
      Pattern.compile("/repos/([^/]+)/([^/]+)/issues/comments/(\\d+)");
  private static final Pattern REPO_COMMENTS =
      Pattern.compile("/repos/([^/]+)/([^/]+)/issues/comments");
  private static final Pattern REPO = Pattern.compile("/repos/([^/]+)/([^/]+)");
  private static final Pattern USER = Pattern.compile("/users/([^/]+)");

  private void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    String body = Http.body(ex);
    String query = ex.getRequestURI().getRawQuery();
    requests.add(new Request(method, path, body, query));
    java.util.concurrent.CountDownLatch held = hanging;
    if (held != null) {
      try {
        held.await(5, java.util.concurrent.TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Http.send(ex, 503, "{\"message\":\"Service Unavailable\"}");
      return;
    }
    if (!latency.isZero()) sleep(latency);
    ex.getResponseHeaders().set("X-RateLimit-Limit", "5000");
    if (down) {
      Http.send(ex, 503, "{\"message\":\"Service Unavailable\"}");
      return;
    }
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.toLowerCase().startsWith("token ") && !auth.startsWith("Bearer ")) {
      Http.send(ex, 401, "{\"message\":\"Requires authentication\"}");
      return;
    }
    if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      ex.getResponseHeaders().set("X-RateLimit-Remaining", "0");
      ex.getResponseHeaders()
          .set(
              "X-RateLimit-Reset",
              Long.toString(Instant.now().getEpochSecond() + retryAfterSeconds));
      Http.send(ex, 403, "{\"message\":\"API rate limit exceeded\"}");
      return;
    }
    if (secondaryLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      ex.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
      Http.send(ex, 429, "{\"message\":\"You have exceeded a secondary rate limit\"}");
      return;
    }
    ex.getResponseHeaders().set("X-RateLimit-Remaining", "4999");
    boolean write = !method.equals("GET");
    Answer a;
    try {
      a = route(method, path, body, query);
    } catch (RuntimeException e) {
      a =
          new Answer(
              400,
              "{\"message\":\"Problems parsing JSON: " + e.getMessage().replace("\"", "'") + "\"}");
    }
    if (write && a.status() < 300 && failAfterWrite.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      Http.send(ex, 502, "{\"message\":\"Bad Gateway\"}");
      return;
    }
    Http.send(ex, a.status(), a.json());
  }

  private record Answer(int status, String json) {}

  private static Answer ok(JsonElement e) {
    return new Answer(200, e.toString());
  }

  private static Answer notFound() {
    return new Answer(404, "{\"message\":\"Not Found\"}");
  }

  /** A 422 as GitHub answers it: "Validation Failed" with the failing field. */
  private static Answer invalid(String resource, String field, String message) {
    JsonObject error =
        FakeSlack.obj("resource", resource, "field", field, "code", "custom", "message", message);
    JsonArray errors = new JsonArray();
    errors.add(error);
    return new Answer(
        422,
        FakeSlack.obj(
                "message",
                "Validation Failed",
                "errors",
                errors,
                "documentation_url",
                "https://docs.github.com/rest/issues")
            .toString());
  }

  // ---- GitHub's limits on what is written -----------------------------------------------------

  public static final int MAX_TITLE = 256;
  public static final int MAX_BODY = 65_536;
  public static final int MAX_LABEL = 50;
  public static final int MAX_ASSIGNEES = 10;

  /**
   * A write GitHub refuses because of its limits: answered with 422 and recorded, since the bot
   * must never send one (unlike a login that cannot be assigned, which depends on the repository).
   */
  private Answer refuse(String resource, String field, String message) {
    violations.add(resource + "." + field + ": " + message);
    return invalid(resource, field, message);
  }

  private Answer checkTitle(String title) {
    if (title == null || title.isBlank()) return refuse("Issue", "title", "title cannot be blank");
    if (title.length() > MAX_TITLE)
      return refuse(
          "Issue",
          "title",
          "title is too long (maximum is " + MAX_TITLE + " characters, " + title.length() + ")");
    return null;
  }

  private Answer checkBody(String resource, String body, boolean required) {
    if (required && (body == null || body.isBlank()))
      return refuse(resource, "body", "body cannot be blank");
    if (body != null && body.length() > MAX_BODY)
      return refuse(
          resource,
          "body",
          "body is too long (maximum is " + MAX_BODY + " characters, " + body.length() + ")");
    return null;
  }

  private Answer checkLabels(List<String> labels) {
    for (String l : labels) {
      if (l.isBlank() || l.length() > MAX_LABEL)
        return refuse(
            "Label", "name", "name is blank or too long (maximum is " + MAX_LABEL + " characters)");
    }
    return null;
  }

  private Answer checkAssignees(List<String> assignees) {
    if (assignees.size() > MAX_ASSIGNEES)
      return refuse(
          "Issue",
          "assignees",
          "an issue can have at most " + MAX_ASSIGNEES + " assignees (" + assignees.size() + ")");
    if (assignable != null && !assignable.containsAll(assignees))
      return invalid("Issue", "assignees", "assignees are invalid");
    return null;
  }

  private static String optionalString(JsonObject o, String field) {
    return o.has(field) && !o.get(field).isJsonNull() ? o.get(field).getAsString() : null;
  }

  private static Answer firstOf(Answer... answers) {
    for (Answer a : answers) if (a != null) return a;
    return null;
  }

  private synchronized Answer route(String method, String path, String body, String query) {
    Matcher m;
    if (path.equals("/user")) return ok(userJson(BOT_LOGIN));
    if ((m = USER.matcher(path)).matches()) return ok(userJson(m.group(1)));
    if ((m = COMMENT.matcher(path)).matches() && mine(m)) {
      Comment c = findComment(Long.parseLong(m.group(3)));
      if (c == null) return notFound();
      if (method.equals("PATCH")) {
        String text = optionalString(JsonParser.parseString(body).getAsJsonObject(), "body");
        Answer refused = checkBody("IssueComment", text, true);
        if (refused != null) return refused;
        c.body = text;
        c.updatedAt = Instant.now();
      }
      return ok(commentJson(c, issueOf(c)));
    }
    if ((m = REPO_COMMENTS.matcher(path)).matches() && mine(m) && method.equals("GET")) {
      JsonArray a = new JsonArray();
      for (Issue i : issues.values()) for (Comment c : i.comments) a.add(commentJson(c, i.number));
      return ok(a);
    }
    if ((m = COMMENTS.matcher(path)).matches() && mine(m)) {
      Issue i = issues.get(Integer.parseInt(m.group(3)));
      if (i == null) return notFound();
      if (method.equals("POST")) {
        if (i.locked)
          return new Answer(
              403, "{\"message\":\"Unable to create comment because issue is locked.\"}");
        String text = optionalString(JsonParser.parseString(body).getAsJsonObject(), "body");
        Answer refused = checkBody("IssueComment", text, true);
        if (refused != null) return refused;
        Comment c = new Comment(nextCommentId.getAndIncrement(), text, BOT_LOGIN, Instant.now());
        i.comments.add(c);
        return new Answer(201, commentJson(c, i.number).toString());
      }
      // ?since=: only comments updated at or after that time (seconds), as on GitHub.
      Instant since = queryParam(query, "since").map(Instant::parse).orElse(Instant.EPOCH);
      JsonArray a = new JsonArray();
      for (Comment c : i.comments)
        if (!c.updatedAt.truncatedTo(ChronoUnit.SECONDS).isBefore(since))
          a.add(commentJson(c, i.number));
      return ok(a);
    }
    if ((m = ASSIGNEES.matcher(path)).matches() && mine(m)) {
      Issue i = issues.get(Integer.parseInt(m.group(3)));
      if (i == null) return notFound();
      List<String> logins =
          strings(JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("assignees"));
      List<String> now = new ArrayList<>(i.assignees);
      if (method.equals("POST")) {
        for (String l : logins)
          if (!now.contains(l) && (assignable == null || assignable.contains(l))) now.add(l);
        if (now.size() > MAX_ASSIGNEES)
          return refuse("Issue", "assignees", "an issue can have at most 10 assignees");
      } else if (method.equals("DELETE")) {
        now.removeAll(logins);
      }
      i.assignees = List.copyOf(now);
      return new Answer(201, issueJson(i).toString());
    }
    if ((m = ISSUE.matcher(path)).matches() && mine(m)) {
      Issue i = issues.get(Integer.parseInt(m.group(3)));
      if (i == null) return notFound();
      if (method.equals("PATCH")) {
        JsonObject o = JsonParser.parseString(body).getAsJsonObject();
        String state = optionalString(o, "state");
        List<String> assignees = o.has("assignees") ? strings(o.getAsJsonArray("assignees")) : null;
        List<String> labels = o.has("labels") ? strings(o.getAsJsonArray("labels")) : null;
        Answer refused =
            firstOf(
                o.has("title") ? checkTitle(optionalString(o, "title")) : null,
                o.has("body") ? checkBody("Issue", optionalString(o, "body"), false) : null,
                state != null && !state.equals("open") && !state.equals("closed")
                    ? refuse("Issue", "state", "state must be open or closed")
                    : null,
                assignees != null ? checkAssignees(assignees) : null,
                labels != null ? checkLabels(labels) : null);
        if (refused != null) return refused;
        if (o.has("title")) i.title = o.get("title").getAsString();
        if (o.has("body")) i.body = optionalString(o, "body");
        if (state != null) i.state = state;
        if (assignees != null) i.assignees = assignees;
        if (labels != null) i.labels = labels;
      }
      return ok(issueJson(i));
    }
    if ((m = ISSUES.matcher(path)).matches() && mine(m)) {
      if (method.equals("POST")) {
        JsonObject o = JsonParser.parseString(body).getAsJsonObject();
        String title = optionalString(o, "title");
        String text = optionalString(o, "body");
        List<String> assignees =
            o.has("assignees") ? strings(o.getAsJsonArray("assignees")) : List.of();
        List<String> labels = o.has("labels") ? strings(o.getAsJsonArray("labels")) : List.of();
        Answer refused =
            firstOf(
                checkTitle(title),
                checkBody("Issue", text, false),
                checkLabels(labels),
                checkAssignees(assignees));
        if (refused != null) return refused;
        Issue i =
            new Issue(
                nextNumber.getAndIncrement(), title, text == null ? "" : text, labels, assignees);
        issues.put(i.number, i);
        return new Answer(201, issueJson(i).toString());
      }
      JsonArray a = new JsonArray();
      List<Issue> newestFirst = new ArrayList<>(issues.values());
      java.util.Collections.reverse(newestFirst);
      for (Issue i : newestFirst) a.add(issueJson(i));
      return ok(a);
    }
    if ((m = REPO.matcher(path)).matches() && mine(m)) return ok(repoJson());
    return notFound();
  }

  private static java.util.Optional<String> queryParam(String query, String name) {
    return java.util.Optional.ofNullable(query)
        .flatMap(q -> java.util.Optional.ofNullable(Http.form(q).get(name)));
  }

  private boolean mine(Matcher m) {
    return m.group(1).equals(owner) && m.group(2).equals(repo);
  }

  private Comment findComment(long id) {
    for (Issue i : issues.values()) for (Comment c : i.comments) if (c.id == id) return c;
    return null;
  }

  private int issueOf(Comment c) {
    for (Issue i : issues.values()) if (i.comments.contains(c)) return i.number;
    return 0;
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    if (a != null)
      for (JsonElement e : a)
        out.add(
            e.isJsonObject() ? e.getAsJsonObject().get("login").getAsString() : e.getAsString());
    return List.copyOf(out);
  }

  private String base() {
    return url() + "/repos/" + owner + "/" + repo;
  }

  private JsonObject repoJson() {
    return FakeSlack.obj(
        "id",
        1,
        "name",
        repo,
        "full_name",
        owner + "/" + repo,
        "owner",
        userJson(owner),
        "html_url",
        "https://github.example/" + owner + "/" + repo,
        "url",
        base(),
        "private",
        false,
        "has_issues",
        true,
        "permissions",
        FakeSlack.obj("admin", false, "push", true, "pull", true));
  }

  private JsonObject userJson(String login) {
    return FakeSlack.obj(
        "login",
        login,
        "id",
        Math.abs(login.hashCode()),
        "type",
        "User",
        "url",
        url() + "/users/" + login,
        "html_url",
        "https://github.example/" + login);
  }

  private JsonObject issueJson(Issue i) {
    JsonArray labels = new JsonArray();
    for (String l : i.labels) labels.add(FakeSlack.obj("name", l, "id", Math.abs(l.hashCode())));
    JsonArray assignees = new JsonArray();
    for (String a : i.assignees) assignees.add(userJson(a));
    return FakeSlack.obj(
        "id",
        100_000 + i.number,
        "number",
        i.number,
        "title",
        i.title,
        "body",
        i.body,
        "state",
        i.state,
        "labels",
        labels,
        "assignees",
        assignees,
        "assignee",
        i.assignees.isEmpty() ? null : userJson(i.assignees.get(0)),
        "user",
        userJson(i.author),
        "comments",
        i.comments.size(),
        "html_url",
        "https://github.example/" + owner + "/" + repo + "/issues/" + i.number,
        "url",
        base() + "/issues/" + i.number,
        "repository_url",
        base(),
        "created_at",
        "2026-11-23T10:00:00Z",
        "updated_at",
        "2026-11-23T10:00:00Z",
        "closed_at",
        "closed".equals(i.state) ? "2026-11-23T11:00:00Z" : null);
  }

  private JsonObject commentJson(Comment c, int issue) {
    return FakeSlack.obj(
        "id",
        c.id,
        "body",
        c.body,
        "user",
        userJson(c.author),
        "html_url",
        "https://github.example/"
            + owner
            + "/"
            + repo
            + "/issues/"
            + issue
            + "#issuecomment-"
            + c.id,
        "url",
        base() + "/issues/comments/" + c.id,
        "issue_url",
        base() + "/issues/" + issue,
        "created_at",
        c.createdAt.toString(),
        "updated_at",
        c.updatedAt.toString());
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow(); // its threads would otherwise keep a benchmark's JVM alive
  }
}
