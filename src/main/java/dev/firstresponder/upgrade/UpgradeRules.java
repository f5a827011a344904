package dev.firstresponder.upgrade;

import dev.firstresponder.upgrade.Upgrade.Cluster;
import dev.firstresponder.upgrade.Upgrade.Kind;
import dev.firstresponder.upgrade.Upgrade.Plan;
import dev.firstresponder.upgrade.Upgrade.Service;
import dev.firstresponder.upgrade.Upgrade.Target;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of planning an upgrade: what a valid plan is (no past dates, sane durations, a real
 * cluster URL), the criteria for announcing, and how dates, times and durations are told. Knows
 * nothing of Slack.
 */
final class UpgradeRules {
  static final Duration MAX_DURATION = Duration.ofHours(72);
  static final Duration MAX_AHEAD = Duration.ofDays(366);

  /** The "starts soon" reminder goes out this long before the start. */
  static final Duration REMINDER_LEAD = Duration.ofMinutes(15);

  static final int MAX_TEXT = 100;

  /**
   * The free text of a command (an update, lingering effects, a reason): as much as the forms'
   * multi-line fields take, so the issue comment, the mail and the announcement stay in bounds.
   */
  static final int MAX_NOTE = 3000;

  /** When a cluster upgrade must be announced. */
  static final List<String> CLUSTER_CRITERIA =
      List.of(
          "Requires rebooting of any nodes.",
          "May result in disruption to cluster services (scheduling, network issues, auth, storage, etc.) for an"
              + " extended period of time (> 5min).");

  /** When a service upgrade must be announced. */
  static final List<String> SERVICE_CRITERIA =
      List.of(
          "May result in service downtime for an extended period of time (> 5min).",
          "May result in restarting user workloads/rollouts.");

  /** The fields of the plan, for field-level errors. */
  enum Field {
    KIND,
    ENVIRONMENT,
    CLUSTER,
    CLUSTER_URL,
    SERVICE,
    CURRENT_VERSION,
    NEW_VERSION,
    DATE,
    TIME,
    DURATION,
    COMMENTS,
    LINKS,
    CC,
    OTS,
    REASON
  }

  /** The raw input of the planning form. */
  record Form(
      String kind,
      String environment,
      String cluster,
      String clusterUrl,
      String service,
      String currentVersion,
      String newVersion,
      String date,
      String time,
      String duration,
      String comments,
      String links,
      String cc,
      List<String> ots,
      ZoneId zone) {}

  /** Either a plan or the errors per field. */
  record Checked(Plan plan, Map<Field, String> errors) {
    boolean ok() {
      return errors.isEmpty();
    }
  }

  private UpgradeRules() {}

  static Checked check(Form f, Instant now) {
    Map<Field, String> errors = new LinkedHashMap<>();
    Kind kind = null;
    if (blank(f.kind())) errors.put(Field.KIND, "Choose cluster or service.");
    else {
      try {
        kind = Kind.of(f.kind());
      } catch (IllegalArgumentException e) {
        errors.put(Field.KIND, "Choose cluster or service.");
      }
    }
    String env = required(f.environment(), Field.ENVIRONMENT, "the environment (e.g. moc)", errors);
    String cluster = required(f.cluster(), Field.CLUSTER, "the cluster (e.g. smaug)", errors);
    String url = strip(f.clusterUrl());
    if (url == null) errors.put(Field.CLUSTER_URL, "Enter the cluster URL.");
    else if (!isHttpUrl(url))
      errors.put(Field.CLUSTER_URL, "Enter an http(s) URL, e.g. https://console.example.com");
    String service = strip(f.service());
    if (kind == Kind.SERVICE)
      required(f.service(), Field.SERVICE, "the service being upgraded", errors);
    else service = null;
    if (service != null && service.length() > MAX_TEXT)
      errors.put(Field.SERVICE, "At most " + MAX_TEXT + " characters.");
    String current =
        required(f.currentVersion(), Field.CURRENT_VERSION, "the version running now", errors);
    String next = required(f.newVersion(), Field.NEW_VERSION, "the version to upgrade to", errors);

    Instant start = start(f.date(), f.time(), f.zone(), now, errors);
    Integer minutes = duration(f.duration(), errors);

    List<String> links = new ArrayList<>();
    if (f.links() != null) {
      int line = 0;
      for (String raw : f.links().split("\\R")) {
        line++;
        String l = raw.strip();
        if (l.startsWith("- ")) l = l.substring(2).strip();
        if (l.isEmpty()) continue;
        if (!isHttpUrl(l)) {
          errors.putIfAbsent(
              Field.LINKS, "Line " + line + " is not an http(s) link; put one link per line.");
        }
        links.add(l);
      }
    }
    if (blank(f.cc())) errors.put(Field.CC, "Choose the Communications Coordinator.");
    if (!errors.isEmpty()) return new Checked(null, errors);
    List<String> ots =
        f.ots() == null
            ? List.of()
            : f.ots().stream().filter(o -> !o.equals(f.cc())).distinct().toList();
    return new Checked(
        new Plan(
            target(kind, new Cluster(env, cluster, url), service),
            current,
            next,
            start,
            f.zone(),
            minutes,
            strip(f.comments()),
            links,
            f.cc(),
            ots),
        Map.of());
  }

  private static Target target(Kind kind, Cluster cluster, String service) {
    return switch (kind) {
      case CLUSTER -> cluster;
      case SERVICE -> new Service(service, cluster);
    };
  }

  /** Validates a new date, time and duration for a reschedule. */
  static Checked reschedule(Plan plan, String date, String time, String duration, Instant now) {
    Map<Field, String> errors = new LinkedHashMap<>();
    Instant start = start(date, time, plan.zone(), now, errors);
    Integer minutes = duration(duration, errors);
    if (errors.isEmpty() && start.equals(plan.startsAt()) && minutes == plan.durationMinutes()) {
      errors.put(Field.DATE, "That is the current schedule; change the date, time or duration.");
    }
    if (!errors.isEmpty()) return new Checked(null, errors);
    return new Checked(plan.rescheduled(start, minutes), Map.of());
  }

  private static Instant start(
      String date, String time, ZoneId zone, Instant now, Map<Field, String> errors) {
    LocalDate d = null;
    LocalTime t = null;
    if (blank(date)) errors.put(Field.DATE, "Pick the date of the upgrade.");
    else {
      try {
        d = LocalDate.parse(date.strip());
      } catch (DateTimeParseException e) {
        errors.put(Field.DATE, "Pick a date such as 2026-12-24.");
      }
    }
    if (blank(time)) errors.put(Field.TIME, "Pick the start time.");
    else {
      try {
        t = LocalTime.parse(time.strip());
      } catch (DateTimeParseException e) {
        errors.put(Field.TIME, "Pick a time such as 14:30.");
      }
    }
    if (d == null || t == null) return null;
    LocalDate today = now.atZone(zone).toLocalDate();
    if (d.isBefore(today)) {
      errors.put(
          Field.DATE, "That date is in the past (today is " + today + " in " + zone.getId() + ").");
      return null;
    }
    Instant start = ZonedDateTime.of(d, t, zone).toInstant();
    if (!start.isAfter(now)) {
      errors.put(
          Field.TIME,
          "That time has passed (it is "
              + now.atZone(zone).toLocalTime().withSecond(0).withNano(0)
              + " in "
              + zone.getId()
              + " now).");
      return null;
    }
    if (Duration.between(now, start).compareTo(MAX_AHEAD) > 0) {
      errors.put(Field.DATE, "Plan at most a year ahead.");
      return null;
    }
    return start;
  }

  private static final Pattern DURATION =
      Pattern.compile(
          "(?:(\\d{1,3}(?:[.,]\\d+)?)\\s*(?:h|hr|hrs|hour|hours))?\\s*(?:(\\d{1,4})\\s*(?:m|min|mins|minute|minutes)?)?");

  /** "90m", "2h", "1h30m", "1.5 hours", "45": minutes; errors when not 1 minute to 72 hours. */
  static Integer parseMinutes(String text) {
    if (blank(text)) return null;
    Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches() || m.group(1) == null && m.group(2) == null) return null;
    double hours = m.group(1) == null ? 0 : Double.parseDouble(m.group(1).replace(',', '.'));
    int minutes = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    return (int) Math.round(hours * 60) + minutes;
  }

  private static Integer duration(String text, Map<Field, String> errors) {
    if (blank(text)) {
      errors.put(Field.DURATION, "Enter the expected duration, e.g. 2h or 90m.");
      return null;
    }
    Integer minutes = parseMinutes(text);
    if (minutes == null) {
      errors.put(Field.DURATION, "Write the duration as e.g. 45m, 2h or 1h30m.");
      return null;
    }
    if (minutes < 1 || minutes > MAX_DURATION.toMinutes()) {
      errors.put(
          Field.DURATION,
          "The duration must be between 1 minute and " + MAX_DURATION.toHours() + " hours.");
      return null;
    }
    return minutes;
  }

  // ---- how times are told -------------------------------------------------------------------

  static String date(Plan p) {
    return p.startsAt().atZone(p.zone()).toLocalDate().toString();
  }

  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  /** "14:00 Europe/Berlin (13:00 UTC)", or "13:00 UTC" when the zone is UTC. */
  static String startTime(Plan p) {
    ZonedDateTime local = p.startsAt().atZone(p.zone());
    ZonedDateTime utc = p.startsAt().atZone(ZoneOffset.UTC);
    if (local.getOffset().equals(ZoneOffset.UTC)
        && (p.zone().getId().equals("UTC")
            || p.zone().getId().equals("Z")
            || p.zone().getId().equals("Etc/UTC"))) {
      return HH_MM.format(utc) + " UTC";
    }
    String utcText = HH_MM.format(utc) + " UTC";
    if (!utc.toLocalDate().equals(local.toLocalDate())) utcText = utc.toLocalDate() + " " + utcText;
    return HH_MM.format(local) + " " + p.zone().getId() + " (" + utcText + ")";
  }

  /** "2 hours", "1 hour 30 minutes", "45 minutes". */
  static String duration(int minutes) {
    int h = minutes / 60;
    int m = minutes % 60;
    List<String> parts = new ArrayList<>();
    if (h > 0) parts.add(h + (h == 1 ? " hour" : " hours"));
    if (m > 0) parts.add(m + (m == 1 ? " minute" : " minutes"));
    return String.join(" ", parts);
  }

  static boolean isHttpUrl(String s) {
    try {
      URI u = new URI(s);
      return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
          && u.getHost() != null
          && !s.contains(" ");
    } catch (Exception e) {
      return false;
    }
  }

  private static String required(
      String value, Field field, String what, Map<Field, String> errors) {
    String s = strip(value);
    if (s == null) {
      errors.put(field, "Enter " + what + ".");
      return null;
    }
    if (s.length() > MAX_TEXT) {
      errors.put(field, "At most " + MAX_TEXT + " characters.");
      return null;
    }
    return s;
  }

  /** Why a command's free text is refused: longer than {@link #MAX_NOTE}. */
  static Optional<String> tooLong(String text) {
    if (text == null || text.length() <= MAX_NOTE) return Optional.empty();
    return Optional.of(
        ":warning: That text has "
            + text.length()
            + " characters; an upgrade's update, lingering effects or reason can have at most "
            + MAX_NOTE
            + ". Please shorten it; nothing was sent.");
  }

  /** The zone of that id; UTC when there is none or it is unknown. */
  static ZoneId zone(String id) {
    if (id == null || id.isBlank()) return ZoneId.of("UTC");
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      return ZoneId.of("UTC");
    }
  }

  static String strip(String s) {
    return blank(s) ? null : s.strip();
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
