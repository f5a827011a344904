package dev.firstresponder;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads settings from the environment and collects every problem instead of stopping at the first,
 * so the user fixes everything in one go. Each problem names the variable and how to fix it. Each
 * feature's settings read themselves with it (see {@link Config#fromEnv}).
 */
public final class EnvReader {
  /** A Slack channel ID, as channel details show it. */
  public static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{2,}");

  public static final String CHANNEL_ID_HINT =
      "a channel ID such as C0123ABCD (channel details > About, at the bottom)";

  /** A Slack user ID, as a profile's "Copy member ID" gives it. */
  private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,}");

  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();

  EnvReader(Map<String, String> env) {
    this.env = env;
  }

  List<String> problems() {
    return problems;
  }

  /** The value without surrounding white space; empty when unset or blank. */
  public Optional<String> optional(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  /** The value, or null with a problem saying to set it to {@code how}. */
  public String required(String name, String how) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      problem(name + ": required; set it to " + how);
      return null;
    }
    return v.get();
  }

  public void problem(String text) {
    problems.add(text);
  }

  public void check(boolean ok, String text) {
    if (!ok) problem(text);
  }

  public int integer(String name, int fallback, int min, int max) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) return fallback;
    try {
      int n = Integer.parseInt(v.get());
      if (n >= min && n <= max) return n;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    problem(name + ": '" + v.get() + "' is not a whole number from " + min + " to " + max);
    return fallback;
  }

  public boolean bool(String name, boolean fallback) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) return fallback;
    switch (v.get().toLowerCase()) {
      case "true", "yes", "1", "on":
        return true;
      case "false", "no", "0", "off":
        return false;
      default:
        problem(name + ": '" + v.get() + "' is not true or false");
        return fallback;
    }
  }

  public String url(String name, String fallback) {
    String v = optional(name).orElse(fallback);
    try {
      URI uri = new URI(v);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return v;
      }
    } catch (URISyntaxException ignored) {
      // reported below
    }
    problem(name + ": '" + v + "' is not an http(s) URL");
    return fallback;
  }

  /** Comma-separated Slack user IDs, each once, in order; a problem for each that is not one. */
  public List<String> userIds(String name) {
    List<String> ids = new ArrayList<>();
    for (String id : optional(name).map(s -> s.split(",")).orElse(new String[0])) {
      String trimmed = id.strip();
      if (trimmed.isEmpty()) continue;
      if (!USER_ID.matcher(trimmed).matches()) {
        problem(
            name
                + ": '"
                + trimmed
                + "' is not a Slack user ID such as U0123ABCD (profile > ⋮ > Copy member ID)");
      } else if (!ids.contains(trimmed)) {
        ids.add(trimmed);
      }
    }
    return ids;
  }

  /** The value when it matches; a problem saying it is not {@code what} when it does not. */
  public Optional<String> pattern(String name, Pattern pattern, String what) {
    Optional<String> v = optional(name);
    if (v.isPresent() && !pattern.matcher(v.get()).matches()) {
      problem(name + ": '" + v.get() + "' is not " + what);
      return Optional.empty();
    }
    return v;
  }
}
