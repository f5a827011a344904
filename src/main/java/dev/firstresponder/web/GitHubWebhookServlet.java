package dev.firstresponder.web;

import dev.firstresponder.store.Deliveries;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /github/webhook}: verifies {@code X-Hub-Signature-256}, drops redeliveries by {@code
 * X-GitHub-Delivery}, and hands the event to the listener (the conversation mirror).
 */
public final class GitHubWebhookServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(GitHubWebhookServlet.class);
  private static final int MAX_BODY = 5 * 1024 * 1024;

  /** Receives a verified, first-time event. Runs inside the request: keep it short. */
  @FunctionalInterface
  public interface Listener {
    void onEvent(String event, String deliveryId, String body) throws Exception;
  }

  private final transient Optional<String> secret;
  private final transient Deliveries deliveries;
  private final transient Metrics metrics;
  private transient volatile Listener listener = (event, id, body) -> {};

  public GitHubWebhookServlet(Optional<String> secret, Deliveries deliveries, Metrics metrics) {
    this.secret = secret;
    this.deliveries = deliveries;
    this.metrics = metrics;
  }

  public void listener(Listener listener) {
    this.listener = listener;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (secret.isEmpty()) {
      // Without a secret anyone could post comments into incident channels: refuse everything.
      reply(resp, 401, "GITHUB_WEBHOOK_SECRET is not set; webhook disabled");
      metrics.githubWebhook("disabled");
      return;
    }
    byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      reply(resp, 413, "too large");
      return;
    }
    if (!validSignature(secret.get(), body, req.getHeader("X-Hub-Signature-256"))) {
      metrics.githubWebhook("bad_signature");
      reply(resp, 401, "bad signature");
      return;
    }
    String event = Optional.ofNullable(req.getHeader("X-GitHub-Event")).orElse("");
    String delivery = req.getHeader("X-GitHub-Delivery");
    if (delivery != null && !deliveries.firstTime("github.delivery", delivery)) {
      metrics.githubWebhook("redelivery");
      reply(resp, 200, "already handled");
      return;
    }
    try {
      listener.onEvent(event, delivery, new String(body, StandardCharsets.UTF_8));
      metrics.githubWebhook("accepted");
      reply(resp, 202, "accepted");
    } catch (Exception e) {
      log.warn("GitHub webhook {} ({}) could not be handled: {}", delivery, event, e.toString());
      if (delivery != null)
        deliveries.forget("github.delivery", delivery); // let GitHub's redelivery in
      metrics.githubWebhook("error");
      reply(resp, 500, "error");
    }
  }

  static boolean validSignature(String secret, byte[] body, String header) {
    if (header == null || !header.startsWith("sha256=")) return false;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] expected = mac.doFinal(body);
      byte[] given;
      try {
        given = HexFormat.of().parseHex(header.substring(7));
      } catch (IllegalArgumentException e) {
        return false;
      }
      return MessageDigest.isEqual(expected, given);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void reply(HttpServletResponse resp, int status, String text) throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/plain; charset=utf-8");
    resp.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
  }
}
