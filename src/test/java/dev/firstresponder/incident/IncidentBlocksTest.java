package dev.firstresponder.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import dev.firstresponder.testing.SlackJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The incident's message blocks as Slack receives them. */
class IncidentBlocksTest {
  final Incident open =
      IncidentRulesTest.incident("moc", "grafana", "dashboards <!here> down", "all users");

  @Test
  void anOpenIncidentsStartMessageHasItsThreeButtons() {
    JsonArray blocks = SlackJson.blocks(IncidentBlocks.startBlocks(open, "the *start* text"));

    assertThat(blocks).hasSize(2);
    assertThat(blocks.get(0).toString()).contains("the *start* text");
    List<String> actions = new ArrayList<>();
    for (JsonElement b : blocks.get(1).getAsJsonObject().getAsJsonArray("elements")) {
      actions.add(b.getAsJsonObject().get("action_id").getAsString());
      assertThat(b.getAsJsonObject().get("value").getAsString()).isEqualTo("7");
    }
    assertThat(actions)
        .containsExactly(
            IncidentBlocks.ACTION_UPDATE,
            IncidentBlocks.ACTION_ROLES,
            IncidentBlocks.ACTION_RESOLVE);
  }

  @Test
  void aResolvedIncidentsStartMessageSaysSoWithoutButtons() {
    JsonArray blocks =
        SlackJson.blocks(
            IncidentBlocks.startBlocks(withStatus(open, Incident.Status.RESOLVED), "t"));

    assertThat(blocks.toString()).contains("Resolved.").doesNotContain("incident.action.");
  }

  @Test
  void theActionsMenuNamesTheIncidentWithoutBroadcasts() {
    JsonArray blocks = SlackJson.blocks(IncidentBlocks.actionsMenu(open));

    assertThat(blocks.get(0).toString())
        .contains("*Incident #7*: moc/grafana - dashboards @here down")
        .doesNotContain("<!here>");
    assertThat(blocks.get(1).toString()).contains(IncidentBlocks.ACTION_RESOLVE);
  }

  static Incident withStatus(Incident i, Incident.Status status) {
    return new Incident(
        i.id(),
        i.cluster(),
        i.service(),
        i.shortMessage(),
        i.impactedUsers(),
        i.relatedLinks(),
        i.criteria(),
        i.severity(),
        i.declaredBy(),
        i.ccUser(),
        i.ots(),
        i.declaredAt(),
        status,
        i.resolvedAt(),
        i.resolvedBy(),
        i.lingeringEffects(),
        i.channelId(),
        i.channelName(),
        i.issueNumber(),
        i.issueUrl(),
        i.nextUpdateDueAt(),
        i.updateCount(),
        i.rolesVersion(),
        i.declaredFrom());
  }
}
