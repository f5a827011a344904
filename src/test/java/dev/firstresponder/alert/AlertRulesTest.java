package dev.firstresponder.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertRulesTest {
  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  static Notification parse(Notifications n) throws Exception {
    return NotificationParser.parse(n.json().getBytes(StandardCharsets.UTF_8));
  }

  static Episode episode(String status, Notification n) {
    return new Episode(
        1,
        1,
        n.groupKey(),
        status,
        "CALERTS01",
        n.groupLabels(),
        n.commonLabels(),
        n.commonAnnotations(),
        n.externalUrl(),
        T0,
        T0,
        null,
        1,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        0,
        1,
        1);
  }

  @Test
  void aGroupWithoutEpisodeThatFiresOpensOne() throws Exception {
    Notification n = parse(Notifications.highLatency().firing("a1", T0, Map.of()));

    AlertRules.Change c = AlertRules.decide(Optional.empty(), List.of(), n);

    assertThat(c).isInstanceOf(AlertRules.Change.Open.class);
    assertThat(((AlertRules.Change.Open) c).alerts())
        .extracting(Notification.Alert::fingerprint)
        .containsExactly("a1");
  }

  @Test
  void aRepeatOfTheSameStateChangesNothing() throws Exception {
    Notification n = parse(Notifications.highLatency().firing("a1", T0, Map.of()));
    Episode e = episode("firing", n);

    assertThat(AlertRules.decide(Optional.of(e), n.alerts(), n))
        .isEqualTo(new AlertRules.Change.Nothing("unchanged"));
  }

  @Test
  void aNewAlertInTheGroupUpdatesTheEpisodeWithAllAlerts() throws Exception {
    Notification first = parse(Notifications.highLatency().firing("a1", T0, Map.of()));
    Notification second =
        parse(
            Notifications.highLatency()
                .firing("a1", T0, Map.of())
                .firing("a2", T0.plusSeconds(30), Map.of("instance", "db-2")));

    AlertRules.Change c =
        AlertRules.decide(Optional.of(episode("firing", first)), first.alerts(), second);

    assertThat(c).isInstanceOf(AlertRules.Change.Update.class);
    assertThat(((AlertRules.Change.Update) c).alerts())
        .extracting(Notification.Alert::fingerprint)
        .containsExactly("a1", "a2");
  }

  @Test
  void oneAlertResolvingWhileOthersFireIsAnUpdateNotTheEnd() throws Exception {
    Notification both =
        parse(
            Notifications.highLatency()
                .firing("a1", T0, Map.of())
                .firing("a2", T0, Map.of("instance", "x")));
    Notification one =
        parse(
            Notifications.highLatency()
                .firing("a1", T0, Map.of())
                .resolved("a2", T0, T0.plusSeconds(60), Map.of("instance", "x")));

    AlertRules.Change c =
        AlertRules.decide(Optional.of(episode("firing", both)), both.alerts(), one);

    assertThat(c).isInstanceOf(AlertRules.Change.Update.class);
    assertThat(((AlertRules.Change.Update) c).alerts())
        .extracting(Notification.Alert::status)
        .containsExactly("firing", "resolved");
  }

  @Test
  void aResolvedGroupEndsTheEpisodeAndEveryAlertInIt() throws Exception {
    Notification both =
        parse(
            Notifications.highLatency()
                .firing("a1", T0, Map.of())
                .firing("a2", T0, Map.of("instance", "x")));
    Notification resolved =
        parse(Notifications.highLatency().resolved("a1", T0, T0.plusSeconds(90), Map.of()));

    AlertRules.Change c =
        AlertRules.decide(Optional.of(episode("firing", both)), both.alerts(), resolved);

    assertThat(c).isInstanceOf(AlertRules.Change.Resolve.class);
    assertThat(((AlertRules.Change.Resolve) c).alerts())
        .allMatch(a -> a.status().equals("resolved"))
        .hasSize(2);
  }

  @Test
  void aLateCopyOfAResolvedEpisodeOpensNothingButARealRefireDoes() throws Exception {
    Notification n = parse(Notifications.highLatency().firing("a1", T0, Map.of()));
    Episode ended = episode("resolved", n);

    assertThat(AlertRules.decide(Optional.of(ended), n.alerts(), n))
        .isInstanceOf(AlertRules.Change.Nothing.class);
    Notification refire =
        parse(Notifications.highLatency().firing("a1", T0.plusSeconds(600), Map.of()));
    assertThat(AlertRules.decide(Optional.of(ended), n.alerts(), refire))
        .isInstanceOf(AlertRules.Change.Open.class);
  }

  @Test
  void aResolvedNotificationWithoutFiringEpisodeChangesNothing() throws Exception {
    Notification n =
        parse(Notifications.highLatency().resolved("a1", T0, T0.plusSeconds(5), Map.of()));

    assertThat(AlertRules.decide(Optional.empty(), List.of(), n))
        .isInstanceOf(AlertRules.Change.Nothing.class);
  }

  @Test
  void factsComeFromTheUsualLabelsWithFallbacks() throws Exception {
    Notification n =
        parse(
            Notifications.group(Map.of("alertname", "DiskFull"))
                .firing("d1", T0, Map.of("cluster_name", "moc", "job", "node", "service", "")));
    AlertFacts f = AlertFacts.of(episode("firing", n), n.alerts());

    assertThat(f.alertname()).isEqualTo("DiskFull");
    assertThat(f.cluster()).contains("moc");
    assertThat(f.service()).contains("node");
    assertThat(f.summary()).contains("p99 latency over 2s");
    assertThat(f.runbookUrl()).contains("https://runbooks.example/high-latency");
    assertThat(f.where()).isEqualTo("moc/node");
  }

  @Test
  void onlyPlainWebUrlsBecomeLinks() {
    assertThat(AlertFacts.isWebLink("https://grafana.example/d/x?a=1&b=(2)")).isTrue();
    assertThat(AlertFacts.isWebLink("javascript:alert(1)")).isFalse();
    assertThat(AlertFacts.isWebLink("https://x.example/a|<!channel>")).isFalse();
    assertThat(AlertFacts.isWebLink("https://x.example/a b")).isFalse();
  }

  @Test
  void theAlertmanagerLinkFiltersOnTheGroupLabels() throws Exception {
    Notification n = parse(Notifications.highLatency().firing("a1", T0, Map.of()));

    assertThat(AlertRules.alertmanagerLink(episode("firing", n)))
        .contains(
            "http://alertmanager.example:9093/#/alerts?filter=%7Balertname%3D%22HighLatency%22%2Ccluster%3D%22prod%22%7D");
    assertThat(AlertRules.silenceMatchers(episode("firing", n)))
        .containsExactly(Map.entry("alertname", "HighLatency"), Map.entry("cluster", "prod"));
  }

  @Test
  void theIssueTitleAndLabelsFollowTheAlert() throws Exception {
    Notification n =
        parse(Notifications.highLatency().firing("a1", T0, Map.of("severity", "warning")));
    AlertFacts f = AlertFacts.of(episode("firing", n), n.alerts());

    assertThat(AlertIssue.title(f)).isEqualTo("[ALERT] HighLatency (prod/api)");
    assertThat(AlertIssue.labels(f)).containsExactly("alert", "warning");
  }
}
