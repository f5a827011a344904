package dev.firstresponder.oncall;

import static dev.firstresponder.oncall.OncallTesting.ADMIN;
import static dev.firstresponder.oncall.OncallTesting.GROUP;
import static dev.firstresponder.oncall.OncallTesting.channel;
import static dev.firstresponder.oncall.OncallTesting.last;
import static dev.firstresponder.oncall.OncallTesting.mention;
import static dev.firstresponder.oncall.OncallTesting.oncall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.testing.MutableClock;
import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Shared setup of the scenario tests: the rotation driven by shift starts at a controlled clock, in
 * Europe/Berlin across the DST change of Sunday 2027-03-28 (09:00 is 08:00Z before, 07:00Z after)
 * and Easter Monday 2027-03-29.
 */
abstract class ShiftScenario {
  @RegisterExtension final TestApps apps = new TestApps();

  static final Instant THU = Instant.parse("2027-03-25T08:00:00Z");
  static final Instant FRI = Instant.parse("2027-03-26T08:00:00Z");
  static final Instant MON = Instant.parse("2027-03-29T07:00:00Z");
  static final Instant TUE = Instant.parse("2027-03-30T07:00:00Z");
  static final Instant WED = Instant.parse("2027-03-31T07:00:00Z");

  final MutableClock clock = MutableClock.at("2027-03-24T11:00:00Z");
  TestApp t;

  /**
   * The app in Europe/Berlin with a user group; GitHub only where the test needs it (it is slower).
   */
  void start(boolean github) throws Exception {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "ONCALL_TIMEZONE",
                "Europe/Berlin",
                "ONCALL_USERGROUP",
                GROUP,
                "ONCALL_ADMINS",
                ADMIN));
    if (!github) {
      env.put("GITHUB_TOKEN", "");
      env.put("GITHUB_REPOSITORY", "");
    }
    t = apps.start(env, clock);
    OncallTesting.people(t.slack);
  }

  void addAll(String... users) throws Exception {
    for (String u : users) assertThat(oncall(t, "add " + mention(u), ADMIN)).startsWith("Added");
  }

  /**
   * The Quartz job's call, with the clock just after the scheduled time. The outbox settles first:
   * a jump of the clock by hours would expire the lease of an effect in flight, which no real clock
   * does.
   */
  void fire(Instant scheduled) {
    OncallTesting.drain(t);
    clock.set(scheduled.plusMillis(300));
    t.app.oncall().startShift(scheduled);
  }

  /** The latest shift-start announcement in the on-call channel. */
  String shift() {
    return last(channel(t).stream().filter(m -> m.contains("On call today")).toList());
  }
}
