package dev.firstresponder.mirror;

import dev.firstresponder.people.People;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The body of one mirrored GitHub comment: a burst of Slack messages, each naming its author and
 * linking back to Slack. Pure: every Slack fact (names, permalinks, converted text) is resolved by
 * the caller.
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

  static String render(List<Entry> entries) {
    StringBuilder out = new StringBuilder();
    for (Entry e : entries) {
      if (out.length() > 0) out.append("\n\n");
      String piece = entry(e);
      if (out.length() + piece.length() > MAX_BODY) {
        out.append("_(more messages than fit in one comment; see Slack)_");
        break;
      }
      out.append(piece);
    }
    return out.toString();
  }

  private static String entry(Entry e) {
    StringBuilder s = new StringBuilder();
    s.append("**").append(Mrkdwn.escape(e.author().replaceAll("\\s+", " ").strip())).append("**");
    if (e.githubLogin() != null && People.validLogin(e.githubLogin()))
      s.append(" (@").append(e.githubLogin()).append(')');
    s.append(" · ").append(Mrkdwn.link(TIME.format(e.sentAt()), e.permalink()));
    if (e.threadReply()) s.append(" · in a thread");
    if (e.edited() && !e.deleted()) s.append(" · _edited_");
    s.append('\n');
    if (e.deleted()) {
      s.append("_(message deleted in Slack)_");
      return s.toString();
    }
    String text = e.markdown();
    if (text.length() > MAX_BODY / 2)
      text = text.substring(0, MAX_BODY / 2) + "\n\n_(cut; the whole message is in Slack)_";
    StringBuilder body = new StringBuilder(text);
    for (FileLink f : e.files()) {
      if (body.length() > 0) body.append('\n');
      body.append("📎 ").append(Mrkdwn.link(f.name(), f.url()));
    }
    s.append(body.length() == 0 ? "_(no text)_" : body);
    return s.toString();
  }
}
