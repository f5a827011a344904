package dev.firstresponder.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Slack gives up on an ack after 3 s; a slow Slack Web API must not make us miss it. */
class AckDeadlineTest {
  @RegisterExtension final TestApps apps = new TestApps();

  @Test
  void aSlowViewsOpenStillLetsTheAckLeaveInTimeWithAClearMessage() throws Exception {
    TestApp t = apps.start();
    t.slack.addUser("U0ALICE01", "alice");
    t.command("/incident", "help", "U0ALICE01", "C0GENERAL"); // auth.test done and cached
    t.slack.latency("views.open", Duration.ofSeconds(6));

    long start = System.nanoTime();
    HttpResponse<String> r = t.command("/incident", "grafana is down", "U0ALICE01", "C0GENERAL");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(took)
        .as("ack time with a views.open that takes 6 s")
        .isLessThan(Duration.ofSeconds(3));
    String text = JsonParser.parseString(r.body()).getAsJsonObject().get("text").getAsString();
    assertThat(text).contains("Slack took too long").contains("try again");
  }
}
