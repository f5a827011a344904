package dev.firstresponder.mail;

import dev.firstresponder.outbox.EffectFailure;
import dev.firstresponder.outbox.OutboxEntry;
import dev.firstresponder.outbox.OutboxWorker;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * The outbox effect {@value #SEND}: one plain-text mail. Its Message-ID is derived from the
 * effect's idempotency key, so every attempt sends the same message and list servers and mail
 * clients that see it twice (after a lost answer) can tell it is one message. A reply names the key
 * of the mail it answers ({@code inReplyToKey}) and gets In-Reply-To and References.
 *
 * <p>A server that is down, times out or answers 4xx is retried by the outbox; 5xx answers (refused
 * login, refused address) and mail still unsent after {@link #GIVE_UP_AFTER} fail for good, and the
 * effect's notify channel is told.
 */
public final class MailEffects {
  public static final String SEND = "mail.send";
  static final Duration GIVE_UP_AFTER = Duration.ofHours(12);

  /**
   * Payload of {@value #SEND}. {@code inReplyToKey}: the idempotency key of the mail answered, or
   * null.
   */
  public record Send(String to, String subject, String body, String inReplyToKey) {}

  private final Mailer mailer;
  private final Clock clock;

  public MailEffects(Mailer mailer, Clock clock) {
    this.mailer = mailer;
    this.clock = clock;
  }

  public void registerWith(OutboxWorker worker) {
    worker.register(SEND, this::send);
  }

  /** The stable Message-ID of the mail sent by the effect with this idempotency key. */
  public static String messageId(String idempotencyKey, String domain) {
    StringBuilder local = new StringBuilder();
    for (char c : idempotencyKey.toLowerCase(Locale.ROOT).toCharArray()) {
      local.append(Character.isLetterOrDigit(c) && c < 128 || c == '-' ? c : '.');
    }
    return "<" + local + ".firstresponder@" + domain + ">";
  }

  private String send(OutboxEntry e) throws Exception {
    Send s = e.payload(Send.class);
    String id = messageId(e.idempotencyKey(), mailer.domain());
    String replyTo = s.inReplyToKey() == null ? null : messageId(s.inReplyToKey(), mailer.domain());
    try {
      mailer.send(new Mailer.Mail(s.to(), s.subject(), s.body(), id, replyTo));
      return id;
    } catch (MessagingException ex) {
      String why = describe(ex);
      if (permanent(ex))
        throw new EffectFailure.Permanent("the mail server refused the message: " + why, ex);
      if (Duration.between(e.createdAt(), clock.instant()).compareTo(GIVE_UP_AFTER) > 0) {
        throw new EffectFailure.Permanent(
            "the mail server could not be reached for "
                + GIVE_UP_AFTER.toHours()
                + " hours: "
                + why,
            ex);
      }
      throw new MessagingException(why, ex);
    }
  }

  /** 5xx answers and malformed addresses: retrying the same message cannot help. */
  static boolean permanent(MessagingException ex) {
    if (ex instanceof AddressException) return true;
    if (ex instanceof AuthenticationFailedException) return true;
    for (Exception cur = ex;
        cur != null;
        cur = cur instanceof MessagingException m ? m.getNextException() : null) {
      int code = returnCode(cur);
      if (code >= 500) return true;
      if (code >= 400) return false;
    }
    return ex instanceof SendFailedException sf
        && sf.getValidUnsentAddresses() == null
        && sf.getInvalidAddresses() != null
        && sf.getInvalidAddresses().length > 0;
  }

  private static int returnCode(Exception e) {
    if (e instanceof SMTPAddressFailedException a) return a.getReturnCode();
    if (e instanceof SMTPSenderFailedException a) return a.getReturnCode();
    if (e instanceof SMTPSendFailedException a) return a.getReturnCode();
    return 0;
  }

  private static String describe(MessagingException ex) {
    Throwable root = ex;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage().strip();
    if (root != ex && root.getMessage() != null) msg = msg + " (" + root.getMessage().strip() + ")";
    return msg;
  }
}
