package dev.firstresponder.github;

import java.util.regex.Pattern;

/**
 * Makes user text inert on GitHub: no @-mentions, no issue links or closing keywords, no raw HTML
 * (so no forged hidden markers). A zero-width joiner keeps the text readable for people.
 */
public final class GitHubText {
  private static final String ZWJ = "\u200D";
  private static final Pattern MENTION = Pattern.compile("@(?=[A-Za-z0-9])");

  /**
   * {@code #12}, {@code acme/sre#12}, {@code fixes #12}: every issue reference starts at "#digit".
   */
  private static final Pattern ISSUE_REF = Pattern.compile("#(?=\\d)");

  private static final Pattern GH_REF = Pattern.compile("(?i)\\bGH-(?=\\d)");

  private GitHubText() {}

  public static String inert(String text) {
    if (text == null) return "";
    String s = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    s = MENTION.matcher(s).replaceAll("@" + ZWJ);
    s = ISSUE_REF.matcher(s).replaceAll("#" + ZWJ);
    return GH_REF.matcher(s).replaceAll("GH" + ZWJ + "-");
  }

  /** Inert and on one line, for Markdown table cells and list items. */
  public static String inertLine(String text) {
    return inert(text).replaceAll("\\s+", " ").strip();
  }

  /**
   * For issue titles, which GitHub shows as plain text (entities would appear literally) but where
   * {@code #N} still links: no HTML escaping, references and mentions broken.
   */
  public static String inertTitle(String text) {
    if (text == null) return "";
    String s = text.replaceAll("\\s+", " ").strip();
    s = MENTION.matcher(s).replaceAll("@" + ZWJ);
    s = ISSUE_REF.matcher(s).replaceAll("#" + ZWJ);
    return GH_REF.matcher(s).replaceAll("GH" + ZWJ + "-");
  }
}
