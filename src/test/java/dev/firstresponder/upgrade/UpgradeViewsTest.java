package dev.firstresponder.upgrade;

import static dev.firstresponder.testing.SlackJson.block;
import static dev.firstresponder.testing.SlackJson.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.firstresponder.testing.SlackJson;
import dev.firstresponder.upgrade.Upgrade.Cluster;
import dev.firstresponder.upgrade.Upgrade.Plan;
import dev.firstresponder.upgrade.Upgrade.Service;
import dev.firstresponder.upgrade.UpgradeRules.Field;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The upgrade forms and message blocks as Slack receives them. */
class UpgradeViewsTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final Cluster SMAUG = new Cluster("moc", "smaug", "https://console.smaug.example.com");

  static Upgrade upgrade(long id) {
    return new Upgrade(
        id,
        new Plan(
            new Service("Grafana <!channel>", SMAUG),
            "9.1",
            "10.2",
            Instant.parse("2026-12-01T13:00:00Z"),
            BERLIN,
            90,
            null,
            List.of(),
            "UCC0000001",
            List.of("UOT0000001")),
        Upgrade.Status.PLANNED,
        0,
        0,
        null);
  }

  @Test
  void thePlanningFormAsksInThePlannersZoneAndSaysWhatIsOff() {
    JsonObject on =
        SlackJson.view(
            UpgradeViews.planModal("{\"channel\":\"C1\"}", "UCC0000001", BERLIN, null, false));
    JsonObject off =
        SlackJson.view(
            UpgradeViews.planModal("{}", "UCC0000001", BERLIN, "SMTP_HOST is not set", true));

    assertThat(on.get("callback_id").getAsString()).isEqualTo(UpgradeViews.PLAN);
    assertThat(on.get("private_metadata").getAsString()).isEqualTo("{\"channel\":\"C1\"}");
    assertThat(text(on, "submit")).isEqualTo("Send notices");
    assertThat(text(block(on, UpgradeViews.block(UpgradeViews.PLAN, Field.TIME)), "label"))
        .isEqualTo("Start time (Europe/Berlin)");
    assertThat(
            block(on, UpgradeViews.block(UpgradeViews.PLAN, Field.CC))
                .getAsJsonObject("element")
                .get("initial_user")
                .getAsString())
        .isEqualTo("UCC0000001");
    assertThat(
            block(on, UpgradeViews.block(UpgradeViews.PLAN, Field.SERVICE))
                .get("optional")
                .getAsBoolean())
        .isTrue();
    JsonObject comments =
        block(on, UpgradeViews.block(UpgradeViews.PLAN, Field.COMMENTS)).getAsJsonObject("element");
    assertThat(comments.get("multiline").getAsBoolean()).isTrue();
    assertThat(comments.get("max_length").getAsInt()).isEqualTo(3000);
    assertThat(on.toString()).doesNotContain("E-mail is off").doesNotContain("GitHub is off");
    assertThat(off.toString())
        .contains("*E-mail is off* (SMTP_HOST is not set)")
        .contains("*GitHub is off*");
  }

  @Test
  void theRescheduleFormStartsAtTheCurrentScheduleInTheUpgradesZone() {
    JsonObject v = SlackJson.view(UpgradeViews.rescheduleModal(upgrade(3), "3"));

    String cb = UpgradeViews.RESCHEDULE;
    assertThat(v.get("private_metadata").getAsString()).isEqualTo("3");
    assertThat(
            block(v, UpgradeViews.block(cb, Field.DATE))
                .getAsJsonObject("element")
                .get("initial_date")
                .getAsString())
        .isEqualTo("2026-12-01");
    assertThat(
            block(v, UpgradeViews.block(cb, Field.TIME))
                .getAsJsonObject("element")
                .get("initial_time")
                .getAsString())
        .isEqualTo("14:00");
    assertThat(
            block(v, UpgradeViews.block(cb, Field.DURATION))
                .getAsJsonObject("element")
                .get("initial_value")
                .getAsString())
        .isEqualTo("90m");
    assertThat(v.toString()).contains("#3 Grafana @channel upgrade on moc/smaug: 9.1 → 10.2");
  }

  @Test
  void theDoneFormAndTheRemindersButtonNameTheUpgrade() {
    JsonObject done = SlackJson.view(UpgradeViews.doneModal(upgrade(3), "3"));
    JsonArray reminder = SlackJson.blocks(UpgradeViews.reminder("starts soon", 3));

    assertThat(done.get("callback_id").getAsString()).isEqualTo(UpgradeViews.DONE);
    assertThat(block(done, UpgradeViews.DONE_LINGERING).get("optional").getAsBoolean()).isTrue();
    JsonObject button =
        reminder.get(1).getAsJsonObject().getAsJsonArray("elements").get(0).getAsJsonObject();
    assertThat(button.get("action_id").getAsString()).isEqualTo(UpgradeViews.DONE_BUTTON);
    assertThat(button.get("value").getAsString()).isEqualTo("3");
  }

  @Test
  void whichUpgradeOffersAButtonForEachOfAtMostTwentyAndCountsTheRest() {
    List<Upgrade> open = new ArrayList<>();
    for (long id = 1; id <= 25; id++) open.add(upgrade(id));

    JsonArray blocks = SlackJson.blocks(UpgradeViews.pick("Which one?", open));

    assertThat(blocks).hasSize(22);
    assertThat(
            blocks
                .get(20)
                .getAsJsonObject()
                .getAsJsonObject("accessory")
                .get("value")
                .getAsString())
        .isEqualTo("20");
    JsonObject more = blocks.get(21).getAsJsonObject();
    assertThat(more.get("type").getAsString()).isEqualTo("context");
    assertThat(more.getAsJsonArray("elements").get(0).getAsJsonObject().get("text").getAsString())
        .startsWith("…and 5 more")
        .contains("/incident upgrade done 21");
  }
}
