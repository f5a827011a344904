package dev.firstresponder.incident;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Something an incident can be declared from (an alert). It hears of the declaration inside the
 * transaction that stores the incident, so both are linked or neither.
 */
@FunctionalInterface
public interface DeclarationSource {
  /** The incident as its source sees it when declared. */
  record Declared(long incidentId, String declaredBy, String slackStream) {}

  /**
   * Links the source ({@code id} is what followed {@code kind:} in {@link
   * DeclarationPrefill#source}) to the new incident. {@code declared.slackStream()} is the outbox
   * stream of the incident's Slack effects: an effect queued there runs after its channel is made.
   *
   * @return how the incident names its source (plain text), or empty when the source is unknown
   */
  Optional<String> declared(Handle h, String id, Declared declared);
}
