package dev.firstresponder.github;

import dev.firstresponder.EnvReader;
import java.util.Optional;
import java.util.regex.Pattern;

/** GitHub is on only when both the token and the repository are set. */
public record GitHubSettings(String token, String owner, String repository, String apiUrl) {
  private static final Pattern REPOSITORY = Pattern.compile("([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)");

  public String fullName() {
    return owner + "/" + repository;
  }

  @Override
  public String toString() {
    return "GitHub[" + fullName() + " at " + apiUrl + ", token=***]";
  }

  /** GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_API_URL; empty when GitHub is off. */
  public static Optional<GitHubSettings> read(EnvReader r) {
    Optional<String> githubToken = r.optional("GITHUB_TOKEN");
    Optional<String> githubRepo = r.optional("GITHUB_REPOSITORY");
    String githubApiUrl = r.url("GITHUB_API_URL", "https://api.github.com");
    if (githubRepo.isPresent()) {
      var m = REPOSITORY.matcher(githubRepo.get());
      if (!m.matches()) {
        r.problem(
            "GITHUB_REPOSITORY: must be 'owner/name' of the repository for incident issues, got '"
                + githubRepo.get()
                + "'");
      } else if (githubToken.isEmpty()) {
        r.problem(
            "GITHUB_TOKEN: required when GITHUB_REPOSITORY is set (a token with Issues read/write"
                + " on "
                + githubRepo.get()
                + "); unset GITHUB_REPOSITORY to run without GitHub");
      } else {
        return Optional.of(
            new GitHubSettings(githubToken.get(), m.group(1), m.group(2), githubApiUrl));
      }
    } else if (githubToken.isPresent()) {
      r.problem(
          "GITHUB_REPOSITORY: required when GITHUB_TOKEN is set, as 'owner/name' of the"
              + " repository that holds incident and upgrade issues");
    }
    return Optional.empty();
  }
}
