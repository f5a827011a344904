package dev.firstresponder.incident;

import java.util.List;

/** What the declaration modal asked for, already trimmed. */
record Declaration(
    String cluster,
    String service,
    String shortMessage,
    String impactedUsers,
    String relatedLinks,
    List<Criterion> criteria,
    List<String> ots,
    String ccUser,
    String severity) {}
