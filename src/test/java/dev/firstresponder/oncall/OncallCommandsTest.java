package dev.firstresponder.oncall;

import static dev.firstresponder.oncall.OncallTesting.ADMIN;
import static dev.firstresponder.oncall.OncallTesting.ALICE;
import static dev.firstresponder.oncall.OncallTesting.BOB;
import static dev.firstresponder.oncall.OncallTesting.CAROL;
import static dev.firstresponder.oncall.OncallTesting.DAVE;
import static dev.firstresponder.oncall.OncallTesting.mention;
import static dev.firstresponder.oncall.OncallTesting.oncall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.testing.MutableClock;
import dev.firstresponder.testing.TestApp;
import dev.firstresponder.testing.TestApps;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The list commands: who may change what, what everyone reads, and clear answers to bad input. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OncallCommandsTest {
  @RegisterExtension static final TestApps apps = TestApps.perClass();

  final MutableClock clock = MutableClock.at("2027-03-24T11:00:00Z");
  TestApp t;

  @BeforeAll
  void start() throws Exception {
    // Workspace admins are rota admins because ONCALL_ADMINS is unset.
    t =
        apps.start(
            Map.of("ONCALL_TIMEZONE", "Europe/Berlin", "GITHUB_TOKEN", "", "GITHUB_REPOSITORY", ""),
            clock);
    OncallTesting.people(t.slack);
    for (String u : new String[] {ALICE, BOB, CAROL}) oncall(t, "add " + mention(u), ADMIN);
  }

  @Test
  void theListShowsTheCheckboxesWhoIsOnCallAndWhoIsNext() throws Exception {
    String list = oncall(t, "list", DAVE);

    assertThat(list)
        .contains("1. :white_check_mark: <@" + ALICE + "> — *on call now*")
        .contains("2. :white_large_square: <@" + BOB + "> — next")
        .contains("3. :white_large_square: <@" + CAROL + ">");
  }

  @Test
  void bareOncallTellsWhoIsOnCallSinceWhenAndTheNextHandover() throws Exception {
    assertThat(oncall(t, "", DAVE))
        .contains("On call now: <@" + ALICE + ">, since Wed 24 Mar 2027")
        .contains("Next: <@" + BOB + ">, at the next handover Thu 25 Mar 2027 09:00 Europe/Berlin");
  }

  @Test
  void helpListsEverySubcommand() throws Exception {
    assertThat(oncall(t, "help", DAVE))
        .contains("/oncall add @user [github-login]")
        .contains("/oncall remove @user")
        .contains("/oncall list")
        .contains("/oncall move @user <position>")
        .contains("/oncall handover")
        .contains("/oncall swap @a @b")
        .contains("/oncall override @user <date>")
        .contains("/oncall log [n]")
        .contains("/oncall holiday add <date> [name]")
        .contains("/oncall holiday list")
        .contains("/oncall holiday remove <date>");
  }

  @Test
  void onlyRotaAdminsChangeTheListAndARefusalChangesNothing() throws Exception {
    String before = oncall(t, "list", DAVE);

    assertThat(oncall(t, "add " + mention(DAVE), DAVE)).contains("Only rota admins");
    assertThat(oncall(t, "remove " + mention(ALICE), BOB)).contains("Only rota admins");
    assertThat(oncall(t, "move " + mention(CAROL) + " 1", BOB)).contains("Only rota admins");
    assertThat(oncall(t, "swap " + mention(BOB) + " " + mention(CAROL), BOB))
        .contains("Only rota admins");
    assertThat(oncall(t, "holiday add 2027-12-24", BOB)).contains("Only rota admins");
    assertThat(oncall(t, "override " + mention(BOB) + " 2027-12-24", BOB))
        .contains("Only rota admins");

    assertThat(oncall(t, "list", DAVE)).isEqualTo(before);
    assertThat(oncall(t, "holiday list", DAVE)).contains("No holidays");
  }

  @Test
  void badInputGetsAClearAnswer() throws Exception {
    String before = oncall(t, "list", DAVE);

    assertThat(oncall(t, "add alice", ADMIN)).contains("Name one person with an @-mention");
    assertThat(oncall(t, "add <@U0NOBODY1|ghost>", ADMIN)).contains("I can't find <@U0NOBODY1>");
    assertThat(oncall(t, "add " + mention(DAVE) + " not/a login!", ADMIN))
        .contains("is not a GitHub login");
    assertThat(oncall(t, "remove " + mention(DAVE), ADMIN)).contains("is not on the on-call list");
    assertThat(oncall(t, "move " + mention(BOB) + " 9", ADMIN))
        .contains("Position must be from 1 to 3");
    assertThat(oncall(t, "move " + mention(BOB) + " first", ADMIN)).contains("as a number");
    assertThat(oncall(t, "swap " + mention(BOB), ADMIN)).contains("Name 2 people");
    assertThat(oncall(t, "swap " + mention(ALICE) + " " + mention(BOB), ADMIN))
        .contains("is on call now");
    assertThat(oncall(t, "holiday add 24.12.2027 Christmas", ADMIN))
        .contains("is not a date")
        .contains("2026-12-24");
    assertThat(oncall(t, "holiday remove 2027-12-31", ADMIN)).contains("is not a holiday");
    assertThat(oncall(t, "override " + mention(BOB) + " tomorrow", ADMIN))
        .contains("is not a date");
    assertThat(oncall(t, "override " + mention(BOB) + " 2027-01-01", ADMIN))
        .contains("is in the past");
    assertThat(oncall(t, "override " + mention(BOB) + " 2027-03-27", ADMIN))
        .contains("Sat 27 Mar 2027 is not a working day");
    assertThat(oncall(t, "log many", DAVE)).contains("is not a number");

    assertThat(oncall(t, "list", DAVE)).isEqualTo(before);
  }

  @Test
  void holidaysAreAddedListedAndRemoved() throws Exception {
    assertThat(oncall(t, "holiday add 2027-12-24 Christmas <!channel>", ADMIN))
        .contains("Holiday added: Fri 24 Dec 2027");
    assertThat(oncall(t, "holiday list", DAVE))
        .contains("Fri 24 Dec 2027 — Christmas")
        .doesNotContain("<!channel>");
    assertThat(oncall(t, "holiday remove 2027-12-24", ADMIN)).contains("Holiday removed");
    assertThat(oncall(t, "holiday list", DAVE)).contains("No holidays");
  }

  @Test
  void addingWithALoginLinksThePersonForGitHub() throws Exception {
    assertThat(oncall(t, "add " + mention(DAVE) + " dave-gh", ADMIN))
        .contains("Added <@" + DAVE + "> (GitHub `dave-gh`)")
        .contains("position 4");
    String login =
        t.app
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT github_login FROM person WHERE slack_user_id = :u")
                        .bind("u", DAVE)
                        .mapTo(String.class)
                        .one());
    assertThat(login).isEqualTo("dave-gh");

    assertThat(oncall(t, "move " + mention(DAVE) + " 2", ADMIN))
        .contains("2. :white_large_square: <@" + DAVE + "> — next");
    assertThat(oncall(t, "swap " + mention(DAVE) + " " + mention(CAROL), ADMIN))
        .contains("2. :white_large_square: <@" + CAROL + "> — next");
    assertThat(oncall(t, "remove " + mention(DAVE), ADMIN)).contains("Removed <@" + DAVE + ">");
    assertThat(oncall(t, "move " + mention(BOB) + " 2", ADMIN))
        .contains("2. :white_large_square: <@" + BOB + "> — next");
  }

  @Test
  void theLogIsEmptyBeforeTheFirstHandover() throws Exception {
    assertThat(oncall(t, "log", DAVE)).contains("The on-call log is empty");
  }
}
