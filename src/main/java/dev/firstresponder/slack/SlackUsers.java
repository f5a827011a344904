package dev.firstresponder.slack;

import com.slack.api.methods.SlackApiException;
import com.slack.api.model.User;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Facts about Slack users: names for messages and GitHub comments, and whether someone is a
 * workspace admin or owner. Answers are cached briefly; this is a cache of Slack's truth, not state
 * of ours.
 */
public final class SlackUsers {
  private static final Duration TTL = Duration.ofMinutes(10);

  private record Cached(User user, long at) {}

  private final SlackApi api;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public SlackUsers(SlackApi api) {
    this.api = api;
  }

  public Optional<User> user(String userId) {
    Cached c = cache.get(userId);
    long now = System.currentTimeMillis();
    if (c != null && now - c.at() < TTL.toMillis()) return Optional.of(c.user());
    try {
      var r = api.methods().usersInfo(req -> req.user(userId));
      if (!r.isOk() || r.getUser() == null) return Optional.empty();
      cache.put(userId, new Cached(r.getUser(), now));
      return Optional.of(r.getUser());
    } catch (IOException | SlackApiException e) {
      return c == null ? Optional.empty() : Optional.of(c.user());
    }
  }

  /** Workspace admins and owners (primary owner included). Unknown users are not admins. */
  public boolean isAdminOrOwner(String userId) {
    return user(userId).map(u -> u.isAdmin() || u.isOwner() || u.isPrimaryOwner()).orElse(false);
  }

  /** Display name, else real name, else the user name, else the ID. */
  public String displayName(String userId) {
    return user(userId)
        .map(
            u -> {
              if (u.getProfile() != null) {
                if (notBlank(u.getProfile().getDisplayName()))
                  return u.getProfile().getDisplayName();
                if (notBlank(u.getProfile().getRealName())) return u.getProfile().getRealName();
              }
              if (notBlank(u.getRealName())) return u.getRealName();
              return notBlank(u.getName()) ? u.getName() : userId;
            })
        .orElse(userId);
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
