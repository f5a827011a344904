package dev.firstresponder.web;

import dev.firstresponder.LogText;
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
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /github/webhook}: verifies {@code X-Hub-Signature-256}, drops redeliveries by {@code
 * X-GitHub-Delivery}, and hands the event to the listener (the conversation mirror). The listener
 * records the delivery in the same transaction as what the event causes, so a crash in between
 * keeps neither and GitHub's redelivery is handled.
 */
public final class GitHubWebhookServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(GitHubWebhookServlet.class);
  private static final String SOURCE = "github.delivery";

  /** Receives a verified event not handled before. Runs inside the request: keep it short. */
  @FunctionalInterface
  public interface Listener {
    void onEvent(String event, Delivery delivery, String body) throws Exception;
  }

  /**
   * One webhook delivery, for the listener to record in the transaction that acts on it. One the
   * listener ignores is recorded after it returns (it caused nothing that could be lost).
   */
  public static final class Delivery {
    private final String id;
    private final Deliveries deliveries;
    private volatile boolean recorded;

    Delivery(String id, Deliveries deliveries) {
      this.id = id;
      this.deliveries = deliveries;
    }

    /**
     * Records the delivery in the caller's transaction; false when it was already handled (two
     * deliveries of it raced). A delivery without an id always counts as new.
     */
    public boolean firstTime(Handle handle) {
      recorded = true;
      return id == null || deliveries.firstTime(handle, SOURCE, id);
    }

    void recordIfIgnored() {
      if (!recorded && id != null) deliveries.firstTime(SOURCE, id);
    }
  }

  private final transient Optional<String> secret;
  private final transient Deliveries deliveries;
  private final transient Metrics metrics;
  private transient volatile Listener listener = (event, delivery, body) -> {};

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
    // The size limit in front of every endpoint has refused anything larger already.
    byte[] body = req.getInputStream().readNBytes(RequestSizeLimit.MAX_BODY + 1);
    if (body.length > RequestSizeLimit.MAX_BODY) {
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
    if (delivery != null && deliveries.known(SOURCE, delivery)) {
      metrics.githubWebhook("redelivery");
      reply(resp, 200, "already handled");
      return;
    }
    try {
      Delivery d = new Delivery(delivery, deliveries);
      listener.onEvent(event, d, new String(body, StandardCharsets.UTF_8));
      d.recordIfIgnored();
      metrics.githubWebhook("accepted");
      reply(resp, 202, "accepted");
    } catch (Exception e) {
      // Nothing was recorded: GitHub's redelivery of it is handled.
      log.warn(
          "GitHub webhook {} ({}) could not be handled: {}",
          LogText.safe(delivery),
          LogText.safe(event),
          LogText.safe(e.toString()));
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
