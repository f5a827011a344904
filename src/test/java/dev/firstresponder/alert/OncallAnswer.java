package dev.firstresponder.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.net.http.HttpResponse;

/** The ephemeral answer of a slash command. */
final class OncallAnswer {
  private OncallAnswer() {}

  static String of(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(200);
    if (r.body().isBlank()) return "";
    var json = JsonParser.parseString(r.body()).getAsJsonObject();
    return json.has("text") ? json.get("text").getAsString() : "";
  }
}
