package dev.firstresponder.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.TestApp;
import java.net.http.HttpResponse;
import java.util.List;

/** Shared steps of the on-call tests: people, commands, draining the outbox. */
final class OncallTesting {
  static final String ADMIN = "U0ADMIN01";
  static final String ALICE = "U0ALICE01";
  static final String BOB = "U0BOB0001";
  static final String CAROL = "U0CAROL01";
  static final String DAVE = "U0DAVE001";
  static final String GROUP = "S0ONCALL1";

  private OncallTesting() {}

  static void people(FakeSlack slack) {
    slack
        .addAdmin(ADMIN, "admin")
        .addUser(ALICE, "alice")
        .addUser(BOB, "bob")
        .addUser(CAROL, "carol")
        .addUser(DAVE, "dave");
  }

  static String mention(String id) {
    return "<@" + id + "|" + id.substring(3).toLowerCase() + ">";
  }

  /** A slash command; returns the ephemeral answer (empty when the ack has no text). */
  static String oncall(TestApp t, String text, String user) throws Exception {
    HttpResponse<String> r = t.command("/oncall", text, user, "C0GENERAL");
    assertThat(r.statusCode()).isEqualTo(200);
    if (r.body().isBlank()) return "";
    var json = JsonParser.parseString(r.body()).getAsJsonObject();
    if (json.has("response_type"))
      assertThat(json.get("response_type").getAsString()).isEqualTo("ephemeral");
    return json.has("text") ? json.get("text").getAsString() : "";
  }

  static void drain(TestApp t) {
    Await.until(() -> t.app.outbox().stats().pending() == 0, "the outbox to be empty");
    assertThat(t.app.outbox().stats().failed()).isZero();
  }

  static List<String> channel(TestApp t) {
    return t.slack.messages(TestApp.ONCALL).stream().map(FakeSlack.Message::text).toList();
  }

  static List<String> dms(TestApp t, String user) {
    return t.slack.messages("D" + user).stream().map(FakeSlack.Message::text).toList();
  }

  static String last(List<String> messages) {
    assertThat(messages).isNotEmpty();
    return messages.get(messages.size() - 1);
  }

  static int handovers(TestApp t) {
    return t.app
        .database()
        .jdbi()
        .withHandle(
            h -> h.createQuery("SELECT count(*) FROM oncall_handover").mapTo(Integer.class).one());
  }
}
