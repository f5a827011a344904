package dev.firstresponder.incident;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.model.Conversation;
import com.slack.api.model.ConversationType;
import dev.firstresponder.github.GitHubEffects;
import dev.firstresponder.github.GitHubIssues;
import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.EffectFailure;
import dev.firstresponder.outbox.Json;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxEntry;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.people.People;
import dev.firstresponder.slack.SlackApi;
import dev.firstresponder.slack.SlackEffects;
import dev.firstresponder.slack.SlackText;
import dev.firstresponder.slack.SlackUsers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident's own outbox effects: the GitHub issue (wrapping {@link GitHubIssues#createIssue} so
 * its number lands on the incident and the Slack messages get the link), the incident channel, the
 * pin, the refresh of posted messages, and invitations. Each is safe to apply twice.
 */
final class IncidentEffects {
  private static final Logger log = LoggerFactory.getLogger(IncidentEffects.class);

  static final String ISSUE_CREATE = "incident.issue.create";
  static final String CHANNEL_CREATE = "incident.channel.create";
  static final String PIN = "incident.pin";
  static final String REFRESH = "incident.refresh";
  static final String INVITE = "incident.invite";

  /** Payload naming the incident; the handlers read its current state when they run. */
  record Ref(Long incidentId) {}

  record Invite(Long incidentId, List<String> users) {}

  /** Result of {@link #CHANNEL_CREATE}. */
  record Channel(String id, String name) {}

  private final Jdbi jdbi;
  private final IncidentDao dao;
  private final Outbox outbox;
  private final SlackApi slack;
  private final Optional<GitHubIssues> github;
  private final People people;
  private final SlackUsers users;
  private final Messages messages;

  IncidentEffects(
      Jdbi jdbi,
      IncidentDao dao,
      Outbox outbox,
      SlackApi slack,
      Optional<GitHubIssues> github,
      People people,
      SlackUsers users,
      Messages messages) {
    this.jdbi = jdbi;
    this.dao = dao;
    this.outbox = outbox;
    this.slack = slack;
    this.github = github;
    this.people = people;
    this.users = users;
    this.messages = messages;
  }

  void registerWith(OutboxWorker worker) {
    github.ifPresent(g -> worker.register(ISSUE_CREATE, e -> createIssue(g, e)));
    worker.register(CHANNEL_CREATE, this::createChannel);
    worker.register(PIN, this::pin);
    worker.register(REFRESH, this::refresh);
    worker.register(INVITE, this::invite);
  }

  private Incident load(long id) throws EffectFailure.Permanent {
    return jdbi.withHandle(h -> dao.find(h, id))
        .orElseThrow(() -> new EffectFailure.Permanent("incident " + id + " does not exist"));
  }

  // ---- GitHub issue ---------------------------------------------------------------------------

  private String createIssue(GitHubIssues issues, OutboxEntry e) throws Exception {
    Incident i = load(e.payload(Ref.class).incidentId());
    List<String> assignable = new ArrayList<>();
    assignable.add(i.ccUser());
    i.ots()
        .forEach(
            u -> {
              if (!assignable.contains(u)) assignable.add(u);
            });
    Map<String, String> logins = people.githubLogins(i.people());
    List<String> assignees =
        assignable.stream().filter(logins::containsKey).map(logins::get).distinct().toList();
    List<String> unassigned = assignable.stream().filter(u -> !logins.containsKey(u)).toList();
    String body = IncidentRules.issueBody(i, messages.audience(), logins, users::displayName);
    GitHubIssues.Issue issue;
    boolean assignRefused = false;
    try {
      try {
        issue =
            issues.createIssue(
                IncidentRules.issueTitle(i),
                body,
                List.of(IncidentRules.LABEL),
                assignees,
                e.idempotencyKey(),
                e.retried());
      } catch (IOException ex) {
        Exception c = GitHubIssues.classify(ex);
        if (!(c instanceof EffectFailure.Permanent) || assignees.isEmpty()) throw ex;
        // GitHub refuses assignees who cannot be assigned (422): an issue without them beats none.
        log.warn(
            "incident {}: GitHub refused the assignees, creating the issue without them: {}",
            i.id(),
            c.getMessage());
        assignRefused = true;
        issue =
            issues.createIssue(
                IncidentRules.issueTitle(i),
                body,
                List.of(IncidentRules.LABEL),
                List.of(),
                e.idempotencyKey(),
                true);
      }
    } catch (IOException ex) {
      Exception c = GitHubIssues.classify(ex);
      if (!(c instanceof EffectFailure.Permanent)) tellGitHubPending(i, c.getMessage());
      throw c;
    }
    GitHubIssues.Issue created = issue;
    boolean refused = assignRefused;
    jdbi.useTransaction(
        h -> {
          dao.setIssue(h, i.id(), created.number(), created.url());
          Incident fresh = dao.find(h, i.id()).orElseThrow();
          outbox.enqueue(
              h, Effect.of(i.slackStream(), REFRESH, i.key("refresh:issue"), new Ref(i.id())));
          List<String> notAssigned = refused ? assignable : unassigned;
          if (!notAssigned.isEmpty()) {
            String who = String.join(", ", notAssigned.stream().map(SlackText::mention).toList());
            String text =
                ":information_source: "
                    + SlackText.mention(i.ccUser())
                    + " I could not assign "
                    + who
                    + " on the GitHub issue "
                    + SlackText.link(created.url(), "#" + created.number())
                    + (refused
                        ? ": GitHub refused them as assignees."
                        : ": no GitHub login is linked. They can run `/incident link <github-login>`;"
                            + " they are named in the issue body.");
            outbox.enqueue(
                h,
                Effect.of(
                    i.slackStream(),
                    SlackEffects.POST,
                    i.key("unassigned"),
                    SlackEffects.Post.text(fresh.channel().orElse(i.ccUser()), text)));
          }
          if (outbox.find(i.key("github-pending")).isPresent()) {
            outbox.enqueue(
                h,
                Effect.of(
                    i.slackStream(),
                    SlackEffects.POST,
                    i.key("github-delivered"),
                    SlackEffects.Post.text(
                        fresh.channel().orElse(i.ccUser()),
                        ":white_check_mark: GitHub answered again: the issue is "
                            + SlackText.link(created.url(), "#" + created.number())
                            + "; updates and the close follow in order.")));
          }
        });
    return Json.write(new GitHubEffects.Created(created.number(), created.url()));
  }

  /** Once per incident: the people running it hear that GitHub is pending, not broken. */
  private void tellGitHubPending(Incident i, String why) {
    String where =
        jdbi.withHandle(h -> dao.find(h, i.id())).flatMap(Incident::channel).orElse(i.ccUser());
    outbox.enqueue(
        Effect.of(
            i.slackStream(),
            SlackEffects.POST,
            i.key("github-pending"),
            SlackEffects.Post.text(
                where,
                ":hourglass_flowing_sand: GitHub is not answering right now ("
                    + SlackText.escape(why)
                    + "). The issue, its comments and the close are kept and delivered in order as soon as it does;"
                    + " Slack works as usual meanwhile.")));
  }

  // ---- Slack channel --------------------------------------------------------------------------

  private String createChannel(OutboxEntry e) throws Exception {
    Incident i = load(e.payload(Ref.class).incidentId());
    MethodsClient methods = slack.backgroundMethods();
    Channel channel;
    try {
      channel =
          i.channelId() != null
              ? new Channel(i.channelId(), i.channelName())
              : create(methods, i, e.retried());
    } catch (EffectFailure.Permanent p) {
      // Without a channel the announcement still goes out: users must hear of the incident.
      enqueueMessages(i.id(), false);
      throw p;
    }
    if (i.channelId() == null) {
      jdbi.useHandle(h -> dao.setChannel(h, i.id(), channel.id(), channel.name()));
    }
    try {
      invite(methods, channel.id(), i.people());
      var topic =
          methods.conversationsSetTopic(
              r ->
                  r.channel(channel.id())
                      .topic(
                          SlackText.truncate(
                              i.cluster() + "/" + i.service() + ": " + i.shortMessage(), 250)));
      if (!topic.isOk()) log.info("incident {}: topic not set: {}", i.id(), topic.getError());
    } catch (SlackApiException ex) {
      throw SlackApi.classify(ex);
    }
    enqueueMessages(i.id(), true);
    return Json.write(channel);
  }

  /**
   * The start message (and its pin) and the announcement, rendered in the same transaction that
   * queues them.
   */
  private void enqueueMessages(long id, boolean withChannel) {
    jdbi.useTransaction(
        h -> {
          Incident i = dao.find(h, id).orElseThrow();
          if (withChannel && i.channelId() != null) {
            String text = messages.start(i);
            outbox.enqueue(
                h,
                Effect.of(
                        i.slackStream(),
                        SlackEffects.POST,
                        i.startKey(),
                        SlackEffects.Post.text(i.channelId(), text)
                            .withBlocks(
                                SlackEffects.blocksJson(IncidentBlocks.startBlocks(i, text))))
                    .notifying(i.ccUser()));
            outbox.enqueue(h, Effect.of(i.slackStream(), PIN, i.key("pin"), new Ref(id)));
          }
          messages
              .announceChannel()
              .ifPresent(
                  announce ->
                      outbox.enqueue(
                          h,
                          Effect.of(
                                  i.slackStream(),
                                  SlackEffects.POST,
                                  i.announceKey(),
                                  SlackEffects.Post.text(announce, messages.announcement(i)))
                              .notifying(i.ccUser())));
        });
  }

  /**
   * Creates the channel under the first free name. On a retried attempt a taken name may be the
   * channel an earlier attempt created before its reply was lost (or the process died before the id
   * was stored): that one is adopted instead of making a {@code -2} and leaving it stray.
   */
  private Channel create(MethodsClient methods, Incident i, boolean retried) throws Exception {
    Map<String, Conversation> existing =
        null; // listed once, and only when a retry meets a taken name
    for (int attempt = 1; attempt <= 20; attempt++) {
      String name = IncidentRules.channelName(i, attempt);
      try {
        var r = methods.conversationsCreate(c -> c.name(name).isPrivate(false));
        if (r.isOk()) return new Channel(r.getChannel().getId(), r.getChannel().getName());
        if (!"name_taken".equals(r.getError())) SlackApi.check("conversations.create", r);
        if (retried) {
          if (existing == null) existing = publicChannelsByName(methods);
          Optional<Channel> ours = adoptable(methods, i, existing.get(name));
          if (ours.isPresent()) {
            log.info(
                "incident {}: adopting channel {} ({}) created by an earlier attempt",
                i.id(),
                ours.get().name(),
                ours.get().id());
            return ours.get();
          }
        }
      } catch (SlackApiException ex) {
        throw SlackApi.classify(ex);
      }
    }
    throw new EffectFailure.Permanent("no free channel name for incident " + i.id());
  }

  /** Upper bound of conversations.list pages (200 each) read while looking for our own channel. */
  private static final int MAX_LIST_PAGES = 100;

  /** The workspace's unarchived public channels by name; empty when Slack will not list them. */
  private Map<String, Conversation> publicChannelsByName(MethodsClient methods) throws Exception {
    Map<String, Conversation> byName = new HashMap<>();
    String cursor = null;
    for (int page = 0; page < MAX_LIST_PAGES; page++) {
      String from = cursor;
      var r =
          methods.conversationsList(
              c ->
                  c.excludeArchived(true)
                      .types(List.of(ConversationType.PUBLIC_CHANNEL))
                      .limit(200)
                      .cursor(from));
      if (!r.isOk()) {
        if ("ratelimited".equals(r.getError()))
          throw new IOException("conversations.list: ratelimited");
        // Not fatal: without the list the next free suffix is used, as before.
        log.warn(
            "conversations.list failed ({}); a taken channel name gets the next suffix",
            r.getError());
        return byName;
      }
      if (r.getChannels() != null) r.getChannels().forEach(c -> byName.putIfAbsent(c.getName(), c));
      cursor = r.getResponseMetadata() == null ? null : r.getResponseMetadata().getNextCursor();
      if (cursor == null || cursor.isEmpty()) return byName;
    }
    return byName;
  }

  /**
   * The listed channel, if it is ours to adopt: the bot created it (or the bot is its only member)
   * and no other incident owns it (two incidents of one service on one day).
   */
  private Optional<Channel> adoptable(MethodsClient methods, Incident i, Conversation c)
      throws Exception {
    if (c == null) return Optional.empty();
    Optional<Incident> owner = jdbi.withHandle(h -> dao.byChannel(h, c.getId()));
    if (owner.isPresent() && owner.get().id() != i.id()) return Optional.empty();
    boolean ours = botUserId(methods).equals(c.getCreator());
    if (!ours && c.isMember()) {
      var m = methods.conversationsMembers(r -> r.channel(c.getId()).limit(2));
      ours = m.isOk() && List.of(botUserId(methods)).equals(m.getMembers());
    }
    return ours ? Optional.of(new Channel(c.getId(), c.getName())) : Optional.empty();
  }

  private volatile String botUserId;

  /** The bot's own user id (auth.test), asked once per process. */
  private String botUserId(MethodsClient methods) throws Exception {
    String id = botUserId;
    if (id == null) {
      var r = SlackApi.check("auth.test", methods.authTest(a -> a));
      id = r.getUserId();
      botUserId = id;
    }
    return id;
  }

  /** Invites everyone at once; if Slack refuses one of them, the rest one by one. */
  private void invite(MethodsClient methods, String channel, List<String> people) throws Exception {
    if (people.isEmpty()) return;
    var all = methods.conversationsInvite(r -> r.channel(channel).users(people));
    if (all.isOk() || "already_in_channel".equals(all.getError())) {
      if (all.isOk() || people.size() == 1) return;
    }
    if ("ratelimited".equals(all.getError()))
      throw new IOException("conversations.invite: ratelimited");
    for (String user : people) {
      var one = methods.conversationsInvite(r -> r.channel(channel).users(List.of(user)));
      if (!one.isOk() && !"already_in_channel".equals(one.getError())) {
        log.info("could not invite {} to {}: {}", user, channel, one.getError());
      }
    }
  }

  private String invite(OutboxEntry e) throws Exception {
    Invite inv = e.payload(Invite.class);
    Incident i = load(inv.incidentId());
    if (i.channelId() == null) return null;
    try {
      invite(slack.backgroundMethods(), i.channelId(), inv.users());
    } catch (SlackApiException ex) {
      throw SlackApi.classify(ex);
    }
    return null;
  }

  // ---- pin, bookmark, refresh -----------------------------------------------------------------

  private String pin(OutboxEntry e) throws Exception {
    Incident i = load(e.payload(Ref.class).incidentId());
    Optional<SlackEffects.Posted> start = SlackEffects.posted(outbox, i.startKey());
    if (start.isEmpty()) return null;
    try {
      var r =
          slack
              .backgroundMethods()
              .pinsAdd(p -> p.channel(start.get().channel()).timestamp(start.get().ts()));
      if (!r.isOk() && !"already_pinned".equals(r.getError())) SlackApi.check("pins.add", r);
    } catch (SlackApiException ex) {
      throw SlackApi.classify(ex);
    }
    return null;
  }

  /**
   * Re-renders the posted start message and announcements from the incident's current state (the
   * issue link once known, roles, resolved) and bookmarks the issue in the channel.
   */
  private String refresh(OutboxEntry e) throws Exception {
    Incident i = load(e.payload(Ref.class).incidentId());
    MethodsClient methods = slack.backgroundMethods();
    try {
      if (e.idempotencyKey().equals(i.key("refresh:issue"))
          && i.channelId() != null
          && i.issueUrl() != null
          && !(e.retried() && bookmarked(methods, i.channelId(), i.issueUrl()))) {
        var r =
            methods.bookmarksAdd(
                b ->
                    b.channelId(i.channelId())
                        .title("GitHub issue #" + i.issueNumber())
                        .type("link")
                        .link(i.issueUrl()));
        if (!r.isOk()) log.info("incident {}: bookmark not added: {}", i.id(), r.getError());
      }
      String start = messages.start(i);
      update(
          methods,
          i.startKey(),
          start,
          SlackEffects.blocksJson(IncidentBlocks.startBlocks(i, start)));
      update(methods, i.announceKey(), messages.announcement(i), null);
      if (!i.open()) update(methods, i.key("resolved:announce"), messages.resolved(i), null);
    } catch (SlackApiException ex) {
      throw SlackApi.classify(ex);
    }
    return null;
  }

  /**
   * Whether the channel already has a bookmark to the link: an earlier attempt may have added it
   * before its reply was lost. If Slack will not list the bookmarks, the add goes ahead.
   */
  private boolean bookmarked(MethodsClient methods, String channel, String link) throws Exception {
    var r = methods.bookmarksList(b -> b.channelId(channel));
    if (!r.isOk()) {
      if ("ratelimited".equals(r.getError())) throw new IOException("bookmarks.list: ratelimited");
      log.info("bookmarks.list in {} failed: {}", channel, r.getError());
      return false;
    }
    return r.getBookmarks() != null
        && r.getBookmarks().stream().anyMatch(b -> link.equals(b.getLink()));
  }

  private void update(MethodsClient methods, String postKey, String text, String blocks)
      throws Exception {
    Optional<SlackEffects.Posted> posted = SlackEffects.posted(outbox, postKey);
    if (posted.isEmpty())
      return; // not posted yet: it will be rendered from the current state when it is
    var r =
        methods.chatUpdate(
            u -> {
              u.channel(posted.get().channel()).ts(posted.get().ts()).text(text);
              if (blocks != null) u.blocksAsString(blocks);
              return u;
            });
    SlackApi.check("chat.update", r);
  }
}
