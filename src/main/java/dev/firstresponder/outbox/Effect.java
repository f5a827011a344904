package dev.firstresponder.outbox;

import java.util.Optional;

/**
 * A side effect on another system, to be applied once, after the transaction that decided it.
 *
 * @param stream effects of one stream are applied in the order they were enqueued
 * @param kind the handler that applies it (e.g. {@code slack.post})
 * @param idempotencyKey unique forever: enqueuing the same key twice keeps the first
 * @param payload JSON, written with {@link Json}
 * @param notifyChannel a Slack channel or user told if the effect fails for good
 */
public record Effect(
    String stream,
    String kind,
    String idempotencyKey,
    String payload,
    Optional<String> notifyChannel) {

  public static Effect of(String stream, String kind, String idempotencyKey, Object payload) {
    return new Effect(stream, kind, idempotencyKey, Json.write(payload), Optional.empty());
  }

  public Effect notifying(String channel) {
    return new Effect(stream, kind, idempotencyKey, payload, Optional.ofNullable(channel));
  }
}
