package dev.firstresponder.incident;

import java.util.ArrayList;
import java.util.List;

/** The criteria for declaring an incident (seed 000 §3); at least one must hold. */
enum Criterion {
  VISIBLE(
      "visible",
      "Visible to users, and we have spent more than five minutes working to resolve it"),
  SECOND_TEAM("second_team", "We will need to involve a second team to resolve it"),
  ASKED("asked", "A customer or someone in management asked us to declare an incident");

  final String code;
  final String label;

  Criterion(String code, String label) {
    this.code = code;
    this.label = label;
  }

  static List<Criterion> parse(String codes) {
    List<Criterion> out = new ArrayList<>();
    if (codes == null) return out;
    for (String c : codes.split(",")) {
      for (Criterion k : values()) if (k.code.equals(c.strip())) out.add(k);
    }
    return out;
  }

  static String codes(List<Criterion> criteria) {
    return String.join(",", criteria.stream().map(c -> c.code).toList());
  }
}
