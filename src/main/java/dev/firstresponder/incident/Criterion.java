package dev.firstresponder.incident;

import java.util.ArrayList;
import java.util.List;

/**
 * The criteria for declaring an incident; at least one must hold. The checkbox shows the short
 * label (Slack allows 75 characters for an option's text); the form shows each full question above
 * the checkboxes, because the CC is asked to judge exactly these.
 */
enum Criterion {
  VISIBLE(
      "visible",
      "Visible to users, worked on for more than 5 minutes",
      "Is the incident visible to users, and have we spent more than five minutes working to"
          + " resolve the issue?"),
  SECOND_TEAM(
      "second_team",
      "A second team is needed to resolve it",
      "Will we need to involve a second team in resolving the problem?"),
  ASKED(
      "asked",
      "A customer or a manager asked us to declare it",
      "Have we been asked by a customer or person in a management position to declare an"
          + " incident?");

  final String code;
  final String label;
  final String question;

  Criterion(String code, String label, String question) {
    this.code = code;
    this.label = label;
    this.question = question;
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
