package dev.firstresponder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firstresponder.oncall.OncallSettings;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  static final String TOKEN = "xoxb-1111111111-2222222222-abcdefghijklmnop";

  static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("SLACK_BOT_TOKEN", TOKEN);
    env.put("SLACK_SIGNING_SECRET", "secret-for-signing");
    return env;
  }

  @Test
  void defaultsFollowTheContract() throws Exception {
    Config c = Config.fromEnv(minimal());

    assertThat(c.port()).isEqualTo(3000);
    assertThat(c.slackApiUrl()).isEqualTo("https://slack.com/api/");
    assertThat(c.databaseUrl()).isEqualTo("jdbc:sqlite:db/firstresponder.db");
    assertThat(c.github()).isEmpty();
    assertThat(c.socketMode()).isFalse();
    assertThat(c.oncall().zone().getId()).isEqualTo("UTC");
    assertThat(c.oncall().handoverTime()).isEqualTo(LocalTime.of(9, 0));
    assertThat(c.oncall().workdays())
        .containsExactly(
            DayOfWeek.MONDAY,
            DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY,
            DayOfWeek.FRIDAY);
    assertThat(c.oncall().cronExpression()).isEqualTo("0 0 9 ? * MON,TUE,WED,THU,FRI");
    assertThat(c.notices().audience()).isEqualTo("Operate First users");
  }

  @Test
  void everyProblemIsNamedAtOnce() {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "eighty");
    env.put("ONCALL_TIMEZONE", "Mars/Olympus");
    env.put("ONCALL_HANDOVER_TIME", "9am");
    env.put("GITHUB_REPOSITORY", "not a repo");
    env.put("ANNOUNCE_CHANNEL", "#general");
    env.put("ONCALL_CRON", "every day");

    assertThatThrownBy(() -> Config.fromEnv(env))
        .isInstanceOfSatisfying(
            Config.ConfigException.class,
            e -> {
              List<String> p = e.problems();
              assertThat(p).anyMatch(s -> s.startsWith("SLACK_BOT_TOKEN:"));
              assertThat(p).anyMatch(s -> s.startsWith("SLACK_SIGNING_SECRET:"));
              assertThat(p).anyMatch(s -> s.startsWith("PORT:"));
              assertThat(p).anyMatch(s -> s.startsWith("ONCALL_TIMEZONE:"));
              assertThat(p).anyMatch(s -> s.startsWith("ONCALL_HANDOVER_TIME:"));
              assertThat(p).anyMatch(s -> s.startsWith("GITHUB_REPOSITORY:"));
              assertThat(p).anyMatch(s -> s.startsWith("ANNOUNCE_CHANNEL:"));
              assertThat(p).anyMatch(s -> s.startsWith("ONCALL_CRON:"));
            });
  }

  @Test
  void socketModeDoesNotNeedTheSigningSecret() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("SLACK_BOT_TOKEN", TOKEN);
    env.put("SLACK_APP_TOKEN", "xapp-1-A111-222-abcdef");

    assertThat(Config.fromEnv(env).socketMode()).isTrue();
  }

  @Test
  void githubNeedsTokenAndRepositoryTogether() {
    Map<String, String> env = minimal();
    env.put("GITHUB_TOKEN", "ghp_x");
    assertThatThrownBy(() -> Config.fromEnv(env)).hasMessageContaining("GITHUB_REPOSITORY");

    Map<String, String> env2 = minimal();
    env2.put("GITHUB_REPOSITORY", "acme/sre");
    assertThatThrownBy(() -> Config.fromEnv(env2)).hasMessageContaining("GITHUB_TOKEN");
  }

  @Test
  void secretsNeverAppearInTheDescription() throws Exception {
    Map<String, String> env = minimal();
    env.put("GITHUB_TOKEN", "ghp_supersecret");
    env.put("GITHUB_REPOSITORY", "acme/sre");
    env.put("SMTP_HOST", "smtp.example.com");
    env.put("SMTP_FROM", "bot@example.com");
    env.put("SMTP_USERNAME", "bot");
    env.put("SMTP_PASSWORD", "mailpassword");

    String text = Config.fromEnv(env).toString();

    assertThat(text)
        .doesNotContain(TOKEN, "secret-for-signing", "ghp_supersecret", "mailpassword")
        .contains("acme/sre");
  }

  @Test
  void workdaysAcceptRangesAndLists() {
    assertThat(OncallSettings.parseWorkdays("MON,WED,FRI"))
        .containsExactly(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY);
    assertThat(OncallSettings.parseWorkdays("sun-tue"))
        .containsExactlyInAnyOrder(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY);
    assertThatThrownBy(() -> OncallSettings.parseWorkdays("FUNDAY"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dotEnvLinesAreParsedLikeShellAssignments() {
    Map<String, String> v =
        DotEnv.parse(
            List.of(
                "# comment",
                "",
                "export SLACK_BOT_TOKEN=xoxb-abc",
                "PORT = 8080 # trailing",
                "NOTICE_AUDIENCE=\"Dear users # of ours\"",
                "EMPTY="));

    assertThat(v)
        .containsEntry("SLACK_BOT_TOKEN", "xoxb-abc")
        .containsEntry("PORT", "8080")
        .containsEntry("NOTICE_AUDIENCE", "Dear users # of ours")
        .containsEntry("EMPTY", "");
  }
}
