package dev.firstresponder.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import dev.firstresponder.outbox.EffectFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/** The Slack Web API client of the bot, and how its failures map to outbox decisions. */
public final class SlackApi {
  /**
   * Calls made while Slack waits for our ack (views.open, ephemeral answers, Bolt's own client)
   * give up after this, so the ack still leaves within Slack's 3 seconds.
   */
  static final int INTERACTIVE_CALL_TIMEOUT_MILLIS = 2_000;

  /** Calls from the outbox, where nobody waits: a slow Slack is waited for, then retried. */
  static final int BACKGROUND_CALL_TIMEOUT_MILLIS = 20_000;

  private final Slack slack;
  private final Slack background;
  private final String botToken;

  public SlackApi(String apiUrl, String botToken) {
    this.slack = Slack.getInstance(config(apiUrl, INTERACTIVE_CALL_TIMEOUT_MILLIS));
    this.background = Slack.getInstance(config(apiUrl, BACKGROUND_CALL_TIMEOUT_MILLIS));
    this.botToken = botToken;
  }

  private static SlackConfig config(String apiUrl, int callTimeoutMillis) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(apiUrl);
    config.setPrettyResponseLoggingEnabled(false);
    config.setHttpClientCallTimeoutMillis(callTimeoutMillis);
    return config;
  }

  /** The Slack instance Bolt uses (interactive timeouts). */
  public Slack slack() {
    return slack;
  }

  /** For calls made while a request waits for its ack: bounded to fit Slack's 3 s. */
  public MethodsClient methods() {
    return slack.methods(botToken);
  }

  /** For outbox effects: a longer timeout, since nobody waits on them. */
  public MethodsClient backgroundMethods() {
    return background.methods(botToken);
  }

  /** Slack error codes that retrying will not fix. */
  private static final Set<String> PERMANENT =
      Set.of(
          "channel_not_found",
          "is_archived",
          "msg_too_long",
          "no_text",
          "invalid_blocks",
          "invalid_blocks_format",
          "not_in_channel",
          "user_not_found",
          "users_not_found",
          "cant_invite_self",
          "cant_invite",
          "restricted_action",
          "missing_scope",
          "not_allowed_token_type",
          "invalid_auth",
          "account_inactive",
          "token_revoked",
          "no_permission",
          "invalid_name",
          "message_not_found",
          "cant_update_message",
          "edit_window_closed",
          "invalid_arguments",
          "invalid_metadata_format",
          "invalid_metadata_schema",
          "user_is_bot",
          "no_such_subteam",
          "permission_denied",
          "paid_teams_only",
          "invalid_users");

  /** Throws what the outbox should do when a response is not ok. */
  public static <T extends SlackApiTextResponse> T check(String method, T response)
      throws EffectFailure.Permanent, IOException {
    if (response.isOk()) return response;
    String error = response.getError();
    if ("ratelimited".equals(error)) throw new IOException(method + ": ratelimited");
    if (PERMANENT.contains(error)) throw new EffectFailure.Permanent(method + " failed: " + error);
    throw new IOException(method + " failed: " + error);
  }

  /** A 429 from Slack carries Retry-After; other HTTP failures are retried with backoff. */
  public static Exception classify(SlackApiException e) {
    if (e.getResponse() != null && e.getResponse().code() == 429) {
      String after = e.getResponse().header("Retry-After");
      long seconds = 30;
      try {
        if (after != null) seconds = Math.max(1, Long.parseLong(after.strip()));
      } catch (NumberFormatException ignored) {
        // keep the default
      }
      return new EffectFailure.RetryAfter("Slack rate limited", Duration.ofSeconds(seconds));
    }
    return new IOException(
        "Slack answered HTTP " + (e.getResponse() == null ? "?" : e.getResponse().code()), e);
  }
}
