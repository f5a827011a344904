package dev.firstresponder;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * Every setting of the service, read once at start. Features receive what they need from here and
 * never read the environment themselves. Every variable is described in README, "Settings".
 */
public record Config(
    String slackBotToken,
    Optional<String> slackSigningSecret,
    Optional<String> slackAppToken,
    String slackApiUrl,
    int port,
    String databaseUrl,
    Optional<GitHub> github,
    Optional<String> githubWebhookSecret,
    Optional<String> announceChannel,
    Oncall oncall,
    Optional<Smtp> smtp,
    Optional<String> upgradeMailingList,
    Notices notices,
    int mirrorBatchSeconds) {

  /** GitHub is on only when both the token and the repository are set. */
  public record GitHub(String token, String owner, String repository, String apiUrl) {
    public String fullName() {
      return owner + "/" + repository;
    }

    @Override
    public String toString() {
      return "GitHub[" + fullName() + " at " + apiUrl + ", token=***]";
    }
  }

  public record Oncall(
      Optional<String> channel,
      ZoneId zone,
      LocalTime handoverTime,
      Set<DayOfWeek> workdays,
      Optional<String> cron,
      Set<String> admins,
      Optional<String> usergroup,
      Optional<Integer> logIssue) {

    /** The Quartz cron expression of the shift starts: ONCALL_CRON, or built from time and days. */
    public String cronExpression() {
      return cron.orElseGet(
          () -> {
            StringBuilder days = new StringBuilder();
            for (DayOfWeek d : workdays) {
              if (days.length() > 0) days.append(',');
              days.append(d.name(), 0, 3);
            }
            return "0 %d %d ? * %s"
                .formatted(handoverTime.getMinute(), handoverTime.getHour(), days);
          });
    }
  }

  public record Smtp(
      String host,
      int port,
      Optional<String> username,
      Optional<String> password,
      String from,
      boolean startTls) {
    @Override
    public String toString() {
      return "Smtp["
          + host
          + ":"
          + port
          + ", user="
          + username.orElse("-")
          + ", from="
          + from
          + ", starttls="
          + startTls
          + ", password="
          + (password.isPresent() ? "***" : "-")
          + "]";
    }
  }

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
        + github.map(GitHub::toString).orElse("off")
        + ", smtp="
        + smtp.map(Smtp::toString).orElse("off")
        + ", announceChannel="
        + announceChannel.orElse("-")
        + ", oncall="
        + oncall
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

  private static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{2,}");
  private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,}");
  private static final Pattern USERGROUP_ID = Pattern.compile("S[A-Z0-9]{2,}");
  private static final Pattern REPOSITORY = Pattern.compile("([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)");

  /**
   * Reads the process environment, with a {@code .env} file in the working directory underneath.
   */
  public static Config load(Path workingDirectory) throws ConfigException {
    Map<String, String> merged = new HashMap<>();
    Path dotEnv = workingDirectory.resolve(".env");
    if (Files.isRegularFile(dotEnv)) {
      try {
        merged.putAll(parseDotEnv(Files.readAllLines(dotEnv)));
      } catch (IOException e) {
        throw new ConfigException(List.of(".env: cannot be read (" + e.getMessage() + ")"));
      }
    }
    merged.putAll(System.getenv()); // the real environment wins over the file
    return fromEnv(merged);
  }

  /** {@code KEY=value} lines; {@code #} comments, {@code export } prefixes and quotes allowed. */
  static Map<String, String> parseDotEnv(List<String> lines) {
    Map<String, String> values = new HashMap<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      if (line.startsWith("export ")) line = line.substring(7).strip();
      int eq = line.indexOf('=');
      if (eq <= 0) continue;
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (value.length() >= 2
          && (value.startsWith("\"") && value.endsWith("\"")
              || value.startsWith("'") && value.endsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      } else {
        int comment = value.indexOf(" #");
        if (comment >= 0) value = value.substring(0, comment).strip();
      }
      values.put(key, value);
    }
    return values;
  }

  public static Config fromEnv(Map<String, String> env) throws ConfigException {
    Reader r = new Reader(env);

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

    Optional<String> githubToken = r.optional("GITHUB_TOKEN");
    Optional<String> githubRepo = r.optional("GITHUB_REPOSITORY");
    String githubApiUrl = r.url("GITHUB_API_URL", "https://api.github.com");
    Optional<GitHub> github = Optional.empty();
    if (githubRepo.isPresent()) {
      var m = REPOSITORY.matcher(githubRepo.get());
      if (!m.matches()) {
        r.problem(
            "GITHUB_REPOSITORY: must be 'owner/name' of the repository for incident issues, got '"
                + githubRepo.get()
                + "'");
      } else if (githubToken.isEmpty()) {
        r.problem(
            "GITHUB_TOKEN: required when GITHUB_REPOSITORY is set (a token with Issues read/write"
                + " on "
                + githubRepo.get()
                + "); unset GITHUB_REPOSITORY to run without GitHub");
      } else {
        github = Optional.of(new GitHub(githubToken.get(), m.group(1), m.group(2), githubApiUrl));
      }
    } else if (githubToken.isPresent()) {
      r.problem(
          "GITHUB_REPOSITORY: required when GITHUB_TOKEN is set, as 'owner/name' of the"
              + " repository that holds incident and upgrade issues");
    }

    Optional<String> announce =
        r.pattern(
            "ANNOUNCE_CHANNEL",
            CHANNEL_ID,
            "a channel ID such as C0123ABCD (channel details > About, at the bottom)");

    Optional<String> oncallChannel =
        r.pattern(
            "ONCALL_CHANNEL",
            CHANNEL_ID,
            "a channel ID such as C0123ABCD (channel details > About, at the bottom)");
    ZoneId zone = ZoneId.of("UTC");
    Optional<String> zoneText = r.optional("ONCALL_TIMEZONE");
    if (zoneText.isPresent()) {
      try {
        zone = ZoneId.of(zoneText.get());
      } catch (DateTimeException e) {
        r.problem(
            "ONCALL_TIMEZONE: '"
                + zoneText.get()
                + "' is not an IANA time zone such as Europe/Berlin");
      }
    }
    LocalTime handover = LocalTime.of(9, 0);
    Optional<String> handoverText = r.optional("ONCALL_HANDOVER_TIME");
    if (handoverText.isPresent()) {
      try {
        handover = LocalTime.parse(handoverText.get());
      } catch (DateTimeParseException e) {
        r.problem(
            "ONCALL_HANDOVER_TIME: '"
                + handoverText.get()
                + "' is not a time of day as HH:MM, e.g. 09:00");
      }
    }
    Set<DayOfWeek> workdays = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    Optional<String> workdaysText = r.optional("ONCALL_WORKDAYS");
    if (workdaysText.isPresent()) {
      try {
        workdays = parseWorkdays(workdaysText.get());
      } catch (IllegalArgumentException e) {
        r.problem(
            "ONCALL_WORKDAYS: '"
                + workdaysText.get()
                + "' is not a list of days such as MON-FRI or MON,WED,FRI");
      }
    }
    Optional<String> cron = r.optional("ONCALL_CRON");
    cron.ifPresent(
        c ->
            r.check(
                CronExpression.isValidExpression(c),
                "ONCALL_CRON: '"
                    + c
                    + "' is not a Quartz cron expression (seconds first), e.g. '0 0 9 ? * MON-FRI'"));
    Set<String> admins = new LinkedHashSet<>();
    for (String id : r.optional("ONCALL_ADMINS").map(s -> s.split(",")).orElse(new String[0])) {
      String trimmed = id.strip();
      if (trimmed.isEmpty()) continue;
      if (USER_ID.matcher(trimmed).matches()) admins.add(trimmed);
      else
        r.problem(
            "ONCALL_ADMINS: '"
                + trimmed
                + "' is not a Slack user ID such as U0123ABCD (profile > ⋮ > Copy member ID)");
    }
    Optional<String> usergroup =
        r.pattern("ONCALL_USERGROUP", USERGROUP_ID, "a user group ID such as S0123ABCD");
    Optional<Integer> logIssue =
        r.optional("ONCALL_LOG_ISSUE")
            .flatMap(
                v -> {
                  try {
                    int n = Integer.parseInt(v);
                    if (n > 0) return Optional.of(n);
                  } catch (NumberFormatException ignored) {
                    // reported below
                  }
                  r.problem("ONCALL_LOG_ISSUE: '" + v + "' is not an issue number");
                  return Optional.empty();
                });
    Oncall oncall =
        new Oncall(
            oncallChannel, zone, handover, workdays, cron, Set.copyOf(admins), usergroup, logIssue);

    Optional<Smtp> smtp = Optional.empty();
    Optional<String> smtpHost = r.optional("SMTP_HOST");
    if (smtpHost.isPresent()) {
      int smtpPort = r.integer("SMTP_PORT", 587, 1, 65535);
      Optional<String> from = r.optional("SMTP_FROM");
      if (from.isEmpty())
        r.problem(
            "SMTP_FROM: required when SMTP_HOST is set (the sender address of upgrade notices)");
      else
        r.check(
            from.get().contains("@"), "SMTP_FROM: '" + from.get() + "' is not an e-mail address");
      Optional<String> user = r.optional("SMTP_USERNAME");
      Optional<String> password = r.optional("SMTP_PASSWORD");
      r.check(
          user.isPresent() || password.isEmpty(),
          "SMTP_USERNAME: required when SMTP_PASSWORD is set");
      boolean startTls = r.bool("SMTP_STARTTLS", true);
      smtp =
          Optional.of(
              new Smtp(smtpHost.get(), smtpPort, user, password, from.orElse(""), startTls));
    }
    Optional<String> mailingList = r.optional("UPGRADE_MAILING_LIST");
    mailingList.ifPresent(
        m ->
            r.check(m.contains("@"), "UPGRADE_MAILING_LIST: '" + m + "' is not an e-mail address"));

    Notices notices =
        new Notices(
            r.optional("NOTICE_AUDIENCE").orElse("Operate First users"),
            r.optional("UPGRADE_SUBJECT_PREFIX").orElse("[Operate-first-users]"));
    int batch = r.integer("MIRROR_BATCH_SECONDS", 3, 0, 60);

    if (!r.problems.isEmpty()) throw new ConfigException(r.problems);
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
        batch);
  }

  static Set<DayOfWeek> parseWorkdays(String text) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String part : text.toUpperCase().split(",")) {
      String p = part.strip();
      int dash = p.indexOf('-');
      if (dash > 0) {
        DayOfWeek from = day(p.substring(0, dash));
        DayOfWeek to = day(p.substring(dash + 1));
        // SUN-THU wraps over the end of the week, as in cron.
        for (DayOfWeek d = from; ; d = d.plus(1)) {
          days.add(d);
          if (d == to) break;
        }
      } else {
        days.add(day(p));
      }
    }
    if (days.isEmpty()) throw new IllegalArgumentException(text);
    return days;
  }

  private static DayOfWeek day(String abbreviation) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().startsWith(abbreviation.strip()) && abbreviation.strip().length() >= 3) return d;
    }
    throw new IllegalArgumentException(abbreviation);
  }

  /** Collects problems instead of stopping at the first, so the user fixes everything in one go. */
  private static final class Reader {
    final Map<String, String> env;
    final List<String> problems = new ArrayList<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    Optional<String> optional(String name) {
      String v = env.get(name);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    String required(String name, String how) {
      Optional<String> v = optional(name);
      if (v.isEmpty()) {
        problem(name + ": required; set it to " + how);
        return null;
      }
      return v.get();
    }

    void problem(String text) {
      problems.add(text);
    }

    void check(boolean ok, String text) {
      if (!ok) problem(text);
    }

    int integer(String name, int fallback, int min, int max) {
      Optional<String> v = optional(name);
      if (v.isEmpty()) return fallback;
      try {
        int n = Integer.parseInt(v.get());
        if (n >= min && n <= max) return n;
      } catch (NumberFormatException ignored) {
        // reported below
      }
      problem(name + ": '" + v.get() + "' is not a whole number from " + min + " to " + max);
      return fallback;
    }

    boolean bool(String name, boolean fallback) {
      Optional<String> v = optional(name);
      if (v.isEmpty()) return fallback;
      switch (v.get().toLowerCase()) {
        case "true", "yes", "1", "on":
          return true;
        case "false", "no", "0", "off":
          return false;
        default:
          problem(name + ": '" + v.get() + "' is not true or false");
          return fallback;
      }
    }

    String url(String name, String fallback) {
      String v = optional(name).orElse(fallback);
      try {
        URI uri = new URI(v);
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            && uri.getHost() != null) {
          return v;
        }
      } catch (URISyntaxException ignored) {
        // reported below
      }
      problem(name + ": '" + v + "' is not an http(s) URL");
      return fallback;
    }

    Optional<String> pattern(String name, Pattern pattern, String what) {
      Optional<String> v = optional(name);
      if (v.isPresent() && !pattern.matcher(v.get()).matches()) {
        problem(name + ": '" + v.get() + "' is not " + what);
        return Optional.empty();
      }
      return v;
    }
  }
}
