package dev.firstresponder.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.github.GitHubText;
import dev.firstresponder.upgrade.Upgrade.Cluster;
import dev.firstresponder.upgrade.Upgrade.Plan;
import dev.firstresponder.upgrade.UpgradeRules.Field;
import dev.firstresponder.upgrade.UpgradeRules.Form;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpgradeRulesTest {
  static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  final UpgradeTemplates templates =
      new UpgradeTemplates("Operate First users", "[Operate-first-users]");

  static Form form(String kind, String date, String time, String duration) {
    return new Form(
        kind,
        "moc",
        "smaug",
        "https://console.smaug.example.com",
        "Grafana",
        "4.10.3",
        "4.11.0",
        date,
        time,
        duration,
        "Nodes reboot one by one.",
        "https://docs.example.com/4.11\nhttps://example.com/runbook",
        "UCC0000001",
        List.of("UOT0000001", "UCC0000001"),
        BERLIN);
  }

  @Test
  void aValidClusterPlanIsStartedInThePlannersZone() {
    var checked = UpgradeRules.check(form("cluster", "2026-12-01", "14:00", "1h30m"), NOW);

    assertThat(checked.errors()).isEmpty();
    Plan p = checked.plan();
    assertThat(p.startsAt()).isEqualTo(Instant.parse("2026-12-01T13:00:00Z"));
    assertThat(p.durationMinutes()).isEqualTo(90);
    assertThat(p.target())
        .isEqualTo(new Cluster("moc", "smaug", "https://console.smaug.example.com"));
    assertThat(p.ots()).containsExactly("UOT0000001");
    assertThat(p.links()).hasSize(2);
  }

  @Test
  void pastDatesAndTimesAndSillyDurationsAreRefusedPerField() {
    assertThat(UpgradeRules.check(form("cluster", "2026-11-22", "14:00", "2h"), NOW).errors())
        .containsOnlyKeys(Field.DATE);
    assertThat(UpgradeRules.check(form("cluster", "2026-11-23", "10:30", "2h"), NOW).errors())
        .containsOnlyKeys(Field.TIME); // 10:30 Berlin is 09:30 UTC, half an hour ago
    assertThat(UpgradeRules.check(form("cluster", "2026-12-01", "14:00", "0m"), NOW).errors())
        .containsOnlyKeys(Field.DURATION);
    assertThat(UpgradeRules.check(form("cluster", "2026-12-01", "14:00", "100h"), NOW).errors())
        .containsOnlyKeys(Field.DURATION);
    assertThat(UpgradeRules.check(form("cluster", "2026-12-01", "14:00", "soon"), NOW).errors())
        .containsOnlyKeys(Field.DURATION);
    assertThat(UpgradeRules.check(form("cluster", "2028-12-01", "14:00", "2h"), NOW).errors())
        .containsOnlyKeys(Field.DATE);
  }

  @Test
  void serviceUpgradesNeedTheServiceAndEveryPlanAnHttpUrl() {
    Form noService =
        new Form(
            "service",
            "moc",
            "smaug",
            "console.smaug",
            " ",
            "1",
            "2",
            "2026-12-01",
            "14:00",
            "2h",
            null,
            "not a link",
            "UCC0000001",
            List.of(),
            BERLIN);

    var errors = UpgradeRules.check(noService, NOW).errors();

    assertThat(errors).containsOnlyKeys(Field.SERVICE, Field.CLUSTER_URL, Field.LINKS);
  }

  @Test
  void durationsAreReadAsPeopleWriteThem() {
    assertThat(UpgradeRules.parseMinutes("90m")).isEqualTo(90);
    assertThat(UpgradeRules.parseMinutes("2h")).isEqualTo(120);
    assertThat(UpgradeRules.parseMinutes("1h 30m")).isEqualTo(90);
    assertThat(UpgradeRules.parseMinutes("1.5 hours")).isEqualTo(90);
    assertThat(UpgradeRules.parseMinutes("45")).isEqualTo(45);
    assertThat(UpgradeRules.duration(90)).isEqualTo("1 hour 30 minutes");
    assertThat(UpgradeRules.duration(120)).isEqualTo("2 hours");
  }

  @Test
  void theClusterNoticeIsTheTemplateFilledIn() {
    Plan p = UpgradeRules.check(form("cluster", "2026-12-01", "14:00", "2h"), NOW).plan();

    assertThat(templates.subject(p))
        .isEqualTo("[Operate-first-users] OpenShift Cluster upgrade, 2026-12-01");
    assertThat(templates.notice(p, s -> s))
        .isEqualTo(
            """
        Hello Operate First users,

        We’re reaching out to you since you’re the users of the moc/smaug at https://console.smaug.example.com.

        We are planning on an upgrade to this cluster, from 4.10.3 to 4.11.0, on 2026-12-01.

        Nodes reboot one by one.

        We expect to start around 14:00 Europe/Berlin (13:00 UTC) and expect the upgrade to take approximately 2 hours.

        Relevant links:
        - https://docs.example.com/4.11
        - https://example.com/runbook
        """);
  }

  @Test
  void theServiceNoticeNamesTheServiceAndMakesUserTextInertOnGitHub() {
    Form f =
        new Form(
            "service",
            "moc",
            "smaug",
            "https://smaug.example.com",
            "Grafana @sre-team",
            "9.1",
            "10.2",
            "2026-12-01",
            "09:00",
            "45m",
            "fixes #12 <b>now</b>",
            "",
            "UCC0000001",
            List.of(),
            ZoneId.of("UTC"));
    Plan p = UpgradeRules.check(f, NOW).plan();

    String github = templates.notice(p, GitHubText::inert);

    assertThat(templates.subject(p)).isEqualTo("[Operate-first-users] Service upgrade, 2026-12-01");
    assertThat(github)
        .contains("users of the Grafana @\u200Dsre-team on moc/smaug at https://smaug.example.com.")
        .contains("this service, from 9.1 to 10.2, on 2026-12-01.")
        .contains("fixes #\u200D12 &lt;b&gt;now&lt;/b&gt;")
        .contains("start around 09:00 UTC and expect the upgrade to take approximately 45 minutes.")
        .doesNotContain("Relevant links");
    assertThat(templates.notice(p, s -> s)).contains("fixes #12 <b>now</b>");
  }

  @Test
  void theResolutionNoticeIsTheGenericTemplate() {
    assertThat(UpgradeTemplates.resolution(null, s -> s))
        .isEqualTo(
            """
        This upgrade has now been completed.

        Please let us know if you continue to see any remaining issues.
        """);
    assertThat(UpgradeTemplates.resolution("Dashboards may load slowly for an hour", s -> s))
        .isEqualTo(
            """
        This upgrade has now been completed.

        Dashboards may load slowly for an hour.

        Please let us know if you continue to see any remaining issues.
        """);
  }
}
