package dev.firstresponder.incident;

import static dev.firstresponder.testing.SlackJson.block;
import static dev.firstresponder.testing.SlackJson.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.firstresponder.testing.SlackJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The incident modals as Slack receives them. */
class IncidentViewsTest {
  final Incident incident =
      IncidentRulesTest.incident("moc", "grafana", "dashboards <!channel> down", "all users");

  @Test
  void theDeclarationFormStartsWithTheShortMessageCutToItsLimitAndTheDeclarerAsCc() {
    JsonObject v = SlackJson.view(IncidentViews.declareModal("x".repeat(200), "U0ALICE01"));

    assertThat(v.get("callback_id").getAsString()).isEqualTo(IncidentViews.DECLARE);
    assertThat(text(v, "title")).isEqualTo("Declare an incident");
    assertThat(text(v, "submit")).isEqualTo("Declare");
    assertThat(text(v, "close")).isEqualTo("Cancel");
    assertThat(v.has("private_metadata")).isFalse();
    JsonObject shortMessage = block(v, IncidentViews.DECLARE_SHORT).getAsJsonObject("element");
    assertThat(shortMessage.get("initial_value").getAsString())
        .isEqualTo("x".repeat(IncidentRules.MAX_SHORT - 1) + "…");
    assertThat(shortMessage.get("max_length").getAsInt()).isEqualTo(IncidentRules.MAX_SHORT);
    assertThat(
            block(v, IncidentViews.DECLARE_CC)
                .getAsJsonObject("element")
                .get("initial_user")
                .getAsString())
        .isEqualTo("U0ALICE01");
    assertThat(block(v, IncidentViews.DECLARE_LINKS).get("optional").getAsBoolean()).isTrue();
    assertThat(block(v, IncidentViews.DECLARE_IMPACT).get("optional").getAsBoolean()).isFalse();
    assertThat(
            block(v, IncidentViews.DECLARE_NEXT)
                .getAsJsonObject("element")
                .getAsJsonObject("initial_option")
                .get("value")
                .getAsString())
        .isEqualTo("30");
  }

  @Test
  void theCriteriaAreShortCheckboxesUnderTheFullQuestions() {
    JsonObject v = SlackJson.view(IncidentViews.declareModal("", "U0ALICE01"));

    List<String> labels = new ArrayList<>();
    for (JsonElement o :
        block(v, IncidentViews.DECLARE_CRITERIA)
            .getAsJsonObject("element")
            .getAsJsonArray("options")) {
      labels.add(text(o.getAsJsonObject(), "text"));
    }
    assertThat(labels).hasSize(Criterion.values().length).allMatch(l -> l.length() <= 75);
    assertThat(block(v, IncidentViews.DECLARE_CRITERIA + ".questions").toString())
        .contains(Criterion.SECOND_TEAM.question);
    assertThat(
            block(v, IncidentViews.DECLARE_SHORT).getAsJsonObject("element").has("initial_value"))
        .isFalse();
  }

  @Test
  void theUpdateAndResolveFormsCarryTheIncidentAndItsHeadlineWithoutBroadcasts() {
    JsonObject update = SlackJson.view(IncidentViews.updateModal(incident));
    JsonObject resolve = SlackJson.view(IncidentViews.resolveModal(incident));

    assertThat(update.get("private_metadata").getAsString()).isEqualTo("7");
    assertThat(resolve.get("private_metadata").getAsString()).isEqualTo("7");
    assertThat(update.toString())
        .contains("Incident #7: moc/grafana - dashboards @channel down")
        .doesNotContain("<!channel>");
    assertThat(resolve.toString())
        .contains("Resolving incident #7: moc/grafana - dashboards @channel down.")
        .doesNotContain("<!channel>");
    assertThat(text(update, "submit")).isEqualTo("Post update");
    assertThat(text(resolve, "submit")).isEqualTo("Resolve");
    assertThat(block(update, IncidentViews.UPDATE_USERS).get("optional").getAsBoolean()).isTrue();
    assertThat(block(update, IncidentViews.UPDATE_ACTION).get("optional").getAsBoolean()).isFalse();
    assertThat(
            block(resolve, IncidentViews.RESOLVE_LINGERING)
                .getAsJsonObject("element")
                .get("multiline")
                .getAsBoolean())
        .isTrue();
  }

  @Test
  void theRolesFormStartsWithTheCurrentRoles() {
    JsonObject v = SlackJson.view(IncidentViews.rolesModal(incident));

    assertThat(
            block(v, IncidentViews.ROLES_OTS)
                .getAsJsonObject("element")
                .getAsJsonArray("initial_users")
                .toString())
        .isEqualTo("[\"U0BOB0001\"]");
    assertThat(
            block(v, IncidentViews.ROLES_CC)
                .getAsJsonObject("element")
                .get("initial_user")
                .getAsString())
        .isEqualTo("U0CAROL01");
  }

  @Test
  void theDeclaredFormSaysWhereTheIssueComesFromOrThatThereIsNone() {
    JsonObject on = SlackJson.view(IncidentViews.declaredModal(7, true, "acme/sre"));
    JsonObject off = SlackJson.view(IncidentViews.declaredModal(7, false, "acme/sre"));

    assertThat(on.has("submit")).isFalse();
    assertThat(text(on, "close")).isEqualTo("Close");
    assertThat(on.toString())
        .contains("Incident #7 is declared")
        .contains("GitHub issue in acme/sre");
    assertThat(off.toString()).contains("GitHub is not configured, so there is no issue");
  }
}
