package dev.firstresponder.slack;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * User text made safe for Slack mrkdwn: broadcasts ({@code <!channel>}, {@code <!here>}), user and
 * group mentions and links become plain words, and {@code & < >} are escaped so nothing typed can
 * form a new control sequence. The bot never sets {@code link_names}, so a bare "@channel" stays
 * text.
 */
public final class SlackText {
  /**
   * Slack's control sequences: {@code <@U123|name>}, {@code <#C123|name>}, {@code
   * <!subteam^S1|@group>}, {@code <!here>}, {@code <https://url|label>}. Other text in angle
   * brackets is just text (escaped below). No part may hold a {@code <}, so from each one the
   * pattern scans at most to the next: linear over any input.
   */
  private static final Pattern CONTROL =
      Pattern.compile(
          "<(?:([@#])([UWCG][A-Z0-9]+)|(!)([A-Za-z0-9_^-]+)|((?:https?|mailto):[^|<>\\s]+))(?:\\|([^<>]*))?>");

  private SlackText() {}

  public static String escape(String text) {
    if (text == null) return "";
    Matcher m = CONTROL.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String sigil = m.group(1) != null ? m.group(1) : m.group(3);
      String target =
          m.group(2) != null ? m.group(2) : m.group(4) != null ? m.group(4) : m.group(5);
      m.appendReplacement(out, Matcher.quoteReplacement(readable(sigil, target, m.group(6))));
    }
    m.appendTail(out);
    return out.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String readable(String sigil, String target, String label) {
    if (sigil == null)
      return label != null && !label.isBlank() ? label + " (" + target + ")" : target;
    return switch (sigil) {
      case "@" -> "@" + (label != null ? label : target);
      case "#" -> "#" + (label != null ? label : target);
      default -> {
        // <!here>, <!channel>, <!subteam^S123|@sre>, <!date^...|fallback>
        if (label != null && !label.isBlank()) yield label.startsWith("@") ? label : "@" + label;
        yield "@" + target.replaceFirst("\\^.*", "");
      }
    };
  }

  /** The most of a person's input an answer quotes back. */
  public static final int QUOTE_LENGTH = 80;

  /**
   * A person's input quoted back in an answer ({@code `foo` is not a date}): cut to {@link
   * #QUOTE_LENGTH}, escaped, and without backticks (it sits in a code span), so the answer stays
   * within Slack's message limit however much was typed.
   */
  public static String quote(String userText) {
    return escape(truncate(userText, QUOTE_LENGTH)).replace("`", "'");
  }

  /** Escaped and cut to a limit, with an ellipsis when cut. */
  public static String escape(String text, int maxLength) {
    return truncate(escape(text), maxLength);
  }

  public static String truncate(String text, int maxLength) {
    if (text == null) return "";
    if (text.length() <= maxLength) return text;
    return text.substring(0, Math.max(0, maxLength - 1)) + "…";
  }

  /** Room for a list in one message: Slack takes 40,000 characters, some go to the words around. */
  public static final int LIST_LENGTH = 38_000;

  /**
   * Lines joined under a length: as many whole lines as fit, then "…and N more", so a long list
   * never outgrows a Slack message.
   */
  public static String lines(List<String> lines, int maxLength) {
    int moreRoom = 30; // "\n…and N more"
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      boolean last = i == lines.size() - 1;
      int sep = out.length() == 0 ? 0 : 1;
      if (out.length() + sep + line.length() + (last ? 0 : moreRoom) > maxLength) {
        int shown = i;
        if (i == 0) {
          out.append(truncate(line, maxLength - moreRoom)); // one line too long for the message
          shown = 1;
        }
        if (shown < lines.size())
          out.append("\n…and ").append(lines.size() - shown).append(" more");
        return out.toString();
      }
      if (sep == 1) out.append('\n');
      out.append(line);
    }
    return out.toString();
  }

  /** A link in mrkdwn; the label is escaped, the URL must be one we made. */
  public static String link(String url, String label) {
    return "<" + url + "|" + escape(label).replace("|", "¦") + ">";
  }

  public static String mention(String userId) {
    return "<@" + userId + ">";
  }

  public static String channel(String channelId) {
    return "<#" + channelId + ">";
  }
}
