package dev.firstresponder.mirror;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.firstresponder.LogText;
import dev.firstresponder.github.GitHubEffects;
import dev.firstresponder.github.GitHubIssues;
import dev.firstresponder.incident.IncidentKeys;
import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.slack.SlackEffects;
import dev.firstresponder.slack.SlackText;
import dev.firstresponder.web.GitHubWebhookServlet;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.kohsuke.github.GHIssueComment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Comments people write on an incident's GitHub issue, brought into the incident channel: from the
 * webhook ({@code issue_comment}), or by polling when no webhook secret is configured. Each comment
 * is posted once (remembered by its id); comments of the bot's own account (ours, or another tool
 * using the same token) never come back.
 *
 * <p>Comments are hostile input: the text is cut to GitHub's maximum before anything else, every
 * pattern runs in linear time, and rendering happens before the write transaction, never holding
 * the database's lock.
 */
final class GitHubToSlack {
  private static final Logger log = LoggerFactory.getLogger(GitHubToSlack.class);
  private static final int MAX_TEXT = 3_500;

  /**
   * {@code [label](https://url)}. Neither part may hold a bracket, so from each {@code [} the
   * pattern scans at most to the next one: linear over any input.
   */
  private static final Pattern MD_LINK =
      Pattern.compile("\\[([^\\[\\]\\n]{1,200})\\]\\((https?://[^)\\[\\]\\s|<>]+)\\)");

  private static final Pattern MD_BOLD = Pattern.compile("\\*\\*(\\S(?:[^*\\n]*?\\S)?)\\*\\*");
  private static final Pattern MD_STRIKE = Pattern.compile("~~(\\S(?:[^~\\n]*?\\S)?)~~");

  /** A comment on an issue of our repository. */
  record Comment(
      long id, int issueNumber, String login, String userType, String body, String url) {}

  private final Jdbi jdbi;
  private final Outbox outbox;
  private final Clock clock;
  private final Optional<GitHubIssues> github;

  GitHubToSlack(Jdbi jdbi, Outbox outbox, Clock clock, Optional<GitHubIssues> github) {
    this.jdbi = jdbi;
    this.outbox = outbox;
    this.clock = clock;
    this.github = github;
  }

  /** The webhook servlet's listener: the signature is checked; the delivery is recorded here. */
  void onWebhook(String event, GitHubWebhookServlet.Delivery delivery, String body)
      throws IOException {
    if (!"issue_comment".equals(event)) return;
    JsonObject o = JsonParser.parseString(body).getAsJsonObject();
    if (!"created".equals(string(o, "action"))) return;
    JsonObject issue = object(o, "issue");
    JsonObject comment = object(o, "comment");
    if (issue == null || comment == null || issue.has("pull_request")) return;
    JsonObject repo = object(o, "repository");
    String repoName = repo == null ? null : string(repo, "full_name");
    if (repoName != null
        && github.isPresent()
        && !repoName.equalsIgnoreCase(github.get().repositoryName())) {
      return; // an organisation hook also reports other repositories, whose numbers mean nothing
    }
    JsonObject user = object(comment, "user");
    accept(
        new Comment(
            comment.get("id").getAsLong(),
            issue.get("number").getAsInt(),
            user == null ? "someone" : string(user, "login"),
            user == null ? null : string(user, "type"),
            string(comment, "body"),
            string(comment, "html_url")),
        delivery::firstTime);
  }

  /**
   * Looks at the comments of every open incident's issue (when there is no webhook): only those
   * updated since the newest one seen, a cursor kept in the database.
   */
  void poll() {
    if (github.isEmpty()) return;
    for (MirrorDao.IncidentRef incident : jdbi.withHandle(MirrorDao::openIncidents)) {
      Optional<Integer> number = issueNumber(incident.id());
      if (number.isEmpty()) continue;
      try {
        Optional<Long> since = jdbi.withHandle(h -> MirrorDao.commentCursor(h, incident.id()));
        long newest = since.orElse(0L);
        for (GHIssueComment c :
            github.get().comments(number.get(), since.map(Instant::ofEpochMilli))) {
          accept(
              new Comment(
                  c.getId(),
                  number.get(),
                  c.getUserName(),
                  null,
                  c.getBody(),
                  c.getHtmlUrl() == null ? null : c.getHtmlUrl().toString()),
              h -> true);
          if (c.getUpdatedAt() != null) newest = Math.max(newest, c.getUpdatedAt().getTime());
        }
        // Moved only once every comment up to it is stored: a failure above asks again next time.
        if (newest > since.orElse(0L)) {
          long cursor = newest;
          jdbi.useTransaction(h -> MirrorDao.setCommentCursor(h, incident.id(), cursor));
        }
      } catch (IOException | RuntimeException e) {
        log.info(
            "polling comments of issue #{} failed, next time: {}",
            number.get(),
            LogText.safe(e.toString()));
      }
    }
  }

  /**
   * Posts the comment into its incident's channel once; true when it was enqueued. {@code
   * firstDelivery} records the delivery that brought it, in the same transaction.
   */
  boolean accept(Comment c, Predicate<Handle> firstDelivery) throws IOException {
    if (c.body() == null) return false;
    if ("Bot".equalsIgnoreCase(c.userType()) || (c.login() != null && c.login().endsWith("[bot]")))
      return false; // other integrations talk to each other elsewhere
    if (github.isPresent() && github.get().writtenByUs(c.login())) return false; // never an echo
    Optional<MirrorDao.IncidentRef> incident =
        jdbi.withHandle(h -> incidentForIssue(h, c.issueNumber()));
    if (incident.isEmpty()) return false;
    String text = slackText(c);
    long now = clock.millis();
    return jdbi.inTransaction(
        h -> {
          if (!firstDelivery.test(h)) return false;
          if (!MirrorDao.firstSeenComment(h, c.id(), incident.get().id(), now)) return false;
          // Paused: nothing of this time is brought over later either.
          if (MirrorDao.paused(h, incident.get().channelId())) return false;
          return outbox.enqueue(
              h,
              Effect.of(
                  IncidentKeys.slackStream(incident.get().id()) + ":mirror",
                  SlackEffects.POST,
                  "mirror:github-comment:" + c.id(),
                  SlackEffects.Post.text(incident.get().channelId(), text)));
        });
  }

  static String slackText(Comment c) {
    String where =
        c.url() != null && c.url().startsWith("http")
            ? SlackText.link(c.url(), "#" + c.issueNumber())
            : "#" + c.issueNumber();
    String body = c.body();
    if (body.length() > GitHubIssues.MAX_BODY) body = body.substring(0, GitHubIssues.MAX_BODY);
    String text = toSlack(withoutHtmlComments(body).strip());
    return ":speech_balloon: *"
        + SlackText.escape(c.login())
        + "* on GitHub ("
        + where
        + "):\n"
        + SlackText.truncate(text, MAX_TEXT);
  }

  /**
   * Drops {@code <!-- … -->} (hidden on GitHub, so hidden here too). A scan, not a pattern: once a
   * {@code <!--} has no {@code -->} after it, none after it has one either, so this is linear.
   */
  static String withoutHtmlComments(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int from = 0;
    while (true) {
      int open = s.indexOf("<!--", from);
      if (open < 0) break;
      int close = s.indexOf("-->", open + 4);
      if (close < 0) break; // never closed: GitHub shows it as text, and so do we
      out.append(s, from, open);
      from = close + 3;
    }
    return out.append(s, from, s.length()).toString();
  }

  /** GitHub Markdown to Slack mrkdwn, just enough to read well; everything typed is escaped. */
  static String toSlack(String markdown) {
    StringBuilder out = new StringBuilder();
    Matcher m = MD_LINK.matcher(markdown);
    int last = 0;
    while (m.find()) {
      out.append(inline(markdown.substring(last, m.start())));
      out.append(SlackText.link(m.group(2), m.group(1)));
      last = m.end();
    }
    out.append(inline(markdown.substring(last)));
    return out.toString();
  }

  private static String inline(String text) {
    String s = SlackText.escape(text);
    s = MD_BOLD.matcher(s).replaceAll("*$1*");
    return MD_STRIKE.matcher(s).replaceAll("~$1~");
  }

  /** The incident whose issue this is: by the copied number, else by its create effect's result. */
  private Optional<MirrorDao.IncidentRef> incidentForIssue(Handle h, int number) {
    Optional<MirrorDao.IncidentRef> direct = MirrorDao.incidentForIssueColumn(h, number);
    if (direct.isPresent()) return direct;
    for (MirrorDao.IncidentRef i : MirrorDao.incidentsWithoutIssueColumn(h)) {
      if (GitHubEffects.created(outbox, IncidentKeys.issueKey(i.id()))
          .map(GitHubEffects.Created::number)
          .filter(n -> n == number)
          .isPresent()) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  private Optional<Integer> issueNumber(long incidentId) {
    Optional<Integer> column =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT issue_number FROM incident WHERE id = :i")
                    .bind("i", incidentId)
                    .mapTo(Integer.class)
                    .findOne());
    if (column.isPresent()) return column;
    return GitHubEffects.created(outbox, IncidentKeys.issueKey(incidentId))
        .map(GitHubEffects.Created::number);
  }

  private static JsonObject object(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
  }

  private static String string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }
}
