package dev.firstresponder.store;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Values decided once per installation and kept in the database, so every process (and every
 * restart) of this installation agrees on them.
 */
public final class Installation {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Jdbi jdbi;
  private volatile String markerNonce;

  public Installation(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * A random word in the hidden markers of what the bot writes on GitHub, so nobody can plant a
   * marker for an effect before the bot writes it.
   */
  public String markerNonce() {
    String nonce = markerNonce;
    if (nonce == null) {
      nonce = value("github.marker_nonce", () -> HexFormat.of().formatHex(randomBytes(8)));
      markerNonce = nonce;
    }
    return nonce;
  }

  /** The stored value, or the initial one stored now; the first of racing writers wins. */
  String value(String name, Supplier<String> initial) {
    return jdbi.inTransaction(
        h -> {
          h.createUpdate(
                  """
                  INSERT INTO installation (name, value) VALUES (:name, :value)
                  ON CONFLICT (name) DO NOTHING
                  """)
              .bind("name", name)
              .bind("value", initial.get())
              .execute();
          return h.createQuery("SELECT value FROM installation WHERE name = :name")
              .bind("name", name)
              .mapTo(String.class)
              .one();
        });
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
