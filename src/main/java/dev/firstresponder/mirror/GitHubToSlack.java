package dev.firstresponder.mirror;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.firstresponder.github.GitHubEffects;
import dev.firstresponder.github.GitHubIssues;
import dev.firstresponder.incident.IncidentKeys;
import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.slack.SlackEffects;
import dev.firstresponder.slack.SlackText;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
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
 * is posted once (remembered by its id); our own comments (they carry the hidden marker) never come
 * back.
 */
final class GitHubToSlack {
  private static final Logger log = LoggerFactory.getLogger(GitHubToSlack.class);
  static final String OUR_MARKER = "<!-- firstresponder:";
  private static final int MAX_TEXT = 3_500;
  private static final Pattern HTML_COMMENT = Pattern.compile("(?s)<!--.*?-->");
  private static final Pattern MD_LINK =
      Pattern.compile("\\[([^\\]\\n]{1,200})\\]\\((https?://[^)\\s|<>]+)\\)");
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

  /** The webhook servlet's listener: signature and redelivery are already checked. */
  void onWebhook(String event, String deliveryId, String body) {
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
      // here
    }
    JsonObject user = object(comment, "user");
    accept(
        new Comment(
            comment.get("id").getAsLong(),
            issue.get("number").getAsInt(),
            user == null ? "someone" : string(user, "login"),
            user == null ? null : string(user, "type"),
            string(comment, "body"),
            string(comment, "html_url")));
  }

  /** Looks at the comments of every open incident's issue (when there is no webhook). */
  void poll() {
    if (github.isEmpty()) return;
    for (MirrorDao.IncidentRef incident : jdbi.withHandle(MirrorDao::openIncidents)) {
      Optional<Integer> number = issueNumber(incident.id());
      if (number.isEmpty()) continue;
      try {
        for (GHIssueComment c : github.get().comments(number.get())) {
          accept(
              new Comment(
                  c.getId(),
                  number.get(),
                  c.getUser().getLogin(),
                  c.getUser().getType(),
                  c.getBody(),
                  c.getHtmlUrl() == null ? null : c.getHtmlUrl().toString()));
        }
      } catch (IOException | RuntimeException e) {
        log.info("polling comments of issue #{} failed, next time: {}", number.get(), e.toString());
      }
    }
  }

  /** Posts the comment into its incident's channel once; true when it was enqueued. */
  boolean accept(Comment c) {
    if (c.body() == null || c.body().contains(OUR_MARKER)) return false; // ours: no echo
    if ("Bot".equalsIgnoreCase(c.userType()))
      return false; // other integrations talk to each other elsewhere
    Optional<MirrorDao.IncidentRef> incident =
        jdbi.withHandle(h -> incidentForIssue(h, c.issueNumber()));
    if (incident.isEmpty()) return false;
    long now = clock.millis();
    return jdbi.inTransaction(
        h -> {
          if (!MirrorDao.firstSeenComment(h, c.id(), incident.get().id(), now)) return false;
          // Paused: nothing of this time is brought over later either.
          if (MirrorDao.paused(h, incident.get().channelId())) return false;
          return outbox.enqueue(
              h,
              Effect.of(
                  IncidentKeys.slackStream(incident.get().id()) + ":mirror",
                  SlackEffects.POST,
                  "mirror:github-comment:" + c.id(),
                  SlackEffects.Post.text(incident.get().channelId(), slackText(c))));
        });
  }

  static String slackText(Comment c) {
    String where =
        c.url() != null && c.url().startsWith("http")
            ? SlackText.link(c.url(), "#" + c.issueNumber())
            : "#" + c.issueNumber();
    String text = toSlack(HTML_COMMENT.matcher(c.body()).replaceAll("").strip());
    return ":speech_balloon: *"
        + SlackText.escape(c.login())
        + "* on GitHub ("
        + where
        + "):\n"
        + SlackText.truncate(text, MAX_TEXT);
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
