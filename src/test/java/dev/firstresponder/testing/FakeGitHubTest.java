package dev.firstresponder.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;

/**
 * The fake GitHub refuses what GitHub refuses for its limits, through the same github-api client
 * the bot uses: 422 "Validation Failed" naming the field, nothing written, a violation recorded.
 */
class FakeGitHubTest {
  FakeGitHub github;
  GHRepository repo;

  @BeforeEach
  void start() throws Exception {
    github = new FakeGitHub("acme", "sre");
    repo =
        new GitHubBuilder()
            .withEndpoint(github.url())
            .withOAuthToken("ghp_testtoken000000000000000000000000")
            .build()
            .getRepository("acme/sre");
  }

  @AfterEach
  void stop() {
    github.close();
  }

  static void refused(ThrowingCall call, String field) {
    assertThatThrownBy(call::run)
        .isInstanceOf(HttpException.class)
        .satisfies(
            e -> {
              assertThat(((HttpException) e).getResponseCode()).isEqualTo(422);
              assertThat(e.getMessage()).contains("Validation Failed").contains(field);
            });
  }

  @FunctionalInterface
  interface ThrowingCall {
    void run() throws IOException;
  }

  @Test
  void issueTitlesHoldOneTo256Characters() throws Exception {
    assertThat(repo.createIssue("t".repeat(256)).create().getTitle()).hasSize(256);
    refused(() -> repo.createIssue("t".repeat(257)).create(), "title");
    refused(() -> repo.createIssue(" ").create(), "title");
    assertThat(github.issues()).hasSize(1);
    assertThat(github.violations()).hasSize(2);
  }

  @Test
  void issueAndCommentBodiesHoldAtMost65536Characters() throws Exception {
    GHIssue issue = repo.createIssue("ok").body("b".repeat(65_536)).create();
    refused(() -> repo.createIssue("long").body("b".repeat(65_537)).create(), "body");
    issue.comment("c".repeat(65_536));
    refused(() -> issue.comment("c".repeat(65_537)), "body");
    refused(() -> issue.comment(" "), "body");
    refused(() -> issue.setBody("b".repeat(65_537)), "body");
    var comment = issue.getComments().get(0);
    refused(() -> comment.update("c".repeat(65_537)), "body");
    assertThat(github.issue(issue.getNumber()).comments).hasSize(1);
    assertThat(github.issue(issue.getNumber()).body).hasSize(65_536);
    assertThat(github.violations()).hasSize(5);
  }

  @Test
  void labelsHoldAtMost50CharactersAndAnIssueAtMostTenAssignees() throws Exception {
    repo.createIssue("ok").label("l".repeat(50)).create();
    refused(() -> repo.createIssue("label").label("l".repeat(51)).create(), "name");
    var ten = repo.createIssue("ten");
    for (int i = 0; i < 10; i++) ten.assignee("user" + i);
    ten.create();
    var eleven = repo.createIssue("eleven");
    for (int i = 0; i < 11; i++) eleven.assignee("user" + i);
    refused(eleven::create, "assignees");
    assertThat(github.issues()).hasSize(2);
    assertThat(github.violations()).hasSize(2);
  }

  @Test
  void aLoginThatCannotBeAssignedIsRefusedButIsNoViolation() throws Exception {
    github.assignable(java.util.Set.of("alice"));
    refused(() -> repo.createIssue("who").assignee("mallory").create(), "assignees");
    assertThat(github.violations()).isEmpty();
  }

  @Test
  void theRefusalIsGitHubsValidationFailedShape() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(github.url() + "/repos/acme/sre/issues"))
                    .header("Authorization", "token x")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"title\":\"" + "t".repeat(300) + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body())
        .contains("\"message\":\"Validation Failed\"")
        .contains("\"resource\":\"Issue\"")
        .contains("\"field\":\"title\"")
        .contains("maximum is 256");
  }
}
