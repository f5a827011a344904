package dev.firstresponder.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentRulesTest {
  static Incident incident(String cluster, String service, String shortMessage, String impact) {
    return new Incident(
        7,
        cluster,
        service,
        shortMessage,
        impact,
        "https://a.example\n\n https://b.example ",
        List.of(Criterion.VISIBLE),
        null,
        "U0ALICE01",
        "U0CAROL01",
        List.of("U0BOB0001"),
        Instant.parse("2026-11-23T10:00:00Z"),
        Incident.Status.OPEN,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        0,
        0,
        null);
  }

  @Test
  void theIssueTitleFollowsTheProcedureExactly() {
    assertThat(
            IncidentRules.issueTitle(incident("moc-infra", "grafana", "dashboards   down", "all")))
        .isEqualTo("[INCIDENT][moc-infra/grafana] - dashboards down");
  }

  @Test
  void theIssueBodyIsTheStartTemplateWithTheConfiguredAudience() {
    String body =
        IncidentRules.issueBody(
            incident("moc", "grafana", "down", "everyone"),
            "Acme users",
            Map.of("U0CAROL01", "carol"),
            id -> id.equals("U0BOB0001") ? "Bob" : id);

    assertThat(body)
        .startsWith(
            """
        Hello Acme users,

        We are investigating an ongoing incident affecting grafana on moc.

        Impacted users: everyone

        We will provide updates to this issue thread as the incident progresses.

        Related Links:
        - https://a.example
        - https://b.example
        """);
    assertThat(body).contains("U0CAROL01 (`carol`)").contains("Bob (no GitHub login linked)");
  }

  @Test
  void userTextCannotMentionLinkOrCloseAnythingOnGitHubOrSlack() {
    Incident evil =
        incident("moc", "@octocat", "fixes #12 <!channel>", "closes acme/sre#3 <@U0X|x>");

    String title = IncidentRules.issueTitle(evil);
    String body = IncidentRules.issueBody(evil, "users", Map.of(), id -> id);
    String slack = IncidentRules.announcement(evil, "users", true);

    assertThat(title).doesNotContain("#12").doesNotContain("@octocat");
    assertThat(body).doesNotContain("#3").doesNotContain("@octocat").doesNotContain("<!channel>");
    assertThat(slack).doesNotContain("<!channel>").doesNotContain("<@U0X");
  }

  @Test
  void theResolutionCommentIsTheResolutionTemplate() {
    assertThat(IncidentRules.resolutionComment(incident("m", "s", "x", "y"), null))
        .isEqualTo(
            """
        This incident has been resolved.

        Please let us know if you continue to see any remaining issues.""");
    assertThat(IncidentRules.resolutionComment(incident("m", "s", "x", "y"), "Gaps in graphs."))
        .contains("resolved.\n\nGaps in graphs.\n\nPlease let us know");
  }

  @Test
  void channelNamesUseTheDayAndServiceInSlacksAlphabet() {
    Incident i = incident("moc", "Grafana / Prometheus!!", "down", "all");

    assertThat(IncidentRules.channelName(i, 1)).isEqualTo("inc-20261123-grafana-prometheus");
    assertThat(IncidentRules.channelName(i, 3)).isEqualTo("inc-20261123-grafana-prometheus-3");
    assertThat(IncidentRules.channelName(incident("m", "???", "x", "y"), 1))
        .isEqualTo("inc-20261123-incident");
  }

  @Test
  void aDeclarationNeedsACriterionAndBoundedFields() {
    Declaration ok =
        new Declaration(
            "moc",
            "grafana",
            "down",
            "all",
            null,
            List.of(Criterion.ASKED),
            List.of(),
            "U1",
            null,
            30);
    Declaration bad =
        new Declaration(
            null,
            "s".repeat(51),
            "down",
            "all",
            "l".repeat(2001),
            List.of(),
            List.of(),
            "U1",
            null,
            30);

    assertThat(IncidentRules.validate(ok)).isEmpty();
    assertThat(IncidentRules.validate(bad))
        .containsOnlyKeys(
            IncidentViews.DECLARE_CLUSTER,
            IncidentViews.DECLARE_SERVICE,
            IncidentViews.DECLARE_LINKS,
            IncidentViews.DECLARE_CRITERIA);
  }

  @Test
  void modalsStayWithinSlacksLimits() {
    Incident i = incident("moc", "grafana", "down", "all");
    for (var view :
        List.of(
            IncidentViews.declareModal("x".repeat(500), "U1"),
            IncidentViews.updateModal(i),
            IncidentViews.resolveModal(i),
            IncidentViews.rolesModal(i),
            IncidentViews.declaredModal(1, true, "a/b"))) {
      assertThat(view.getTitle().getText().length()).isLessThanOrEqualTo(24);
      if (view.getSubmit() != null)
        assertThat(view.getSubmit().getText().length()).isLessThanOrEqualTo(24);
    }
  }
}
