package dev.firstresponder.catalogue;

import static dev.firstresponder.catalogue.Stage.GENERAL;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.firstresponder.testing.TestApp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Planned upgrades: the planning, done and reschedule modals and their field errors, the
 * announcement, the planner's note, the list, updates, "which upgrade?", done, cancel and
 * reschedule notices, the reminders with their Mark done button, and the GitHub issue and comments.
 */
final class UpgradeSurfaces implements Surfaces {
  private static final String CMD = "/incident";
  private static final String PLAN = "upgrade.plan.";

  @Override
  public String feature() {
    return "upgrades";
  }

  @Override
  public void render(Stage s) throws Exception {
    String p = s.person(0);
    s.reply("upgrade list, none", CMD, "upgrade list", p, GENERAL);
    s.reply("upgrade refusal, none open", CMD, "upgrade done", p, GENERAL);
    s.reply(
        "upgrade unknown subcommand", CMD, "upgrade " + s.word(Size.COMMAND_TEXT - 8), p, GENERAL);

    LocalDate today = LocalDate.now(s.clock);
    JsonObject form = s.modal("upgrade.plan", CMD, "upgrade", p, GENERAL);
    s.refused(
        form,
        p,
        Map.of(
            PLAN + "kind", "",
            PLAN + "environment", "",
            PLAN + "cluster_url", "not a url",
            PLAN + "date", today.minusDays(1).toString(),
            PLAN + "time", "14:00",
            PLAN + "duration", "999h"));
    for (int i = 0; i < s.size.upgrades; i++) {
      JsonObject view = s.modal("upgrade.plan", CMD, "upgrade", p, GENERAL);
      s.submit(view, p, plan(s, i, i == 0 ? today.plusDays(2) : today.plusDays(30 + i)));
    }
    s.settle();
    s.message("upgrade announcement", TestApp.ANNOUNCE, m -> m.contains("UPGRADE NOTICE"));
    s.message("upgrade planner's note", "D" + p, m -> m.contains("is planned"));
    s.t.github.awaitIssue(i -> i.labels.contains("upgrade"));
    s.saw("github upgrade issue");

    List<Long> ids = ids(s);
    String tooLong = s.longest() ? s.text(Size.COMMAND_TEXT - 30) : Stage.fill(3001, "much ");
    String long1 = s.text(3000);
    String list = s.reply("upgrade list", CMD, "upgrade list", p, GENERAL);
    String which = s.reply("upgrade which one, update", CMD, "upgrade update " + long1, p, GENERAL);
    if (s.longest()) {
      // Thirty of the longest upgrades do not fit in one message: the rest are counted, not cut.
      assertThat(list).containsPattern("…and \\d+ more");
      assertThat(which).containsPattern("…and \\d+ more");
    }
    s.reply("upgrade update", CMD, "upgrade update " + ids.get(0) + " " + long1, p, GENERAL);
    s.reply(
        "upgrade update, too long",
        CMD,
        "upgrade update " + ids.get(0) + " " + tooLong,
        p,
        GENERAL);
    s.reply(
        "upgrade done, too long", CMD, "upgrade done " + ids.get(0) + " " + tooLong, p, GENERAL);
    s.reply(
        "upgrade cancel, too long",
        CMD,
        "upgrade cancel " + ids.get(0) + " " + tooLong,
        p,
        GENERAL);
    s.reply("upgrade update, no text", CMD, "upgrade update " + ids.get(0), p, GENERAL);
    s.reply(
        "upgrade update, from /incident update",
        CMD,
        "update " + ids.get(0) + " " + long1,
        p,
        GENERAL);
    Stage.Ack pick = s.command(CMD, "upgrade done", p, GENERAL);
    assertThat(pick.json().getAsJsonArray("blocks")).isNotEmpty();
    if (s.longest()) assertThat(pick.body()).containsPattern("…and \\d+ more");
    s.saw("upgrade which one, done (buttons)");
    s.reply("upgrade which one, cancel", CMD, "upgrade cancel", p, GENERAL);
    s.reply("upgrade which one, reschedule", CMD, "upgrade reschedule", p, GENERAL);

    // Done with the form, by command and by the Mark done button; done by command with text.
    JsonObject done = s.modal("upgrade.done", CMD, "upgrade done " + ids.get(1), p, GENERAL);
    s.submit(done, p, Map.of());
    int before = s.t.slack.calls("views.open").size();
    s.click("upgrade.done.open", Long.toString(ids.get(2)), p, GENERAL, "1800000000.000100");
    s.submit(s.opened("upgrade.done", before), p, Map.of());
    s.reply("upgrade done, with text", CMD, "upgrade done " + ids.get(3) + " " + long1, p, GENERAL);
    s.response(
        s.click("upgrade.done.open", Long.toString(ids.get(1)), p, GENERAL, "1800000000.000200"));
    s.reply("upgrade refusal, already done", CMD, "upgrade done " + ids.get(1), p, GENERAL);
    s.reply("upgrade cancel", CMD, "upgrade cancel " + ids.get(4) + " " + long1, p, GENERAL);
    s.t.slack.failWith("views.open", "expired_trigger_id", 3);
    s.reply("upgrade plan form not opened", CMD, "upgrade", p, GENERAL);
    s.reply("upgrade done form not opened", CMD, "upgrade done " + ids.get(5), p, GENERAL);
    s.reply(
        "upgrade reschedule form not opened", CMD, "upgrade reschedule " + ids.get(5), p, GENERAL);

    JsonObject reschedule =
        s.modal("upgrade.reschedule", CMD, "upgrade reschedule " + ids.get(5), p, GENERAL);
    s.refused(reschedule, p, Map.of());
    s.submit(
        reschedule,
        p,
        Map.of(
            "upgrade.reschedule.date", today.plusDays(60).toString(),
            "upgrade.reschedule.time", "16:30",
            "upgrade.reschedule.duration", "2h"));
    s.settle();
    s.message("upgrade done notice", TestApp.ANNOUNCE, m -> m.contains("completed"));
    s.message("upgrade cancel notice", TestApp.ANNOUNCE, m -> m.contains("cancelled"));
    s.message("upgrade reschedule notice", TestApp.ANNOUNCE, m -> m.contains("rescheduled"));

    // The first upgrade comes: "starts soon", then "starting now", to everyone running it.
    s.clock.set(today.plusDays(2).atTime(13, 50).toInstant(ZoneOffset.UTC));
    s.message("upgrade reminder, soon", "D" + p, m -> m.contains("starts in"));
    s.settle();
    s.clock.advance(Duration.ofMinutes(11));
    s.message("upgrade reminder, now", "D" + p, m -> m.contains("starting now"));
    s.reply(
        "upgrade done of the running one",
        CMD,
        "upgrade done " + ids.get(0) + " " + long1,
        p,
        GENERAL);
    s.settle();
  }

  /** The planning form of the i-th upgrade, every field at the most the bot accepts. */
  private static Map<String, String> plan(Stage s, int i, LocalDate date) {
    Map<String, String> v = new HashMap<>();
    v.put(PLAN + "kind", i % 2 == 0 ? "service" : "cluster");
    v.put(PLAN + "environment", s.text(100));
    v.put(PLAN + "cluster", s.longest() ? s.tag("c", i) + " " + s.text(96) : s.tag("smaug", i));
    v.put(PLAN + "cluster_url", url(s, 500));
    v.put(PLAN + "service", s.text(100));
    v.put(PLAN + "current_version", s.text(100));
    v.put(PLAN + "new_version", s.text(100));
    v.put(PLAN + "date", date.toString());
    v.put(PLAN + "time", "14:00");
    v.put(PLAN + "duration", "1h30m");
    v.put(PLAN + "links", links(s, 3000));
    return v;
  }

  private static String url(Stage s, int max) {
    String base = "https://console.apps.example.com/k8s/";
    return s.longest() ? Stage.fill(max, base + "ns/a&b=c/") : base + "cluster";
  }

  /** One link per line, filling the field. */
  private static String links(Stage s, int max) {
    if (!s.longest()) return "https://example.com/release-notes\nhttps://example.com/runbook";
    StringBuilder b = new StringBuilder();
    while (b.length() + 301 <= max) b.append(url(s, 300)).append('\n');
    return b.toString().strip();
  }

  private static List<Long> ids(Stage s) {
    return s.t
        .app
        .database()
        .jdbi()
        .withHandle(
            h -> h.createQuery("SELECT id FROM upgrade ORDER BY id").mapTo(Long.class).list());
  }
}
