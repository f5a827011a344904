package dev.firstresponder.alert;

import dev.firstresponder.EnvReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How alerts page: ALERTMANAGER_TOKEN, ALERT_*, ONCALL_SECONDARY, read once at start.
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

  /**
   * The alert settings; the on-call channel is where alerts page unless ALERT_CHANNEL says
   * otherwise, and issues per alert group need GitHub.
   */
  public static AlertSettings read(EnvReader r, Optional<String> oncallChannel, boolean githubOn) {
    Optional<String> token = r.optional("ALERTMANAGER_TOKEN");
    Optional<String> channel =
        r.pattern("ALERT_CHANNEL", EnvReader.CHANNEL_ID, EnvReader.CHANNEL_ID_HINT)
            .or(() -> oncallChannel);
    if (token.isPresent() && channel.isEmpty()) {
      r.problem(
          "ALERT_CHANNEL: required when ALERTMANAGER_TOKEN is set (the channel ID where alerts"
              + " page the on-call engineer), or set ONCALL_CHANNEL");
    }
    List<Duration> escalation = List.of(DEFAULT_TO_LEVEL_2, DEFAULT_TO_LEVEL_3);
    Optional<String> escalationText = r.optional("ALERT_ESCALATION");
    if (escalationText.isPresent()) {
      List<Optional<Duration>> parsed =
          Arrays.stream(escalationText.get().split(",", -1))
              .map(d -> goDuration(d.strip()))
              .toList();
      if (parsed.size() == 2 && parsed.stream().allMatch(Optional::isPresent)) {
        escalation = parsed.stream().map(Optional::get).toList();
      } else {
        r.problem(
            "ALERT_ESCALATION: '"
                + escalationText.get()
                + "' is not two durations such as 5m,10m (to level 2, then to level 3; units h, m, s)");
      }
    }
    List<String> secondary = r.userIds("ONCALL_SECONDARY");
    Optional<String> alertmanagerUrl =
        r.optional("ALERTMANAGER_URL").map(u -> r.url("ALERTMANAGER_URL", u));
    boolean issues = r.bool("ALERT_ISSUES", false);
    if (issues && !githubOn) {
      r.problem(
          "ALERT_ISSUES: 'true' needs GITHUB_TOKEN and GITHUB_REPOSITORY (the issues are opened"
              + " there); set them or set ALERT_ISSUES=false");
    }
    return new AlertSettings(
        token,
        channel,
        escalation.get(0),
        escalation.get(1),
        secondary,
        alertmanagerUrl,
        issues,
        r.bool("ALERT_ISSUES_AUTO_CLOSE", true));
  }

  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

  /**
   * A positive Go-style duration such as {@code 30s}, {@code 5m}, {@code 1h30m} or {@code 1.5h}
   * (units h, m, s, ms), at most a week; empty when it is not one.
   */
  public static Optional<Duration> goDuration(String text) {
    if (text == null || text.isEmpty()) return Optional.empty();
    Matcher m = GO_DURATION.matcher(text);
    double millis = 0;
    int at = 0;
    while (m.find() && m.start() == at) {
      double n = Double.parseDouble(m.group(1));
      millis +=
          switch (m.group(2)) {
            case "h" -> n * 3_600_000;
            case "m" -> n * 60_000;
            case "s" -> n * 1_000;
            default -> n;
          };
      at = m.end();
    }
    if (at != text.length() || millis < 1 || millis > Duration.ofDays(7).toMillis()) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis(Math.round(millis)));
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
