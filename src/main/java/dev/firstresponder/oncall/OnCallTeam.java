package dev.firstresponder.oncall;

import java.util.List;
import java.util.Optional;

/**
 * The rota as other features read it (alerts page from it).
 *
 * @param onCall who is on call now
 * @param next who would take over at a handover now
 * @param members everyone on the list, in order
 */
public record OnCallTeam(Optional<String> onCall, Optional<String> next, List<String> members) {
  public OnCallTeam {
    members = List.copyOf(members);
  }

  public boolean empty() {
    return onCall.isEmpty() && members.isEmpty();
  }
}
