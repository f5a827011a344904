package dev.firstresponder.incident;

/**
 * What the declaration form starts with when an incident is declared from something the bot already
 * knows (an alert): the form is the usual one, the person still checks and submits it.
 *
 * @param source names what it is declared from, as {@code kind:id} (e.g. {@code alert:12}); carried
 *     through the form, so the {@link DeclarationSource} of that kind hears of the declaration
 */
public record DeclarationPrefill(
    String cluster, String service, String shortMessage, String relatedLinks, String source) {}
