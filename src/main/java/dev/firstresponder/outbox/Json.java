package dev.firstresponder.outbox;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** JSON for outbox payloads (records in, records out). */
public final class Json {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private Json() {}

  public static String write(Object value) {
    return GSON.toJson(value);
  }

  public static <T> T read(String json, Class<T> type) {
    return GSON.fromJson(json, type);
  }
}
