package dev.firstresponder.oncall;

import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.slack.SlackEffects;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * What the rotation tells Slack, through the outbox in the caller's transaction: messages in
 * ONCALL_CHANNEL (when it is set), DMs, and ONCALL_USERGROUP pointed at today's engineer.
 */
final class OncallNotices {
  static final String USERGROUP_EFFECT = "oncall.usergroup";
  private static final String CHANNEL_STREAM = "slack:oncall";

  /** Payload of {@link #USERGROUP_EFFECT}. */
  record UsergroupUpdate(String usergroup, List<String> users) {}

  private final OncallSettings config;
  private final Outbox outbox;

  OncallNotices(OncallSettings config, Outbox outbox) {
    this.config = config;
    this.outbox = outbox;
  }

  /** A message in the on-call channel; nothing when ONCALL_CHANNEL is unset. */
  void toChannel(Handle h, String key, String text) {
    config.channel().ifPresent(c -> post(h, CHANNEL_STREAM, key, c, text));
  }

  void dm(Handle h, String key, String userId, String text) {
    post(h, "slack:oncall:dm:" + userId, key, userId, text);
  }

  /** ONCALL_USERGROUP now holds only this engineer. */
  void usergroup(Handle h, String userId, long now) {
    config
        .usergroup()
        .ifPresent(
            g ->
                outbox.enqueue(
                    h,
                    Effect.of(
                            "slack:oncall:usergroup",
                            USERGROUP_EFFECT,
                            "oncall:usergroup:" + userId + ":" + now,
                            new UsergroupUpdate(g, List.of(userId)))
                        .notifying(failuresTo())));
  }

  /** Who hears of an on-call effect that failed for good: the on-call channel, when set. */
  String failuresTo() {
    return config.channel().orElse(null);
  }

  private void post(Handle h, String stream, String key, String channel, String text) {
    outbox.enqueue(
        h, Effect.of(stream, SlackEffects.POST, key, SlackEffects.Post.text(channel, text)));
  }
}
