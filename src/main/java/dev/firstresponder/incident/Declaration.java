package dev.firstresponder.incident;

import java.util.List;

/**
 * What the declaration modal asked for, already trimmed. {@code nextUpdateMinutes} is the first
 * promise of when the next update comes (one of {@link IncidentRules#NEXT_UPDATE_MINUTES}; 0: none
 * until resolved).
 */
record Declaration(
    String cluster,
    String service,
    String shortMessage,
    String impactedUsers,
    String relatedLinks,
    List<Criterion> criteria,
    List<String> ots,
    String ccUser,
    String severity,
    Integer nextUpdateMinutes) {}
