package dev.firstresponder.mail;

import dev.firstresponder.EnvReader;
import java.util.Optional;

/** The mail server for upgrade notices; mail is off without SMTP_HOST. */
public record SmtpSettings(
    String host,
    int port,
    Optional<String> username,
    Optional<String> password,
    String from,
    boolean startTls) {
  @Override
  public String toString() {
    return "Smtp["
        + host
        + ":"
        + port
        + ", user="
        + username.orElse("-")
        + ", from="
        + from
        + ", starttls="
        + startTls
        + ", password="
        + (password.isPresent() ? "***" : "-")
        + "]";
  }

  /** SMTP_HOST, SMTP_PORT, SMTP_FROM, SMTP_USERNAME, SMTP_PASSWORD, SMTP_STARTTLS. */
  public static Optional<SmtpSettings> read(EnvReader r) {
    Optional<String> smtpHost = r.optional("SMTP_HOST");
    if (smtpHost.isEmpty()) return Optional.empty();
    int smtpPort = r.integer("SMTP_PORT", 587, 1, 65535);
    Optional<String> from = r.optional("SMTP_FROM");
    if (from.isEmpty())
      r.problem(
          "SMTP_FROM: required when SMTP_HOST is set (the sender address of upgrade notices)");
    else
      r.check(from.get().contains("@"), "SMTP_FROM: '" + from.get() + "' is not an e-mail address");
    Optional<String> user = r.optional("SMTP_USERNAME");
    Optional<String> password = r.optional("SMTP_PASSWORD");
    r.check(
        user.isPresent() || password.isEmpty(),
        "SMTP_USERNAME: required when SMTP_PASSWORD is set");
    boolean startTls = r.bool("SMTP_STARTTLS", true);
    return Optional.of(
        new SmtpSettings(smtpHost.get(), smtpPort, user, password, from.orElse(""), startTls));
  }
}
