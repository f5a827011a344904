package dev.firstresponder.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.model.Conversation;
import com.slack.api.model.ConversationType;
import dev.firstresponder.outbox.EffectFailure;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channel work the outbox effects share: listing the public channels page by page, telling the
 * bot's own channels, inviting, joining. Background calls (long timeouts, nobody waits on them).
 */
public final class SlackChannels {
  private static final Logger log = LoggerFactory.getLogger(SlackChannels.class);

  /** Upper bound of conversations.list pages (200 each) read while looking for a channel. */
  private static final int MAX_LIST_PAGES = 100;

  private final SlackApi slack;
  private volatile String botUserId;

  public SlackChannels(SlackApi slack) {
    this.slack = slack;
  }

  /** The workspace's unarchived public channels by name; empty when Slack will not list them. */
  public Map<String, Conversation> publicByName() throws IOException, SlackApiException {
    MethodsClient methods = slack.backgroundMethods();
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
        // Not fatal: callers without the list go on as if the channel were not there.
        log.warn("conversations.list failed ({}); going on without the list", r.getError());
        return byName;
      }
      if (r.getChannels() != null) r.getChannels().forEach(c -> byName.putIfAbsent(c.getName(), c));
      cursor = r.getResponseMetadata() == null ? null : r.getResponseMetadata().getNextCursor();
      if (cursor == null || cursor.isEmpty()) return byName;
    }
    return byName;
  }

  /** Whether the bot made the channel, or is its only member. */
  public boolean botsOwn(Conversation c) throws Exception {
    MethodsClient methods = slack.backgroundMethods();
    boolean ours = botUserId().equals(c.getCreator());
    if (!ours && c.isMember()) {
      var m = methods.conversationsMembers(r -> r.channel(c.getId()).limit(2));
      ours = m.isOk() && List.of(botUserId()).equals(m.getMembers());
    }
    return ours;
  }

  /** The bot's own user id (auth.test), asked once per process. */
  private String botUserId() throws IOException, SlackApiException, EffectFailure.Permanent {
    String id = botUserId;
    if (id == null) {
      var r = SlackApi.check("auth.test", slack.backgroundMethods().authTest(a -> a));
      id = r.getUserId();
      botUserId = id;
    }
    return id;
  }

  /** Invites everyone at once; if Slack refuses one of them, the rest one by one. */
  public void invite(String channel, List<String> people) throws IOException, SlackApiException {
    if (people.isEmpty()) return;
    MethodsClient methods = slack.backgroundMethods();
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

  /** Joins a public channel the bot was never added to (scope channels:join). */
  static void join(MethodsClient methods, String channel) throws Exception {
    SlackApi.check("conversations.join", methods.conversationsJoin(j -> j.channel(channel)));
  }
}
