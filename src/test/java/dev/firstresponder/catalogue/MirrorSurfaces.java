package dev.firstresponder.catalogue;

import static dev.firstresponder.catalogue.Stage.GENERAL;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeGitHub;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.SlackPayloads;
import dev.firstresponder.testing.SlackSigner;
import dev.firstresponder.testing.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The conversation mirror: {@code /incident mirror off|on} and their answers, a burst of the
 * longest messages (with a thread reply, an edit and a deletion) as GitHub comments that never
 * exceed GitHub's limit and lose nothing, and the longest GitHub comment brought into the channel.
 */
final class MirrorSurfaces implements Surfaces {
  private static final String CMD = "/incident";

  @Override
  public String feature() {
    return "mirror";
  }

  @Override
  public void render(Stage s) throws Exception {
    IncidentSurfaces.Declared d = IncidentSurfaces.declare(s, 80, s.person(0));
    String p = s.person(0);
    s.reply("mirror off", CMD, "mirror off", p, d.channel());
    s.reply("mirror off, already", CMD, "mirror off", p, d.channel());
    s.reply("mirror on", CMD, "mirror on", p, d.channel());
    s.reply("mirror, not an incident channel", CMD, "mirror on", p, GENERAL);

    List<String> said = burst(s, d);
    FakeGitHub.Issue issue = issue(s, d);
    awaitMirrored(s, issue, said);
    s.saw("github mirror comments");

    edit(s, d, said.get(0));
    delete(s, d, said.get(1));
    Await.until(
        () -> issue.comments.stream().anyMatch(c -> c.body.contains("message deleted in Slack")),
        "the deletion on GitHub",
        Duration.ofSeconds(60));
    s.saw("github mirror comment edits");

    String body = s.lines(FakeGitHub.MAX_BODY);
    webhook(s, issue.number, body);
    s.message("mirror GitHub comment in the channel", d.channel(), m -> m.contains("on GitHub"));
    s.settle();
  }

  /**
   * Messages as people post them: the longest ones (a thread reply among them), then a burst of
   * many that fill a batch. Each says where it begins and ends, so a cut or a lost one shows.
   */
  private static List<String> burst(Stage s, IncidentSurfaces.Declared d) throws Exception {
    int longOnes = s.longest() ? 4 : 2;
    int count = longOnes + 40;
    List<String> ts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String stamp = "1800000000.%06d".formatted(100 * (i + 1));
      String thread = i == longOnes - 1 ? ts.get(0) : null;
      int length = i < longOnes ? Size.MESSAGE_TEXT : s.longest() ? 700 : 60;
      String text = slackEscaped(marked(i, s.lines(length - 40)));
      var r =
          s.t.event(
              SlackPayloads.message(d.channel(), s.person(i), stamp, text, thread),
              "EvCat" + stamp,
              0);
      assertThat(r.statusCode()).isEqualTo(200);
      ts.add(stamp);
    }
    return ts;
  }

  static String marked(int i, String text) {
    return "message " + i + " begins " + text + " message " + i + " ends";
  }

  /** Slack sends typed {@code & < >} escaped in events. */
  private static String slackEscaped(String typed) {
    return typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static FakeGitHub.Issue issue(Stage s, IncidentSurfaces.Declared d) {
    return s.t.github.issue(Integer.parseInt(s.incident(d.id(), "issue_number")));
  }

  /** Every message reached GitHub whole: its link back, its beginning and its end. */
  private static void awaitMirrored(Stage s, FakeGitHub.Issue issue, List<String> ts) {
    Await.until(
        () -> {
          String all = issue.comments.stream().map(c -> c.body).collect(Collectors.joining("\n"));
          for (int i = 0; i < ts.size(); i++) {
            if (!all.contains("/p" + ts.get(i).replace(".", ""))
                || !all.contains("message " + i + " begins")
                || !all.contains("message " + i + " ends")) return false;
          }
          return true;
        },
        "every message mirrored to GitHub",
        Duration.ofSeconds(90));
  }

  private static void edit(Stage s, IncidentSurfaces.Declared d, String ts) throws Exception {
    String after = slackEscaped(marked(0, s.lines(Size.MESSAGE_TEXT - 40)));
    String e = SlackPayloads.messageChanged(d.channel(), s.person(0), ts, "before", after);
    assertThat(s.t.event(e, "EvEdit" + ts, 0).statusCode()).isEqualTo(200);
  }

  private static void delete(Stage s, IncidentSurfaces.Declared d, String ts) throws Exception {
    String e = SlackPayloads.messageDeleted(d.channel(), s.person(1), ts);
    assertThat(s.t.event(e, "EvDel" + ts, 0).statusCode()).isEqualTo(200);
  }

  /** A person's comment on the issue, delivered by GitHub's webhook. */
  private static void webhook(Stage s, int number, String body) throws Exception {
    JsonObject user = FakeSlack.obj("login", OncallSurfaces.login(s, 3), "type", "User");
    JsonObject payload =
        FakeSlack.obj(
            "action", "created",
            "issue", FakeSlack.obj("number", number),
            "comment",
                FakeSlack.obj(
                    "id",
                    990_001,
                    "body",
                    body,
                    "user",
                    user,
                    "html_url",
                    "https://github.example/acme/sre/issues/" + number + "#issuecomment-990001"),
            "repository", FakeSlack.obj("full_name", "acme/sre"));
    String json = payload.toString();
    String signature = SlackSigner.githubSignature(TestApp.WEBHOOK_SECRET, json);
    var r = s.t.githubWebhook("issue_comment", "delivery-cat-1", json, signature);
    assertThat(r.statusCode()).isBetween(200, 299);
  }
}
