package dev.firstresponder.incident;

import dev.firstresponder.github.GitHubEffects;
import dev.firstresponder.github.GitHubEffects.CreateIssue;
import dev.firstresponder.github.GitHubIssues;
import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.people.People;
import dev.firstresponder.slack.SlackEffects;
import dev.firstresponder.slack.SlackText;
import dev.firstresponder.slack.SlackUsers;
import java.util.List;
import java.util.Map;

/**
 * The incident's GitHub issue. It is created by the one {@link GitHubEffects#CREATE_ISSUE} effect,
 * as a draft this class writes when the create runs (the names and linked logins of that moment);
 * once the issue exists its number goes on the incident, the Slack messages get the link, and
 * people who could not be assigned are named.
 */
final class IncidentIssue implements GitHubEffects.IssueDraft {
  /** The name of the draft, in the create effect's payload. */
  static final String DRAFT = "incident";

  /**
   * The kind of the incident's own create effect before it went through {@link
   * GitHubEffects#CREATE_ISSUE}; a database may still hold one not applied yet.
   */
  private static final String EARLIER_KIND = "incident.issue.create";

  private final IncidentEffects.Shared shared;
  private final Outbox outbox;
  private final People people;
  private final SlackUsers users;

  IncidentIssue(IncidentEffects.Shared shared, People people, SlackUsers users) {
    this.shared = shared;
    this.outbox = shared.outbox();
    this.people = people;
    this.users = users;
  }

  /** The create effect of the incident's issue, queued when it is declared. */
  static Effect createEffect(Incident i) {
    return Effect.of(
            i.githubStream(),
            GitHubEffects.CREATE_ISSUE,
            i.issueKey(),
            CreateIssue.drafted(DRAFT, Long.toString(i.id())))
        .notifying(i.ccUser());
  }

  void registerWith(GitHubEffects github, OutboxWorker worker) {
    github.draft(DRAFT, this);
    worker.register(
        EARLIER_KIND,
        e ->
            github.create(
                e,
                CreateIssue.drafted(
                    DRAFT, Long.toString(e.payload(IncidentEffects.Ref.class).incidentId()))));
  }

  @Override
  public CreateIssue write(String subject) throws Exception {
    Incident i = shared.load(Long.parseLong(subject));
    Map<String, String> logins = people.githubLogins(i.people());
    List<String> assignees = assignees(i, logins);
    String body =
        IncidentRules.issueBody(i, shared.messages().audience(), logins, users::displayName);
    return new CreateIssue(
        IncidentRules.issueTitle(i), body, List.of(IncidentRules.LABEL), assignees);
  }

  @Override
  public void waiting(String subject, Exception why) throws Exception {
    tellGitHubPending(shared.load(Long.parseLong(subject)), why.getMessage());
  }

  @Override
  public void created(String subject, GitHubEffects.Created created, boolean refused)
      throws Exception {
    Incident i = shared.load(Long.parseLong(subject));
    Map<String, String> logins = people.githubLogins(i.people());
    List<String> assignable = i.assignable();
    List<String> assignees = assignees(i, logins);
    List<String> unassigned =
        assignable.stream().filter(u -> !assignees.contains(logins.get(u))).toList();
    boolean overTheCap = unassigned.stream().anyMatch(logins::containsKey);
    shared
        .jdbi()
        .useTransaction(
            h -> {
              shared.dao().setIssue(h, i.id(), created.number(), created.url());
              Incident fresh = shared.dao().find(h, i.id()).orElseThrow();
              outbox.enqueue(h, IncidentEffects.refresh(i, "refresh:issue"));
              List<String> notAssigned = refused ? assignable : unassigned;
              if (!notAssigned.isEmpty()) {
                String who =
                    String.join(", ", notAssigned.stream().map(SlackText::mention).toList());
                String text =
                    ":information_source: "
                        + SlackText.mention(i.ccUser())
                        + " I could not assign "
                        + who
                        + " on the GitHub issue "
                        + SlackText.link(created.url(), "#" + created.number())
                        + (refused
                            ? ": GitHub refused them as assignees."
                            : overTheCap
                                ? ": GitHub takes at most "
                                    + GitHubIssues.MAX_ASSIGNEES
                                    + " assignees (and people without a linked login, who can run"
                                    + " `/incident link <github-login>`, cannot be assigned). They"
                                    + " are named in the issue body."
                                : ": no GitHub login is linked. They can run `/incident link"
                                    + " <github-login>`; they are named in the issue body.");
                outbox.enqueue(h, note(i, "unassigned", fresh.channel().orElse(i.ccUser()), text));
              }
              if (outbox.find(i.key("github-pending")).isPresent()) {
                outbox.enqueue(
                    h,
                    note(
                        i,
                        "github-delivered",
                        fresh.channel().orElse(i.ccUser()),
                        ":white_check_mark: GitHub answered again: the issue is "
                            + SlackText.link(created.url(), "#" + created.number())
                            + "; updates and the close follow in order."));
              }
            });
  }

  /**
   * The linked logins of the CC and the OTs, in that order. GitHub takes ten assignees: the CC and
   * the first OTs; everyone is named in the body.
   */
  private static List<String> assignees(Incident i, Map<String, String> logins) {
    return i.assignable().stream()
        .filter(logins::containsKey)
        .map(logins::get)
        .distinct()
        .limit(GitHubIssues.MAX_ASSIGNEES)
        .toList();
  }

  /** Once per incident: the people running it hear that GitHub is pending, not broken. */
  private void tellGitHubPending(Incident i, String why) {
    String where =
        shared
            .jdbi()
            .withHandle(h -> shared.dao().find(h, i.id()))
            .flatMap(Incident::channel)
            .orElse(i.ccUser());
    outbox.enqueue(
        note(
            i,
            "github-pending",
            where,
            ":hourglass_flowing_sand: GitHub is not answering right now ("
                + SlackText.escape(why)
                + "). The issue, its comments and the close are kept and delivered in order as soon as it does;"
                + " Slack works as usual meanwhile."));
  }

  /** A note to the people running the incident (its channel, else the CC), about the issue. */
  private static Effect note(Incident i, String key, String where, String text) {
    return Effect.of(
        i.slackStream(), SlackEffects.POST, i.key(key), SlackEffects.Post.text(where, text));
  }
}
