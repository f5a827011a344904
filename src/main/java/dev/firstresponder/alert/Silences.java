package dev.firstresponder.alert;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.firstresponder.outbox.EffectFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Alertmanager's API v2 for silences: the only code that talks to Alertmanager. */
final class Silences {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  Silences(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** Creates a silence of exactly these label values; returns its id. */
  String create(
      Map<String, String> matchers, Instant from, Instant until, String by, String comment)
      throws IOException, InterruptedException, EffectFailure.Permanent {
    JsonArray list = new JsonArray();
    matchers.forEach(
        (name, value) -> {
          JsonObject m = new JsonObject();
          m.addProperty("name", name);
          m.addProperty("value", value);
          m.addProperty("isRegex", false);
          m.addProperty("isEqual", true);
          list.add(m);
        });
    JsonObject body = new JsonObject();
    body.add("matchers", list);
    body.addProperty("startsAt", from.toString());
    body.addProperty("endsAt", until.toString());
    body.addProperty("createdBy", by);
    body.addProperty("comment", comment);
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/api/v2/silences"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
    JsonElement answer = JsonParser.parseString(r.body());
    if (!answer.isJsonObject() || !answer.getAsJsonObject().has("silenceID")) {
      throw new IOException("Alertmanager answered without a silence id: " + brief(r.body()));
    }
    return answer.getAsJsonObject().get("silenceID").getAsString();
  }

  /** The id of a live silence whose comment contains {@code marker}: one an earlier try made. */
  Optional<String> findByComment(String marker)
      throws IOException, InterruptedException, EffectFailure.Permanent {
    HttpResponse<String> r =
        send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v2/silences")).GET());
    JsonElement answer = JsonParser.parseString(r.body());
    if (!answer.isJsonArray()) return Optional.empty();
    for (JsonElement e : answer.getAsJsonArray()) {
      JsonObject s = e.getAsJsonObject();
      String comment = s.has("comment") ? s.get("comment").getAsString() : "";
      String state =
          s.has("status") ? s.getAsJsonObject("status").get("state").getAsString() : "active";
      if (comment.contains(marker) && !"expired".equals(state)) {
        return Optional.of(s.get("id").getAsString());
      }
    }
    return Optional.empty();
  }

  /**
   * 2xx, or what the outbox should do: Alertmanager's refusal is final, anything else is retried.
   */
  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException, EffectFailure.Permanent {
    HttpResponse<String> r =
        http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    int status = r.statusCode();
    if (status >= 200 && status < 300) return r;
    if (status >= 400 && status < 500 && status != 408 && status != 429) {
      throw new EffectFailure.Permanent(
          "Alertmanager refused the silence (HTTP " + status + "): " + brief(r.body()));
    }
    throw new IOException("Alertmanager answered HTTP " + status + ": " + brief(r.body()));
  }

  private static String brief(String s) {
    if (s == null) return "";
    String t = s.strip();
    return t.length() > 300 ? t.substring(0, 300) + "…" : t;
  }
}
