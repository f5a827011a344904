package dev.firstresponder.oncall;

import java.time.Instant;

/**
 * One entry of the on-call log: a handover from one engineer to the next.
 *
 * @param shiftStart the scheduled start of the shift it opens; null for a second handover within a
 *     shift whose next shift already has one
 */
record Handover(
    long id,
    Instant shiftStart,
    String shiftDate,
    String from,
    String to,
    Kind kind,
    String notes,
    String openItems,
    String links,
    String madeBy,
    Instant madeAt) {

  enum Kind {
    SCHEDULED("scheduled"),
    MANUAL("manual"),
    REMOVAL("removal"),
    CATCH_UP("catch-up");

    final String code;

    Kind(String code) {
      this.code = code;
    }

    static Kind of(String code) {
      for (Kind k : values()) if (k.code.equals(code)) return k;
      throw new IllegalArgumentException(code);
    }
  }

  /** What the person handing over wrote in the modal (all optional but {@code notes} there). */
  record Notes(String notes, String openItems, String links) {
    static final Notes NONE = new Notes(null, null, null);
  }
}
