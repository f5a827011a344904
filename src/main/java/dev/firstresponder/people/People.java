package dev.firstresponder.people;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Who is who: Slack user ID to GitHub login, shared by incidents (assignees), upgrades and on-call.
 * Filled by {@code /oncall add @user login} and {@code /incident link login}. A missing login never
 * fails anything; callers name the person instead.
 */
public final class People {
  /** GitHub's login rule: alphanumerics and single inner hyphens, at most 39 characters. */
  private static final Pattern LOGIN =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}");

  private final Jdbi jdbi;
  private final Clock clock;

  public People(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public static boolean validLogin(String login) {
    return login != null && LOGIN.matcher(login).matches();
  }

  /** Accepts {@code alice}, {@code @alice} or {@code https://github.com/alice}. */
  public static Optional<String> parseLogin(String text) {
    if (text == null) return Optional.empty();
    String t = text.strip();
    t = t.replaceFirst("^https?://[^/]+/", "").replaceFirst("/+$", "");
    if (t.startsWith("@")) t = t.substring(1);
    return validLogin(t) ? Optional.of(t) : Optional.empty();
  }

  public void link(String slackUserId, String githubLogin) {
    jdbi.useHandle(h -> link(h, slackUserId, githubLogin));
  }

  public void link(Handle h, String slackUserId, String githubLogin) {
    set(h, slackUserId, "github_login", githubLogin);
  }

  public void setMentionOptIn(String slackUserId, boolean optIn) {
    jdbi.useHandle(h -> set(h, slackUserId, "mention_opt_in", optIn));
  }

  /** Sets one column of the person, who is added when not known yet. */
  private void set(Handle h, String slackUserId, String column, Object value) {
    h.createUpdate(
            """
            INSERT INTO person (slack_user_id, %1$s, updated_at) VALUES (:user, :value, :now)
            ON CONFLICT (slack_user_id) DO UPDATE SET %1$s = excluded.%1$s, updated_at = excluded.updated_at
            """
                .formatted(column))
        .bind("user", slackUserId)
        .bind("value", value)
        .bind("now", clock.millis())
        .execute();
  }

  public boolean mentionOptIn(String slackUserId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT mention_opt_in FROM person WHERE slack_user_id = :u")
                .bind("u", slackUserId)
                .mapTo(Boolean.class)
                .findOne()
                .orElse(false));
  }

  public Optional<String> githubLogin(String slackUserId) {
    return jdbi.withHandle(h -> githubLogin(h, slackUserId));
  }

  public Optional<String> githubLogin(Handle h, String slackUserId) {
    return h.createQuery(
            "SELECT github_login FROM person WHERE slack_user_id = :u AND github_login IS NOT NULL")
        .bind("u", slackUserId)
        .mapTo(String.class)
        .findOne();
  }

  /** Slack user → GitHub login for those that have one, in the order given. */
  public Map<String, String> githubLogins(Collection<String> slackUserIds) {
    Map<String, String> out = new LinkedHashMap<>();
    jdbi.useHandle(
        h -> {
          for (String id : slackUserIds) githubLogin(h, id).ifPresent(l -> out.put(id, l));
        });
    return out;
  }

  /** The Slack user linked to a GitHub login (for the GitHub → Slack direction). */
  public Optional<String> slackUser(String githubLogin) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT slack_user_id FROM person WHERE lower(github_login) = lower(:l)")
                .bind("l", githubLogin)
                .mapTo(String.class)
                .findFirst());
  }
}
