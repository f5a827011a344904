package dev.firstresponder.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SMTP adapter against a real SMTP server (GreenMail) that wants a login. */
class MailerTest {
  GreenMail server;
  int port;

  @BeforeEach
  void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server =
        new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("bot", "s3cret"));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  Mailer mailer(String password) {
    return new Mailer(
        new SmtpSettings(
            "127.0.0.1",
            port,
            Optional.of("bot"),
            Optional.of(password),
            "Ops Bot <bot@ops.example.org>",
            false),
        Clock.systemUTC());
  }

  @Test
  void aLoggedInMailCarriesItsStableIdAndReplyHeaders() throws Exception {
    Mailer mailer = mailer("s3cret");
    String id = MailEffects.messageId("upgrade:7:mail:done", mailer.domain());
    String parent = MailEffects.messageId("upgrade:7:mail:notice", mailer.domain());

    mailer.send(
        new Mailer.Mail(
            "users@lists.example.org",
            "Re: [x] Service upgrade, 2026-12-01",
            "Done & dusted.\n",
            id,
            parent));

    MimeMessage m = server.getReceivedMessages()[0];
    assertThat(id).isEqualTo("<upgrade.7.mail.done.firstresponder@ops.example.org>");
    assertThat(m.getMessageID()).isEqualTo(id);
    assertThat(m.getHeader("In-Reply-To")[0]).isEqualTo(parent);
    assertThat(m.getHeader("References")[0]).isEqualTo(parent);
    assertThat(m.getSubject()).isEqualTo("Re: [x] Service upgrade, 2026-12-01");
    assertThat(((String) m.getContent()).strip()).isEqualTo("Done & dusted.");
  }

  @Test
  void aRefusedLoginIsPermanentButAnUnreachableServerIsNot() {
    assertThatThrownBy(
            () ->
                mailer("wrong")
                    .send(new Mailer.Mail("users@lists.example.org", "s", "b", "<a@b>", null)))
        .isInstanceOfSatisfying(
            MessagingException.class, e -> assertThat(MailEffects.permanent(e)).isTrue());
    server.stop();
    assertThatThrownBy(
            () ->
                mailer("s3cret")
                    .send(new Mailer.Mail("users@lists.example.org", "s", "b", "<a@b>", null)))
        .isInstanceOfSatisfying(
            MessagingException.class, e -> assertThat(MailEffects.permanent(e)).isFalse());
  }
}
