package dev.firstresponder.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NotificationParserTest {
  /** Exactly what Alertmanager 0.25 posted for `amtool alert add` (captured on this machine). */
  static final String REAL =
      """
      {"receiver":"bot","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"HighLatency","cluster":"prod","service":"api","severity":"critical"},"annotations":{"runbook_url":"https://runbooks/x","summary":"p99 over 2s"},"startsAt":"2026-12-01T02:11:46.49632265Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom/graph","fingerprint":"d51561818c1262f8"}],"groupLabels":{"alertname":"HighLatency","cluster":"prod"},"commonLabels":{"alertname":"HighLatency","cluster":"prod","service":"api","severity":"critical"},"commonAnnotations":{"runbook_url":"https://runbooks/x","summary":"p99 over 2s"},"externalURL":"http://vm:19093","version":"4","groupKey":"{}:{alertname=\\"HighLatency\\", cluster=\\"prod\\"}","truncatedAlerts":0}
      """;

  static Notification parse(String json) throws Exception {
    return NotificationParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void alertmanagersOwnPayloadIsRead() throws Exception {
    Notification n = parse(REAL);

    assertThat(n.groupKey()).isEqualTo("{}:{alertname=\"HighLatency\", cluster=\"prod\"}");
    assertThat(n.status()).isEqualTo("firing");
    assertThat(n.groupLabels()).containsEntry("cluster", "prod");
    assertThat(n.alerts()).hasSize(1);
    Notification.Alert a = n.alerts().get(0);
    assertThat(a.fingerprint()).isEqualTo("d51561818c1262f8");
    assertThat(a.startsAt()).isEqualTo(Instant.parse("2026-12-01T02:11:46.496Z"));
    assertThat(a.endsAt()).isEmpty();
    assertThat(a.annotations()).containsEntry("summary", "p99 over 2s");
    assertThat(a.generatorUrl()).isEqualTo("http://prom/graph");
  }

  @Test
  void notJsonIsRefusedWithAReason() {
    assertThatThrownBy(() -> parse("{\"version\": \"4\""))
        .isInstanceOf(NotificationParser.Malformed.class)
        .hasMessageStartingWith("not JSON");
    assertThatThrownBy(() -> parse("{'version': '4'}"))
        .isInstanceOf(NotificationParser.Malformed.class)
        .hasMessageStartingWith("not JSON");
    assertThatThrownBy(() -> parse(REAL + " trailing"))
        .isInstanceOf(NotificationParser.Malformed.class)
        .hasMessageStartingWith("not JSON");
  }

  @Test
  void theWrongShapeIsRefusedNamingTheField() {
    assertThatThrownBy(() -> parse("[]")).hasMessageContaining("expected an object");
    assertThatThrownBy(() -> parse(REAL.replace("\"version\":\"4\"", "\"version\":\"3\"")))
        .hasMessageStartingWith("version: expected \"4\"");
    assertThatThrownBy(() -> parse(REAL.replace("\"groupKey\":", "\"groupKeyX\":")))
        .hasMessage("groupKey: missing");
    assertThatThrownBy(
            () ->
                parse(
                    REAL.replace(
                        "\"status\":\"firing\",\"alerts\"", "\"status\":\"burning\",\"alerts\"")))
        .hasMessage("status: expected \"firing\" or \"resolved\"");
    assertThatThrownBy(
            () -> parse(REAL.replace("\"fingerprint\":\"d51561818c1262f8\"", "\"fingerprint\":7")))
        .hasMessage("alerts[0].fingerprint: expected a string");
    assertThatThrownBy(() -> parse(REAL.replace("\"severity\":\"critical\"}", "\"severity\":5}")))
        .hasMessage("alerts[0].labels.severity: expected a string");
    assertThatThrownBy(() -> parse(REAL.replace("2026-12-01T02:11:46.49632265Z", "yesterday")))
        .hasMessageStartingWith("alerts[0].startsAt: not an RFC 3339 time");
    assertThatThrownBy(() -> parse(REAL.replaceFirst("\"alerts\":\\[.*?\\}\\]", "\"alerts\":[]")))
        .hasMessage("alerts: expected at least one alert");
  }
}
