package dev.firstresponder.alert;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How alerts page: read once from the environment by {@code Config}.
 *
 * @param token the bearer token Alertmanager sends; empty: {@code POST /alertmanager} refuses all
 * @param channel where alert groups are paged (ALERT_CHANNEL, else ONCALL_CHANNEL)
 * @param toLevel2 unacknowledged this long after the page: level 2 is paged
 * @param toLevel3 then unacknowledged this much longer: level 3, the whole team
 * @param secondary paged at level 2 instead of the next engineer in the rota, when not empty
 * @param alertmanagerUrl Alertmanager's base URL for its API (the Silence button)
 * @param issues one GitHub issue per firing episode
 * @param autoClose close that issue when the group resolves
 */
public record AlertSettings(
    Optional<String> token,
    Optional<String> channel,
    Duration toLevel2,
    Duration toLevel3,
    List<String> secondary,
    Optional<String> alertmanagerUrl,
    boolean issues,
    boolean autoClose) {

  public static final Duration DEFAULT_TO_LEVEL_2 = Duration.ofMinutes(5);
  public static final Duration DEFAULT_TO_LEVEL_3 = Duration.ofMinutes(10);

  public AlertSettings {
    secondary = List.copyOf(secondary);
    alertmanagerUrl =
        alertmanagerUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
  }

  public boolean enabled() {
    return token.isPresent();
  }

  @Override
  public String toString() {
    return "AlertSettings[token="
        + (token.isPresent() ? "***" : "unset")
        + ", channel="
        + channel.orElse("-")
        + ", escalation="
        + toLevel2
        + ","
        + toLevel3
        + ", secondary="
        + secondary
        + ", alertmanager="
        + alertmanagerUrl.orElse("-")
        + ", issues="
        + issues
        + ", autoClose="
        + autoClose
        + "]";
  }
}
