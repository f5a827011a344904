package dev.firstresponder.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus Alertmanager itself (the Debian package), on 127.0.0.1 with a temporary config and
 * storage, routing every alert to the bot's webhook; alerts are fired and resolved with amtool. A
 * machine without it fails the tests that use it: they are not skipped.
 */
public final class RealAlertmanager implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
  static final Path AMTOOL = Path.of("/usr/bin/amtool");

  final int port;
  private final Path dir;
  private Process process;

  /** Reserves a port, so the bot can be told Alertmanager's URL before either starts. */
  public RealAlertmanager(Path dir) throws IOException {
    assertThat(BINARY)
        .as(
            "Prometheus Alertmanager is needed for this test: apt-get install prometheus-alertmanager"
                + " (.ci/run installs it)")
        .isExecutable();
    assertThat(AMTOOL).as("amtool comes with prometheus-alertmanager").isExecutable();
    this.dir = dir;
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts it, sending every group to {@code webhook} with the bearer token, resolutions too. */
  public RealAlertmanager start(String webhook, String token) throws Exception {
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(
        config,
        """
        route:
          receiver: firstresponder
          group_by: ['alertname', 'cluster']
          group_wait: 1s
          group_interval: 2s
          repeat_interval: 1h
        receivers:
          - name: firstresponder
            webhook_configs:
              - url: %s
                send_resolved: true
                http_config:
                  authorization:
                    credentials: %s
        """
            .formatted(webhook, token));
    process =
        new ProcessBuilder(
                BINARY.toString(),
                "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("alertmanager.log").toFile())
            .start();
    HttpClient http = HttpClient.newHttpClient();
    Await.until(
        () -> {
          try {
            return http.send(
                        HttpRequest.newBuilder(URI.create(url() + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
          } catch (IOException e) {
            assertThat(process.isAlive()).as("Alertmanager exited: " + log()).isTrue();
            return false;
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        },
        "Alertmanager to be ready");
    return this;
  }

  /** {@code amtool alert add ARGS…} against this Alertmanager. */
  public void amtool(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of(AMTOOL.toString(), "--alertmanager.url=" + url()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("amtool finished").isTrue();
    assertThat(p.exitValue()).as("amtool " + args[0] + ": " + out).isZero();
  }

  /** Alertmanager's silences, as its API v2 lists them. */
  public String silences() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url() + "/api/v2/silences"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("alertmanager.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process == null || !process.isAlive()) return;
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
