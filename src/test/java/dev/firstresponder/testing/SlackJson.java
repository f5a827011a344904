package dev.firstresponder.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import com.slack.api.util.json.GsonFactory;
import java.util.List;

/** Views and blocks as the JSON Slack receives, for tests of the pure view functions. */
public final class SlackJson {
  private SlackJson() {}

  public static JsonObject view(View view) {
    return JsonParser.parseString(GsonFactory.createSnakeCase().toJson(view)).getAsJsonObject();
  }

  public static JsonArray blocks(List<LayoutBlock> blocks) {
    return JsonParser.parseString(GsonFactory.createSnakeCase().toJson(blocks)).getAsJsonArray();
  }

  /** The block with this block_id among the view's blocks. */
  public static JsonObject block(JsonObject view, String blockId) {
    for (JsonElement b : view.getAsJsonArray("blocks")) {
      JsonObject o = b.getAsJsonObject();
      if (o.has("block_id") && o.get("block_id").getAsString().equals(blockId)) return o;
    }
    throw new AssertionError("no block " + blockId + " in " + view);
  }

  /** The plain text of a {@code {"type":"plain_text","text":…}} field of an object. */
  public static String text(JsonObject o, String field) {
    return o.getAsJsonObject(field).get("text").getAsString();
  }
}
