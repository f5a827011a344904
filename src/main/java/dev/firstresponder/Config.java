package dev.firstresponder;

import dev.firstresponder.alert.AlertSettings;
import dev.firstresponder.github.GitHubSettings;
import dev.firstresponder.mail.SmtpSettings;
import dev.firstresponder.oncall.OncallSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the service, read once at start. Features receive what they need from here and
 * never read the environment themselves. Every variable is described in README, "Settings". A
 * feature's own settings are a record of its package that reads itself ({@code read(EnvReader)});
 * {@link #fromEnv} reads them in turn and reports every problem at once.
 */
public record Config(
    String slackBotToken,
    Optional<String> slackSigningSecret,
    Optional<String> slackAppToken,
    String slackApiUrl,
    int port,
    String databaseUrl,
    Optional<GitHubSettings> github,
    Optional<String> githubWebhookSecret,
    Optional<String> announceChannel,
    OncallSettings oncall,
    Optional<SmtpSettings> smtp,
    Optional<String> upgradeMailingList,
    Notices notices,
    int mirrorBatchSeconds,
    AlertSettings alerts) {

  /** Wording of the notices: the procedure's defaults, changeable for another team. */
  public record Notices(String audience, String upgradeSubjectPrefix) {}

  @Override
  public String toString() {
    return "Config[mode="
        + (socketMode() ? "socket" : "http")
        + ", port="
        + port
        + ", slackApiUrl="
        + slackApiUrl
        + ", database="
        + databaseUrl
        + ", github="
        + github.map(GitHubSettings::toString).orElse("off")
        + ", smtp="
        + smtp.map(SmtpSettings::toString).orElse("off")
        + ", announceChannel="
        + announceChannel.orElse("-")
        + ", oncall="
        + oncall
        + ", alerts="
        + alerts
        + "]";
  }

  public boolean socketMode() {
    return slackAppToken.isPresent();
  }

  /** Thrown with every configuration problem found, each naming its variable and the fix. */
  public static final class ConfigException extends Exception {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
      super(String.join("\n", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  /**
   * Reads the process environment, with a {@code .env} file in the working directory underneath.
   */
  public static Config load(Path workingDirectory) throws ConfigException {
    Map<String, String> merged = new HashMap<>();
    Path dotEnv = workingDirectory.resolve(".env");
    if (Files.isRegularFile(dotEnv)) {
      try {
        merged.putAll(DotEnv.parse(Files.readAllLines(dotEnv)));
      } catch (IOException e) {
        throw new ConfigException(List.of(".env: cannot be read (" + e.getMessage() + ")"));
      }
    }
    merged.putAll(System.getenv()); // the real environment wins over the file
    return fromEnv(merged);
  }

  public static Config fromEnv(Map<String, String> env) throws ConfigException {
    EnvReader r = new EnvReader(env);

    Optional<String> appToken = r.optional("SLACK_APP_TOKEN");
    appToken.ifPresent(
        t ->
            r.check(
                t.startsWith("xapp-"),
                "SLACK_APP_TOKEN: must be an app-level token starting with"
                    + " 'xapp-' (Slack app settings > Basic Information > App-Level Tokens, scope connections:write)"));
    String botToken =
        r.required(
            "SLACK_BOT_TOKEN",
            "the bot token from Slack app settings > OAuth & Permissions, starting with 'xoxb-'");
    if (botToken != null) {
      r.check(
          botToken.startsWith("xoxb-") && botToken.length() >= 16,
          "SLACK_BOT_TOKEN: must be a bot token starting with 'xoxb-' (Slack app settings > OAuth & Permissions)");
    }
    Optional<String> signingSecret = r.optional("SLACK_SIGNING_SECRET");
    if (appToken.isEmpty() && signingSecret.isEmpty()) {
      r.problem(
          "SLACK_SIGNING_SECRET: required in HTTP mode; copy it from Slack app settings >"
              + " Basic Information > App Credentials (or set SLACK_APP_TOKEN to use Socket Mode)");
    }
    String slackApiUrl = r.url("SLACK_API_URL", "https://slack.com/api/");
    if (slackApiUrl != null && !slackApiUrl.endsWith("/")) slackApiUrl = slackApiUrl + "/";

    int port = r.integer("PORT", 3000, 0, 65535);
    String databaseUrl = r.optional("DATABASE_URL").orElse("jdbc:sqlite:db/firstresponder.db");
    r.check(
        databaseUrl.startsWith("jdbc:sqlite:"),
        "DATABASE_URL: must be a SQLite JDBC URL such as 'jdbc:sqlite:db/firstresponder.db'");

    Optional<GitHubSettings> github = GitHubSettings.read(r);
    Optional<String> announce =
        r.pattern("ANNOUNCE_CHANNEL", EnvReader.CHANNEL_ID, EnvReader.CHANNEL_ID_HINT);
    OncallSettings oncall = OncallSettings.read(r);
    Optional<SmtpSettings> smtp = SmtpSettings.read(r);
    Optional<String> mailingList = r.optional("UPGRADE_MAILING_LIST");
    mailingList.ifPresent(
        m ->
            r.check(m.contains("@"), "UPGRADE_MAILING_LIST: '" + m + "' is not an e-mail address"));

    Notices notices =
        new Notices(
            r.optional("NOTICE_AUDIENCE").orElse("Operate First users"),
            r.optional("UPGRADE_SUBJECT_PREFIX").orElse("[Operate-first-users]"));
    int batch = r.integer("MIRROR_BATCH_SECONDS", 3, 0, 60);
    AlertSettings alerts = AlertSettings.read(r, oncall.channel(), github.isPresent());

    if (!r.problems().isEmpty()) throw new ConfigException(r.problems());
    return new Config(
        botToken,
        signingSecret,
        appToken,
        slackApiUrl,
        port,
        databaseUrl,
        github,
        r.optional("GITHUB_WEBHOOK_SECRET"),
        announce,
        oncall,
        smtp,
        mailingList,
        notices,
        batch,
        alerts);
  }
}
