package dev.firstresponder.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Socket Mode end to end: the bot opens the connection Slack hands out (apps.connections.open),
 * receives a slash command over the WebSocket and acks it there, with no signing secret and no
 * public URL. The HTTP server still serves /healthz.
 */
class SocketModeTest {
  @RegisterExtension final TestApps apps = new TestApps();

  /** Slack's side of a Socket Mode connection, on 127.0.0.1. */
  static final class FakeSocketSlack extends WebSocketServer {
    final List<String> received = new CopyOnWriteArrayList<>();
    volatile WebSocket client;

    FakeSocketSlack() {
      super(new InetSocketAddress("127.0.0.1", 0));
      setReuseAddr(true);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
      client = conn;
      conn.send(
          "{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"fake\"},\"connection_info\":{\"app_id\":\"A0APP0001\"}}");
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

    @Override
    public void onMessage(WebSocket conn, String message) {
      received.add(message);
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {}

    @Override
    public void onStart() {}
  }

  @Test
  void slashCommandsArriveAndAreAckedOverTheSocket() throws Exception {
    FakeSocketSlack socket = new FakeSocketSlack();
    socket.start();
    Await.until(() -> socket.getPort() > 0, "the WebSocket server to listen");
    String wsUrl = "ws://127.0.0.1:" + socket.getPort() + "/link";
    TestApp t =
        apps.start(
            Map.of("SLACK_APP_TOKEN", "xapp-1-A0APP0001-1-abcdef", "SLACK_SIGNING_SECRET", ""));
    try {
      t.slack.override("apps.connections.open", c -> "{\"ok\":true,\"url\":\"" + wsUrl + "\"}");
      Await.until(() -> socket.client != null, "the bot to connect over Socket Mode");

      JsonObject payload =
          FakeSlack.obj(
              "token",
              "x",
              "team_id",
              FakeSlack.TEAM,
              "team_domain",
              "fake",
              "channel_id",
              "C0GENERAL",
              "channel_name",
              "general",
              "user_id",
              "U0ALICE01",
              "user_name",
              "alice",
              "command",
              "/incident",
              "text",
              "help",
              "api_app_id",
              "A0APP0001",
              "response_url",
              t.slack.responseUrl("sm-1"),
              "trigger_id",
              "trigger-sm-1");
      JsonObject envelope =
          FakeSlack.obj(
              "envelope_id",
              "env-1",
              "type",
              "slash_commands",
              "payload",
              payload,
              "accepts_response_payload",
              true);
      socket.client.send(envelope.toString());

      String ack =
          Await.until(
              () ->
                  socket.received.stream()
                      .filter(m -> m.contains("env-1"))
                      .findFirst()
                      .orElse(null),
              "the ack of envelope env-1");
      JsonObject ackJson = JsonParser.parseString(ack).getAsJsonObject();
      assertThat(ackJson.get("envelope_id").getAsString()).isEqualTo("env-1");
      assertThat(ackJson.toString()).contains("/incident").contains("help");

      HttpResponse<String> health = t.get("/healthz");
      assertThat(health.statusCode()).isEqualTo(200);
      HttpResponse<String> events =
          t.postSigned("application/json", "{}", System.currentTimeMillis() / 1000);
      assertThat(events.statusCode())
          .as("/slack/events is not served in Socket Mode")
          .isIn(404, 405);
    } finally {
      socket.stop(1000);
    }
  }
}
