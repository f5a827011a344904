package dev.firstresponder.oncall;

import dev.firstresponder.EnvReader;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/** The rotation's settings: where it pings, its zone and schedule, who may change it. */
public record OncallSettings(
    Optional<String> channel,
    ZoneId zone,
    LocalTime handoverTime,
    Set<DayOfWeek> workdays,
    Optional<String> cron,
    Set<String> admins,
    Optional<String> usergroup,
    Optional<Integer> logIssue) {
  private static final Pattern USERGROUP_ID = Pattern.compile("S[A-Z0-9]{2,}");

  /** The Quartz cron expression of the shift starts: ONCALL_CRON, or built from time and days. */
  public String cronExpression() {
    return cron.orElseGet(
        () -> {
          StringBuilder days = new StringBuilder();
          for (DayOfWeek d : workdays) {
            if (days.length() > 0) days.append(',');
            days.append(d.name(), 0, 3);
          }
          return "0 %d %d ? * %s".formatted(handoverTime.getMinute(), handoverTime.getHour(), days);
        });
  }

  /** The ONCALL_* variables. */
  public static OncallSettings read(EnvReader r) {
    Optional<String> oncallChannel =
        r.pattern("ONCALL_CHANNEL", EnvReader.CHANNEL_ID, EnvReader.CHANNEL_ID_HINT);
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
    Set<String> admins = new LinkedHashSet<>(r.userIds("ONCALL_ADMINS"));
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
    return new OncallSettings(
        oncallChannel, zone, handover, workdays, cron, Set.copyOf(admins), usergroup, logIssue);
  }

  /** "MON-FRI", "MON,WED,FRI", "SUN-THU" (wrapping over the week's end, as in cron). */
  public static Set<DayOfWeek> parseWorkdays(String text) {
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
}
