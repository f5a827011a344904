package dev.firstresponder.oncall;

import static dev.firstresponder.oncall.OncallTesting.ADMIN;
import static dev.firstresponder.oncall.OncallTesting.ALICE;
import static dev.firstresponder.oncall.OncallTesting.BOB;
import static dev.firstresponder.oncall.OncallTesting.handovers;
import static dev.firstresponder.oncall.OncallTesting.mention;
import static dev.firstresponder.oncall.OncallTesting.oncall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.testing.Await;
import dev.firstresponder.testing.FakeSlack;
import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real Quartz scheduler with ONCALL_CRON firing every second. */
class OncallQuartzTest {
  @RegisterExtension final TestApps apps = new TestApps();

  @Test
  void theQuartzJobHandsOverExactlyOncePerFiring() throws Exception {
    TestApp t =
        apps.start(
            Map.of("ONCALL_CRON", "* * * * * ?", "GITHUB_TOKEN", "", "GITHUB_REPOSITORY", ""));
    OncallTesting.people(t.slack);
    oncall(t, "add " + mention(ALICE), ADMIN);
    oncall(t, "add " + mention(BOB), ADMIN);

    int withBoth = handovers(t);
    Await.until(() -> handovers(t) >= withBoth + 3, "three more handovers by the Quartz job");

    record Row(long shiftStart, String from, String to, String kind) {}
    List<Row> rows =
        t.app
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT shift_start, from_user, to_user, kind FROM oncall_handover ORDER BY shift_start")
                        .map(
                            (rs, ctx) ->
                                new Row(
                                    rs.getLong(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4)))
                        .list());
    assertThat(rows)
        .allSatisfy(
            r -> {
              assertThat(r.shiftStart() % 1000).as("a scheduled second").isZero();
              assertThat(r.kind()).isEqualTo("scheduled");
            });
    // Once both are on the list (a list of one hands over to the same person) they alternate.
    List<Row> last = rows.subList(rows.size() - 3, rows.size());
    assertThat(last).allSatisfy(r -> assertThat(r.to()).isNotEqualTo(r.from()));
    assertThat(rows).extracting(Row::shiftStart).doesNotHaveDuplicates();
    for (int i = 1; i < rows.size(); i++)
      assertThat(rows.get(i).from()).isEqualTo(rows.get(i - 1).to());

    // Each firing's announcement reaches the channel once.
    for (Row r : rows) {
      Await.until(
          () ->
              t.slack.messages(TestApp.ONCALL).stream()
                  .anyMatch(
                      m ->
                          m.metadata() != null
                              && m.metadata()
                                  .contains("oncall:shift:" + r.shiftStart() + ":announce")),
          "the announcement of shift " + r.shiftStart());
    }
    List<String> keys =
        t.slack.messages(TestApp.ONCALL).stream()
            .map(FakeSlack.Message::metadata)
            .filter(m -> m != null && m.contains("oncall:shift:"))
            .toList();
    assertThat(keys).doesNotHaveDuplicates();
  }
}
