package dev.firstresponder;

/**
 * Text from users or other systems made safe for one log line: line breaks and other control
 * characters are written as escapes, so nobody can forge a log line by typing a newline.
 */
public final class LogText {
  private LogText() {}

  public static String safe(Object value) {
    if (value == null) return "null";
    String s = value.toString();
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String escape =
          switch (c) {
            case '\r' -> "\\r";
            case '\n' -> "\\n";
            case '\t' -> null;
            default ->
                Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    ? "\\u%04x".formatted((int) c)
                    : null;
          };
      if (escape == null) {
        if (out != null) out.append(c);
        continue;
      }
      if (out == null) out = new StringBuilder(s.length() + 16).append(s, 0, i);
      out.append(escape);
    }
    return out == null ? s : out.toString();
  }
}
