package dev.firstresponder.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;

/**
 * Plain-text mail over SMTP (Angus Mail), with STARTTLS and authentication as configured. The only
 * code that talks to the mail server; called by {@link MailEffects} from the outbox.
 */
public final class Mailer {
  private static final String TIMEOUT_MILLIS = "20000";

  /** One plain-text message; {@code inReplyTo} is a Message-ID or null. */
  public record Mail(String to, String subject, String body, String messageId, String inReplyTo) {}

  private final SmtpSettings smtp;
  private final Clock clock;
  private final Session session;

  public Mailer(SmtpSettings smtp, Clock clock) {
    this.smtp = smtp;
    this.clock = clock;
    Properties p = new Properties();
    p.put("mail.transport.protocol", "smtp");
    p.put("mail.smtp.host", smtp.host());
    p.put("mail.smtp.port", Integer.toString(smtp.port()));
    p.put("mail.smtp.auth", Boolean.toString(smtp.username().isPresent()));
    // STARTTLS on means required: never fall back to sending the password in the clear.
    p.put("mail.smtp.starttls.enable", Boolean.toString(smtp.startTls()));
    p.put("mail.smtp.starttls.required", Boolean.toString(smtp.startTls()));
    p.put("mail.smtp.connectiontimeout", TIMEOUT_MILLIS);
    p.put("mail.smtp.timeout", TIMEOUT_MILLIS);
    p.put("mail.smtp.writetimeout", TIMEOUT_MILLIS);
    p.put("mail.smtp.from", address(smtp.from())); // the envelope sender: the bare address
    this.session = Session.getInstance(p);
  }

  /** The domain of SMTP_FROM, the right-hand side of our Message-IDs. */
  public String domain() {
    String from = address(smtp.from());
    int at = from.lastIndexOf('@');
    String d = at >= 0 ? from.substring(at + 1).strip() : "";
    return d.isEmpty() ? "firstresponder.invalid" : d;
  }

  /** "Ops Bot <bot@example.org>" → "bot@example.org". */
  static String address(String from) {
    try {
      return new InternetAddress(from).getAddress();
    } catch (AddressException e) {
      return from.strip();
    }
  }

  public void send(Mail mail) throws MessagingException {
    MimeMessage m = new StableIdMessage(session, mail.messageId());
    m.setFrom(new InternetAddress(smtp.from()));
    m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(mail.to()));
    m.setSubject(mail.subject(), "UTF-8");
    m.setText(mail.body(), "UTF-8");
    m.setSentDate(Date.from(clock.instant()));
    if (mail.inReplyTo() != null) {
      m.setHeader("In-Reply-To", mail.inReplyTo());
      m.setHeader("References", mail.inReplyTo());
    }
    m.saveChanges();
    if (smtp.username().isPresent()) {
      Transport.send(m, smtp.username().get(), smtp.password().orElse(""));
    } else {
      Transport.send(m);
    }
  }

  /** Keeps our Message-ID: Jakarta Mail would otherwise make a random one on every save. */
  private static final class StableIdMessage extends MimeMessage {
    private final String messageId;

    StableIdMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
