package dev.firstresponder.mirror;

import dev.firstresponder.github.GitHubText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack mrkdwn (as the Events API delivers it: {@code & < >} escaped, mentions and links as {@code
 * <…>} control sequences) to GitHub Markdown that reads the same and cannot act on GitHub: no
 * notifying {@code @login}, no issue links or closing keywords, no raw HTML, no forged hidden
 * markers. Pure: names come from the caller.
 *
 * <p>How: code and control sequences are lifted out first and replaced by private-use placeholders
 * (so later escaping cannot touch what they became), then each line is converted (quote, list item,
 * inline formatting, escaping), then the placeholders are put back.
 */
final class Mrkdwn {
  /** Names for mentions; both may answer null when unknown. */
  interface Names {
    String user(String userId);

    String channel(String channelId);
  }

  private static final char OPEN = '\uE000';
  private static final char CLOSE = '\uE001';
  private static final String ZWJ = "\u200D";
  private static final Pattern PLACEHOLDER = Pattern.compile(OPEN + "(\\d+)" + CLOSE);

  private static final Pattern CODE_BLOCK = Pattern.compile("```\\n?(.*?)\\n?```", Pattern.DOTALL);
  private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern CONTROL = Pattern.compile("<([^<>\\n]+)>");

  private static final Pattern QUOTE = Pattern.compile("^(?:&gt;|>)[ \\t]?");
  private static final Pattern BULLET = Pattern.compile("^([ \\t]*)([•◦▪▫‣\\-*+])[ \\t]+");
  private static final Pattern ORDERED = Pattern.compile("^([ \\t]*)(\\d{1,9})([.)])[ \\t]+");

  /** A line GitHub would turn into a heading, a rule or a setext underline. */
  private static final Pattern BLOCK_START = Pattern.compile("^(#|=+\\s*$|-{3,}\\s*$|_{3,}\\s*$)");

  /** Slack's emphasis: the marker hugs the text and is not inside a word. */
  private static final Pattern BOLD = emphasis('*');

  private static final Pattern ITALIC = emphasis('_');
  private static final Pattern STRIKE = emphasis('~');

  private static Pattern emphasis(char c) {
    String m = Pattern.quote(String.valueOf(c));
    String not = "[^\\s" + c + "]";
    String any = "[^\\n" + c + "]";
    String edge = "[\\p{L}\\p{N}" + c + "]";
    return Pattern.compile(
        "(?<!" + edge + ")" + m + "(?=" + not + ")(" + any + "*?" + not + ")" + m + "(?!" + edge
            + ")");
  }

  private static final Logger log = LoggerFactory.getLogger(Mrkdwn.class);

  private Mrkdwn() {}

  /**
   * Never fails: a message it cannot convert (a bug, a name lookup that throws) comes out as plain
   * escaped text, so one message can never hold up the mirror.
   */
  static String toMarkdown(String mrkdwn, Names names) {
    if (mrkdwn == null || mrkdwn.isEmpty()) return "";
    try {
      return convert(mrkdwn, names);
    } catch (RuntimeException | StackOverflowError e) {
      log.warn("a Slack message could not be converted, mirrored as plain text: {}", e.toString());
      return escape(unescapeSlack(mrkdwn)).strip();
    }
  }

  private static String convert(String mrkdwn, Names names) {
    // Placeholders are ours alone: nobody can type one to smuggle text past the escaping.
    String s = mrkdwn.replace(OPEN, '\uFFFD').replace(CLOSE, '\uFFFD').replace("\r\n", "\n");
    List<String> held = new ArrayList<>();
    s = replace(CODE_BLOCK, s, m -> hold(held, codeBlock(plainCode(m.group(1), names))));
    s = replace(CODE_SPAN, s, m -> hold(held, codeSpan(plainCode(m.group(1), names))));
    s = replace(CONTROL, s, m -> hold(held, control(m.group(1), names)));
    StringBuilder out = new StringBuilder();
    for (String line : s.split("\n", -1)) {
      if (out.length() > 0) out.append('\n');
      out.append(line(line));
    }
    return restore(out.toString(), held).strip();
  }

  // ---- lines ----------------------------------------------------------------------------------

  private static String line(String raw) {
    StringBuilder prefix = new StringBuilder();
    String rest = raw;
    Matcher q = QUOTE.matcher(rest);
    if (q.find()) {
      prefix.append("> ");
      rest = rest.substring(q.end());
    }
    Matcher b = BULLET.matcher(rest);
    Matcher o = ORDERED.matcher(rest);
    if (b.find()) {
      int depth = Math.max(indentDepth(b.group(1)), "◦▫".contains(b.group(2)) ? 1 : 0);
      prefix.append("  ".repeat(depth)).append("- ");
      rest = rest.substring(b.end());
    } else if (o.find()) {
      prefix
          .append("  ".repeat(indentDepth(o.group(1))))
          .append(o.group(2))
          .append(o.group(3))
          .append(' ');
      rest = rest.substring(o.end());
    } else {
      // Four leading spaces would make a code block on GitHub: keep the indent, not the meaning.
      int i = 0;
      while (i < rest.length() && (rest.charAt(i) == ' ' || rest.charAt(i) == '\t')) i++;
      prefix.append("\u00A0".repeat(i));
      rest = rest.substring(i);
    }
    String body = inline(unescapeSlack(rest));
    if (BLOCK_START.matcher(body).find()) body = "\\" + body;
    return prefix + body;
  }

  private static int indentDepth(String indent) {
    int width = 0;
    for (char c : indent.toCharArray()) width += c == '\t' ? 4 : 1;
    return width / 2;
  }

  /**
   * Emphasis (bold may hold italics), with everything else escaped. The spans of a line are taken
   * in a loop, so a line of thousands costs no stack; only a span's inside recurses, at most three
   * deep, since no span can hold its own marker. Each pattern's next match is remembered until the
   * loop passes it, so the line is scanned about once per pattern.
   */
  private static String inline(String text) {
    Pattern[] patterns = {BOLD, ITALIC, STRIKE};
    String[] markers = {"**", "_", "~~"};
    Matcher[] matchers = new Matcher[patterns.length];
    int[] next = new int[patterns.length]; // start of the remembered match; -1: none is left
    for (int k = 0; k < patterns.length; k++) {
      matchers[k] = patterns[k].matcher(text);
      next[k] = matchers[k].find() ? matchers[k].start() : -1;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    int pos = 0;
    while (true) {
      int best = -1;
      for (int k = 0; k < patterns.length; k++) {
        if (next[k] >= 0 && next[k] < pos)
          next[k] = matchers[k].find(pos) ? matchers[k].start() : -1;
        if (next[k] >= 0 && (best < 0 || next[k] < next[best])) best = k;
      }
      if (best < 0) break;
      Matcher m = matchers[best];
      out.append(escape(text.substring(pos, m.start())))
          .append(markers[best])
          .append(inline(m.group(1)))
          .append(markers[best]);
      pos = m.end();
    }
    return out.append(escape(text.substring(pos))).toString();
  }

  /** Plain text made inert on GitHub and free of Markdown meaning. */
  static String escape(String text) {
    String s = GitHubText.inert(text);
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (char c : s.toCharArray()) {
      if ("\\`*_~[]".indexOf(c) >= 0) out.append('\\');
      out.append(c);
    }
    return out.toString();
  }

  // ---- code -----------------------------------------------------------------------------------

  /** Code shows literally on GitHub; only a forged hidden marker must be broken. */
  private static String plainCode(String code, Names names) {
    String s = replace(CONTROL, code, m -> controlAsPlainText(m.group(1), names));
    return unescapeSlack(s).replace("<!--", "<!" + ZWJ + "--");
  }

  private static String codeBlock(String code) {
    String fence = "`".repeat(Math.max(3, longestRun(code, '`') + 1));
    return "\n" + fence + "\n" + code + "\n" + fence + "\n";
  }

  private static String codeSpan(String code) {
    String fence = "`".repeat(longestRun(code, '`') + 1);
    boolean pad = code.startsWith("`") || code.endsWith("`");
    return fence + (pad ? " " : "") + code + (pad ? " " : "") + fence;
  }

  private static int longestRun(String s, char c) {
    int best = 0;
    int run = 0;
    for (char x : s.toCharArray()) {
      run = x == c ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return best;
  }

  // ---- control sequences ----------------------------------------------------------------------

  private static String control(String inside, Names names) {
    int bar = inside.indexOf('|');
    String target = bar >= 0 ? inside.substring(0, bar) : inside;
    String label = bar >= 0 ? unescapeSlack(inside.substring(bar + 1)) : null;
    if (target.startsWith("@")) return escape("@" + userName(target.substring(1), label, names));
    if (target.startsWith("#")) return escape("#" + channelName(target.substring(1), label, names));
    if (target.startsWith("!")) return escape(special(target.substring(1), label));
    String url = unescapeSlack(target);
    if (!safeUrl(url)) return escape(label != null && !label.isBlank() ? label : url);
    String text = label != null && !label.isBlank() ? label : url.replaceFirst("^mailto:", "");
    return link(text, url);
  }

  private static String controlAsPlainText(String inside, Names names) {
    int bar = inside.indexOf('|');
    String target = bar >= 0 ? inside.substring(0, bar) : inside;
    String label = bar >= 0 ? inside.substring(bar + 1) : null;
    if (target.startsWith("@")) return "@" + userName(target.substring(1), label, names);
    if (target.startsWith("#")) return "#" + channelName(target.substring(1), label, names);
    if (target.startsWith("!")) return special(target.substring(1), label);
    return label != null && !label.isBlank() && !label.equals(target)
        ? label + " (" + target + ")"
        : target;
  }

  private static String userName(String id, String label, Names names) {
    String name = names.user(id);
    if (name == null || name.isBlank()) name = label != null && !label.isBlank() ? label : id;
    return name.startsWith("@") ? name.substring(1) : name;
  }

  private static String channelName(String id, String label, Names names) {
    if (label != null && !label.isBlank()) return label;
    String name = names.channel(id);
    return name == null || name.isBlank() ? id : name;
  }

  /**
   * {@code <!here>}, {@code <!channel>}, {@code <!subteam^S1|@sre>}, {@code <!date^…|fallback>}.
   */
  private static String special(String what, String label) {
    if (label != null && !label.isBlank()) return label;
    String word = what.replaceFirst("\\^.*", "");
    return "@" + word;
  }

  /** A Markdown link whose label is inert and whose destination cannot break out of the link. */
  static String link(String label, String url) {
    if (!safeUrl(url)) return escape(label);
    StringBuilder dest = new StringBuilder();
    for (char c : url.toCharArray()) {
      switch (c) {
        case ' ' -> dest.append("%20");
        case '(' -> dest.append("%28");
        case ')' -> dest.append("%29");
        case '<' -> dest.append("%3C");
        case '>' -> dest.append("%3E");
        case '"' -> dest.append("%22");
        case '\\' -> dest.append("%5C");
        default -> {
          if (c < 0x20) continue;
          dest.append(c);
        }
      }
    }
    return "[" + escape(label) + "](" + dest + ")";
  }

  static boolean safeUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return (lower.startsWith("https://")
            || lower.startsWith("http://")
            || lower.startsWith("mailto:"))
        && url.length() > 8;
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static String unescapeSlack(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  private static String hold(List<String> held, String markdown) {
    held.add(markdown);
    return OPEN + Integer.toString(held.size() - 1) + CLOSE;
  }

  private static String restore(String s, List<String> held) {
    return replace(PLACEHOLDER, s, m -> held.get(Integer.parseInt(m.group(1))));
  }

  private static String replace(Pattern p, String s, Function<Matcher, String> f) {
    Matcher m = p.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(f.apply(m)));
    m.appendTail(out);
    return out.toString();
  }
}
