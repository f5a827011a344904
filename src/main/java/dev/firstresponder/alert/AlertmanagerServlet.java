package dev.firstresponder.alert;

import com.google.gson.JsonObject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /alertmanager}: Alertmanager's webhook. Only requests carrying the bearer token are
 * read; the body is read up to 1 MB and parsed strictly; an accepted notification is stored (with
 * everything it causes) before the 200, so Alertmanager's retry of anything else loses nothing.
 */
final class AlertmanagerServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(AlertmanagerServlet.class);

  /** Bodies over this are refused unread. */
  static final int MAX_BODY = 1024 * 1024;

  private final transient Optional<byte[]> tokenDigest;
  private final transient AlertIntake intake;

  AlertmanagerServlet(Optional<String> token, AlertIntake intake) {
    this.tokenDigest = token.map(AlertmanagerServlet::digest);
    this.intake = intake;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (tokenDigest.isEmpty()) {
      reply(resp, 401, "ALERTMANAGER_TOKEN is not set: this endpoint refuses everything");
      return;
    }
    if (!authorized(req.getHeader("Authorization"))) {
      resp.setHeader("WWW-Authenticate", "Bearer");
      reply(resp, 401, "missing or wrong bearer token");
      return;
    }
    // The server refuses larger bodies in front of every endpoint; this holds without it too.
    if (req.getContentLengthLong() > MAX_BODY) {
      reply(resp, 413, "body over 1 MB");
      return;
    }
    byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      reply(resp, 413, "body over 1 MB");
      return;
    }
    Notification notification;
    try {
      notification = NotificationParser.parse(body);
    } catch (NotificationParser.Malformed e) {
      log.info("refused an Alertmanager notification: {}", e.getMessage());
      reply(resp, 400, e.getMessage());
      return;
    }
    try {
      reply(resp, 200, intake.accept(notification));
    } catch (RuntimeException e) {
      // Not stored: a 5xx makes Alertmanager send it again.
      log.error("alert group {} could not be stored: {}", notification.groupKey(), e.toString(), e);
      reply(resp, 503, "could not store the notification; send it again");
    }
  }

  /** Compares digests, so neither the token's content nor its length shows in the timing. */
  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
    return MessageDigest.isEqual(tokenDigest.get(), digest(header.substring(7).strip()));
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void reply(HttpServletResponse resp, int status, String message)
      throws IOException {
    JsonObject o = new JsonObject();
    o.addProperty(status < 300 ? "status" : "error", message);
    resp.setStatus(status);
    resp.setContentType("application/json; charset=utf-8");
    resp.getOutputStream().write(o.toString().getBytes(StandardCharsets.UTF_8));
  }
}
