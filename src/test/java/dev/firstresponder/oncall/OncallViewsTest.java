package dev.firstresponder.oncall;

import static dev.firstresponder.testing.SlackJson.block;
import static dev.firstresponder.testing.SlackJson.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.firstresponder.testing.SlackJson;
import org.junit.jupiter.api.Test;

/** The handover form as Slack receives it. */
class OncallViewsTest {
  @Test
  void theHandoverFormKeepsWhoIsOnCallAndNamesTheNext() {
    JsonObject v = SlackJson.view(OncallViews.handover("U0ALICE01", "U0BOB0001"));
    JsonObject nobodyNext = SlackJson.view(OncallViews.handover("U0ALICE01", null));

    assertThat(v.get("callback_id").getAsString()).isEqualTo(OncallViews.HANDOVER);
    assertThat(v.get("private_metadata").getAsString()).isEqualTo("U0ALICE01");
    assertThat(text(v, "submit")).isEqualTo("Hand over");
    assertThat(v.toString()).contains("Handing over from <@U0ALICE01> to <@U0BOB0001>.");
    assertThat(nobodyNext.toString()).contains("to the next on the list.");
    assertThat(block(v, OncallViews.NOTES).get("optional").getAsBoolean()).isFalse();
    assertThat(block(v, OncallViews.OPEN_ITEMS).get("optional").getAsBoolean()).isTrue();
    assertThat(block(v, OncallViews.LINKS).getAsJsonObject("element").get("max_length").getAsInt())
        .isEqualTo(2000);
  }
}
