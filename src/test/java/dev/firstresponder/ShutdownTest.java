package dev.firstresponder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.TestApp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts Main as a real process and stops it the way a platform does: SIGTERM. */
class ShutdownTest {
  @TempDir Path dir;

  @Test
  void startsListeningEvenWhileSlackIsDownThenStopsCleanlyOnSigterm() throws Exception {
    try (FakeSlack slack = new FakeSlack()) {
      slack.failHttp(
          "auth.test", 503, 0, 1000); // Slack is down at start: the bot must still come up
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb =
          new ProcessBuilder(
                  java, "-cp", System.getProperty("java.class.path"), "dev.firstresponder.Main")
              .directory(dir.toFile())
              .redirectErrorStream(true);
      pb.environment().clear();
      pb.environment().put("SLACK_BOT_TOKEN", TestApp.BOT_TOKEN);
      pb.environment().put("SLACK_SIGNING_SECRET", TestApp.SIGNING_SECRET);
      pb.environment().put("SLACK_API_URL", slack.apiUrl());
      pb.environment().put("PORT", "0");
      Process p = pb.start();
      List<String> lines = new CopyOnWriteArrayList<>();
      // Read continuously: Process.destroy() would close our end of the pipe and lose the last
      // lines.
      Thread reader =
          new Thread(
              () ->
                  new BufferedReader(
                          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                      .lines()
                      .forEach(lines::add));
      reader.start();
      Pattern listening = Pattern.compile("listening on port (\\d+)");
      int port =
          Await.until(
              () ->
                  lines.stream()
                      .map(listening::matcher)
                      .filter(Matcher::find)
                      .map(m -> Integer.parseInt(m.group(1)))
                      .findFirst()
                      .orElse(null),
              "the 'listening on port' line");
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(dir.resolve("db/firstresponder.db"))
          .exists(); // the default database, folder created

      new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(5000);

      assertThat(p.exitValue()).isIn(0, 143);
      assertThat(lines).as("log after SIGTERM").anyMatch(l -> l.contains("stopped"));
      assertThat(String.join("\n", lines))
          .doesNotContain(TestApp.BOT_TOKEN)
          .doesNotContain(TestApp.SIGNING_SECRET);
    }
  }
}
