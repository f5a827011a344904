package dev.firstresponder.alert;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Alertmanager's webhook JSON strictly: a body that is not version 4 of the payload is
 * refused with a reason naming the field, and nothing of it is used.
 */
final class NotificationParser {
  /** The payload is not what Alertmanager sends; the message says what is wrong. */
  static final class Malformed extends Exception {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /** Alertmanager sends the zero time as the end of an alert that has not ended. */
  private static final Instant NO_END = Instant.parse("0002-01-01T00:00:00Z");

  private NotificationParser() {}

  static Notification parse(byte[] body) throws Malformed {
    JsonElement root;
    try {
      JsonReader reader =
          new JsonReader(new StringReader(new String(body, StandardCharsets.UTF_8)));
      reader.setStrictness(Strictness.STRICT);
      root = JsonParser.parseReader(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) throw new Malformed("not JSON: text after it");
    } catch (JsonParseException | IOException | IllegalStateException e) {
      String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      throw new Malformed("not JSON: " + brief(why));
    }
    if (!root.isJsonObject())
      throw new Malformed("not an Alertmanager payload: expected an object");
    JsonObject o = root.getAsJsonObject();
    String version = string(o, "version", true);
    if (!"4".equals(version)) {
      throw new Malformed(
          "version: expected \"4\" (Alertmanager's webhook payload), got " + version);
    }
    String status = status(o, "status");
    String groupKey = string(o, "groupKey", true);
    if (groupKey.isBlank()) throw new Malformed("groupKey: must not be empty");
    JsonElement list = o.get("alerts");
    if (list == null || !list.isJsonArray()) throw new Malformed("alerts: expected an array");
    JsonArray array = list.getAsJsonArray();
    if (array.isEmpty()) throw new Malformed("alerts: expected at least one alert");
    List<Notification.Alert> alerts = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) alerts.add(alert(array.get(i), "alerts[" + i + "]"));
    return new Notification(
        Optional.ofNullable(string(o, "receiver", false)).orElse(""),
        status,
        groupKey,
        labels(o, "groupLabels", ""),
        labels(o, "commonLabels", ""),
        labels(o, "commonAnnotations", ""),
        string(o, "externalURL", false),
        alerts);
  }

  private static Notification.Alert alert(JsonElement e, String where) throws Malformed {
    if (!e.isJsonObject()) throw new Malformed(where + ": expected an object");
    JsonObject a = e.getAsJsonObject();
    String fingerprint = string(a, "fingerprint", true, where);
    if (fingerprint.isBlank()) throw new Malformed(where + ".fingerprint: must not be empty");
    Instant starts = time(a, "startsAt", where);
    Instant ends =
        a.has("endsAt") && !a.get("endsAt").isJsonNull() ? time(a, "endsAt", where) : null;
    return new Notification.Alert(
        fingerprint,
        status(a, "status", where),
        labels(a, "labels", where + "."),
        labels(a, "annotations", where + "."),
        starts,
        Optional.ofNullable(ends).filter(t -> t.isAfter(NO_END)),
        string(a, "generatorURL", false, where));
  }

  private static String status(JsonObject o, String field, String... where) throws Malformed {
    String s = string(o, field, true, where);
    if (!Notification.FIRING.equals(s) && !Notification.RESOLVED.equals(s)) {
      throw new Malformed(prefix(where) + field + ": expected \"firing\" or \"resolved\"");
    }
    return s;
  }

  private static String string(JsonObject o, String field, boolean required, String... where)
      throws Malformed {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      if (required) throw new Malformed(prefix(where) + field + ": missing");
      return null;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new Malformed(prefix(where) + field + ": expected a string");
    }
    return e.getAsString();
  }

  private static Map<String, String> labels(JsonObject o, String field, String where)
      throws Malformed {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) return Map.of();
    if (!e.isJsonObject()) throw new Malformed(where + field + ": expected an object of strings");
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> kv : e.getAsJsonObject().entrySet()) {
      JsonElement v = kv.getValue();
      if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
        throw new Malformed(where + field + "." + kv.getKey() + ": expected a string");
      }
      out.put(kv.getKey(), v.getAsString());
    }
    return out;
  }

  private static Instant time(JsonObject o, String field, String where) throws Malformed {
    String s = string(o, field, true, where);
    try {
      // Stored as epoch milliseconds: compare repeats at that precision too.
      return OffsetDateTime.parse(s).toInstant().truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException e) {
      throw new Malformed(where + "." + field + ": not an RFC 3339 time: " + brief(s));
    }
  }

  private static String prefix(String... where) {
    return where.length == 0 ? "" : where[0] + ".";
  }

  private static String brief(String s) {
    if (s == null) return "";
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
