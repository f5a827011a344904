package dev.firstresponder.mirror;

import com.slack.api.methods.SlackApiException;
import dev.firstresponder.people.People;
import dev.firstresponder.slack.SlackApi;
import dev.firstresponder.slack.SlackUsers;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the mirror needs to know from Slack to write a comment: people's names (and GitHub logins of
 * those who opted in), channel names, and links back to messages. Looked up when a batch is
 * rendered, never while an event is acknowledged. Caches hold Slack's truth, not our state.
 */
final class SlackFacts implements Mrkdwn.Names {
  private final SlackApi api;
  private final SlackUsers users;
  private final People people;
  private final Map<String, String> channelNames = new ConcurrentHashMap<>();
  private volatile String workspaceUrl;

  SlackFacts(SlackApi api, SlackUsers users, People people) {
    this.api = api;
    this.users = users;
    this.people = people;
  }

  @Override
  public String user(String userId) {
    return users.displayName(userId);
  }

  @Override
  public String channel(String channelId) {
    String cached = channelNames.get(channelId);
    if (cached != null) return cached;
    try {
      var r = api.backgroundMethods().conversationsInfo(req -> req.channel(channelId));
      if (r.isOk() && r.getChannel() != null && r.getChannel().getName() != null) {
        channelNames.put(channelId, r.getChannel().getName());
        return r.getChannel().getName();
      }
    } catch (IOException | SlackApiException e) {
      // the ID is shown instead; a name is a nicety, not worth holding up the mirror
    }
    return null;
  }

  /** The author's GitHub login, only when linked and the author agreed to be @-mentioned. */
  Optional<String> mentionableLogin(String userId) {
    if (!people.mentionOptIn(userId)) return Optional.empty();
    return people.githubLogin(userId).filter(People::validLogin);
  }

  /**
   * The https://&lt;team&gt;.slack.com/archives/C/pTS link of a message (with the thread for
   * replies). The workspace URL comes from auth.test once, instead of chat.getPermalink per
   * message.
   */
  String permalink(String channelId, String ts, String threadTs) throws IOException {
    String base = workspaceUrl();
    String link = base + "archives/" + channelId + "/p" + ts.replace(".", "");
    if (threadTs != null && !threadTs.equals(ts))
      link += "?thread_ts=" + threadTs + "&cid=" + channelId;
    return link;
  }

  private String workspaceUrl() throws IOException {
    String url = workspaceUrl;
    if (url != null) return url;
    try {
      var r = api.backgroundMethods().authTest(req -> req);
      if (!r.isOk() || r.getUrl() == null)
        throw new IOException("auth.test failed: " + r.getError());
      url = r.getUrl().endsWith("/") ? r.getUrl() : r.getUrl() + "/";
      workspaceUrl = url;
      return url;
    } catch (SlackApiException e) {
      throw new IOException("auth.test failed", e);
    }
  }
}
