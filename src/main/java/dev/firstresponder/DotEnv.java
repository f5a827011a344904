package dev.firstresponder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code .env} file of the working directory: {@code KEY=value} lines; {@code #} comments,
 * {@code export } prefixes and quotes allowed. The real environment wins over it.
 */
final class DotEnv {
  private DotEnv() {}

  static Map<String, String> parse(List<String> lines) {
    Map<String, String> values = new HashMap<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      if (line.startsWith("export ")) line = line.substring(7).strip();
      int eq = line.indexOf('=');
      if (eq <= 0) continue;
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (value.length() >= 2
          && (value.startsWith("\"") && value.endsWith("\"")
              || value.startsWith("'") && value.endsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      } else {
        int comment = value.indexOf(" #");
        if (comment >= 0) value = value.substring(0, comment).strip();
      }
      values.put(key, value);
    }
    return values;
  }
}
