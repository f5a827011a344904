package dev.firstresponder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs Main as a real process, as an operator would. */
class MainExitTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  Run run(Map<String, String> env) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), "dev.firstresponder.Main")
            .directory(dir.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    boolean done = p.waitFor(30, TimeUnit.SECONDS);
    if (!done) p.destroyForcibly();
    return new Run(
        done ? p.exitValue() : -1,
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void missingSettingsExitWithCode2NamingEachVariable() throws Exception {
    Run r = run(Map.of("PORT", "abc"));

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("SLACK_BOT_TOKEN: required")
        .contains("SLACK_SIGNING_SECRET")
        .contains("PORT:")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void dotEnvInTheWorkingDirectoryIsRead() throws Exception {
    Files.write(
        dir.resolve(".env"),
        List.of("SLACK_BOT_TOKEN=xoxb-1111111111-2222222222-abcdefghijkl", "PORT=notaport"));

    Run r = run(Map.of());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .doesNotContain("SLACK_BOT_TOKEN")
        .contains("PORT: 'notaport'")
        .contains("SLACK_SIGNING_SECRET");
  }
}
