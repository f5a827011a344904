package dev.firstresponder.mirror;

import dev.firstresponder.people.People;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The bodies of the GitHub comments a burst of Slack messages becomes, each message naming its
 * author and linking back to Slack. Pure: every Slack fact (names, permalinks, converted text) is
 * resolved by the caller.
 */
final class MirrorComment {
  /** GitHub refuses bodies over 65,536 characters; leave room for the hidden marker. */
  static final int MAX_BODY = 60_000;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** One uploaded file, linked. */
  record FileLink(String name, String url) {}

  /**
   * One Slack message as it will read on GitHub.
   *
   * @param githubLogin the author's login, only when mapped and the author opted in to mentions
   * @param markdown the text already converted by {@link Mrkdwn}
   */
  record Entry(
      String author,
      String githubLogin,
      String permalink,
      Instant sentAt,
      boolean threadReply,
      String markdown,
      List<FileLink> files,
      boolean edited,
      boolean deleted) {}

  private MirrorComment() {}

  /** Marks the pieces of a message too long for one comment, after the first. */
  static final String CONTINUED = " · _continued_";

  /**
   * The comments a burst becomes, in order: as many messages per comment as fit in {@link
   * #MAX_BODY}; a message longer than one comment goes on in the next ones under its own header.
   * Nothing is left out.
   */
  static List<String> render(List<Entry> entries) {
    List<String> comments = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    for (Entry e : entries) {
      String head = header(e);
      String body = body(e);
      String piece = head + "\n" + body;
      if (out.length() + 2 + piece.length() <= MAX_BODY) {
        if (out.length() > 0) out.append("\n\n");
        out.append(piece);
        continue;
      }
      flush(out, comments);
      if (piece.length() <= MAX_BODY) {
        out.append(piece);
        continue;
      }
      List<String> chunks = chunks(body, MAX_BODY - head.length() - CONTINUED.length() - 1);
      for (int k = 0; k < chunks.size(); k++) {
        flush(out, comments);
        out.append(k == 0 ? head : head + CONTINUED).append('\n').append(chunks.get(k));
      }
    }
    flush(out, comments);
    return comments;
  }

  private static void flush(StringBuilder out, List<String> comments) {
    if (out.length() == 0) return;
    comments.add(out.toString());
    out.setLength(0);
  }

  /** Text cut into pieces of at most {@code max}, at a line break where one is near. */
  static List<String> chunks(String text, int max) {
    List<String> out = new ArrayList<>();
    int from = 0;
    while (text.length() - from > max) {
      int end = from + max;
      int lineBreak = text.lastIndexOf('\n', end);
      if (lineBreak > from + max / 2) end = lineBreak;
      else if (Character.isLowSurrogate(text.charAt(end))) end--;
      out.add(text.substring(from, end));
      from = end;
      if (from < text.length() && text.charAt(from) == '\n') from++;
    }
    out.add(text.substring(from));
    return out;
  }

  /** Who wrote it, when (a link back to Slack), and how it was posted. */
  private static String header(Entry e) {
    StringBuilder s = new StringBuilder();
    s.append("**").append(Mrkdwn.escape(e.author().replaceAll("\\s+", " ").strip())).append("**");
    if (e.githubLogin() != null && People.validLogin(e.githubLogin()))
      s.append(" (@").append(e.githubLogin()).append(')');
    s.append(" · ").append(Mrkdwn.link(TIME.format(e.sentAt()), e.permalink()));
    if (e.threadReply()) s.append(" · in a thread");
    if (e.edited() && !e.deleted()) s.append(" · _edited_");
    return s.toString();
  }

  private static String body(Entry e) {
    if (e.deleted()) return "_(message deleted in Slack)_";
    StringBuilder body = new StringBuilder(e.markdown());
    for (FileLink f : e.files()) {
      if (body.length() > 0) body.append('\n');
      body.append("📎 ").append(Mrkdwn.link(f.name(), f.url()));
    }
    return body.length() == 0 ? "_(no text)_" : body.toString();
  }
}
