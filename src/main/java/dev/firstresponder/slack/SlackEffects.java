package dev.firstresponder.slack;

import com.slack.api.RequestConfigurator;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.model.Message;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import dev.firstresponder.outbox.EffectFailure;
import dev.firstresponder.outbox.Json;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxEntry;
import dev.firstresponder.outbox.OutboxWorker;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Outbox effects on Slack: messages that must not be lost or doubled (announcements, pings, thread
 * replies). What the user must see at once (modals, ephemeral answers) is sent inline.
 *
 * <p>Each posted message carries the effect's key as message metadata; a retry after an ambiguous
 * failure looks for it in the channel (or thread) before posting again.
 */
public final class SlackEffects {
  public static final String POST = "slack.post";
  public static final String UPDATE = "slack.update";
  static final String METADATA_EVENT = "firstresponder_effect";

  /** Where a message landed: the result of {@link #POST}. */
  public record Posted(String channel, String ts) {}

  /**
   * A message. {@code channel} is a channel ID, or a user ID for a DM. A thread reply names its
   * parent by ts ({@code threadTs}) or by the key of the {@link #POST} effect that posted it
   * ({@code threadFrom}).
   */
  public record Post(
      String channel,
      String text,
      String blocks,
      String threadTs,
      String threadFrom,
      boolean broadcast) {
    public static Post text(String channel, String text) {
      return new Post(channel, text, null, null, null, false);
    }

    public Post withBlocks(String blocksJson) {
      return new Post(channel, text, blocksJson, threadTs, threadFrom, broadcast);
    }

    public Post inThreadOf(String postKey) {
      return new Post(channel, text, blocks, null, postKey, broadcast);
    }

    public Post inThread(String ts) {
      return new Post(channel, text, blocks, ts, null, broadcast);
    }
  }

  /**
   * Replaces a message given by channel and ts, or by the key of the {@link #POST} that made it.
   */
  public record Update(String channel, String ts, String messageFrom, String text, String blocks) {}

  private final SlackApi api;
  private final Outbox outbox;

  public SlackEffects(SlackApi api, Outbox outbox) {
    this.api = api;
    this.outbox = outbox;
  }

  public void registerWith(OutboxWorker worker) {
    worker.register(POST, this::post);
    worker.register(UPDATE, this::update);
  }

  /** Blocks as the JSON Slack expects, for {@link Post#withBlocks(String)} and {@link Update}. */
  public static String blocksJson(List<LayoutBlock> blocks) {
    return GsonFactory.createSnakeCase().toJson(blocks);
  }

  /** Where an applied {@link #POST} effect put its message. */
  public static Optional<Posted> posted(Outbox outbox, String postKey) {
    return outbox.result(postKey).map(r -> Json.read(r, Posted.class));
  }

  /**
   * Applies a {@link #POST} entry: for features whose own effect renders the message when it is
   * sent, or does more around the post.
   */
  public String post(OutboxEntry e) throws Exception {
    Post p = e.payload(Post.class);
    MethodsClient methods = api.backgroundMethods();
    try {
      String channel = p.channel();
      if (channel.startsWith("U") || channel.startsWith("W")) {
        channel =
            SlackApi.check(
                    "conversations.open",
                    methods.conversationsOpen(r -> r.users(List.of(p.channel()))))
                .getChannel()
                .getId();
      }
      String threadTs = p.threadTs();
      if (threadTs == null && p.threadFrom() != null) {
        threadTs =
            posted(outbox, p.threadFrom())
                .map(Posted::ts)
                .orElseThrow(
                    () -> new EffectFailure.Permanent("the message to reply to was never posted"));
      }
      if (e.retried()) {
        Optional<String> earlier = findEarlier(methods, channel, threadTs, e);
        if (earlier.isPresent()) return Json.write(new Posted(channel, earlier.get()));
      }
      String ch = channel;
      String thread = threadTs;
      Message.Metadata marker =
          new Message.Metadata(METADATA_EVENT, Map.of("key", e.idempotencyKey()));
      RequestConfigurator<ChatPostMessageRequest.ChatPostMessageRequestBuilder> message =
          req -> {
            req.channel(ch).text(p.text()).metadata(marker).unfurlLinks(false);
            if (p.blocks() != null) req.blocksAsString(p.blocks());
            if (thread != null) req.threadTs(thread).replyBroadcast(p.broadcast());
            return req;
          };
      ChatPostMessageResponse r = methods.chatPostMessage(message);
      if (!r.isOk() && "not_in_channel".equals(r.getError()) && ch.startsWith("C")) {
        // A public channel the bot was never added to: join it (channels:join) and try once more.
        SlackChannels.join(methods, ch);
        r = methods.chatPostMessage(message);
      }
      SlackApi.check("chat.postMessage", r);
      return Json.write(new Posted(r.getChannel(), r.getTs()));
    } catch (SlackApiException ex) {
      throw SlackApi.classify(ex);
    }
  }

  /** A message this effect posted before its last attempt failed ambiguously, if any. */
  private Optional<String> findEarlier(
      MethodsClient methods, String channel, String threadTs, OutboxEntry e)
      throws IOException, SlackApiException {
    String oldest = Long.toString(e.createdAt().getEpochSecond() - 5);
    List<Message> messages;
    if (threadTs == null) {
      var r =
          methods.conversationsHistory(
              h -> h.channel(channel).oldest(oldest).includeAllMetadata(true).limit(200));
      if (!r.isOk()) return Optional.empty(); // cannot look: posting again is the lesser evil
      messages = r.getMessages();
    } else {
      var r =
          methods.conversationsReplies(
              h ->
                  h.channel(channel)
                      .ts(threadTs)
                      .oldest(oldest)
                      .includeAllMetadata(true)
                      .limit(200));
      if (!r.isOk()) return Optional.empty();
      messages = r.getMessages();
    }
    if (messages == null) return Optional.empty();
    for (Message m : messages) {
      Message.Metadata md = m.getMetadata();
      if (md != null
          && METADATA_EVENT.equals(md.getEventType())
          && md.getEventPayload() != null
          && e.idempotencyKey().equals(md.getEventPayload().get("key"))) {
        return Optional.of(m.getTs());
      }
    }
    return Optional.empty();
  }

  private String update(OutboxEntry e) throws Exception {
    Update u = e.payload(Update.class);
    String channel = u.channel();
    String ts = u.ts();
    if (ts == null) {
      Posted p =
          posted(outbox, u.messageFrom())
              .orElseThrow(
                  () -> new EffectFailure.Permanent("the message to update was never posted"));
      channel = p.channel();
      ts = p.ts();
    }
    String ch = channel;
    String t = ts;
    try {
      var r =
          api.backgroundMethods()
              .chatUpdate(
                  req -> {
                    req.channel(ch).ts(t).text(u.text());
                    if (u.blocks() != null) req.blocksAsString(u.blocks());
                    return req;
                  });
      SlackApi.check("chat.update", r);
      return Json.write(new Posted(ch, t));
    } catch (SlackApiException ex) {
      throw SlackApi.classify(ex);
    }
  }
}
