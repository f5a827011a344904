package dev.firstresponder.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A Slack Web API over real HTTP on 127.0.0.1. It records every call, keeps the messages it was
 * sent (so history, threads and updates behave), and refuses what real Slack refuses: every view
 * (views.open, push, update, publish), message (chat.postMessage, update, postEphemeral) and
 * response_url post is checked against Block Kit's rules ({@link BlockKit}) and refused as Slack
 * does ({@code invalid_arguments} / {@code invalid_blocks} with {@code
 * response_metadata.messages}), a response_url works five times, and bad or taken channel names,
 * long topics, emptying a user group and posting into a public channel the bot has not joined are
 * refused too. Every refusal is kept in {@link #violations()}. Faults (HTTP 5xx, 429 with
 * Retry-After, ok:false errors) are injected per method. Point the app at {@link #apiUrl()} with
 * SLACK_API_URL.
 */
public final class FakeSlack implements AutoCloseable {
  public static final String TEAM = "T0TEAM001";
  public static final String BOT_USER = "UBOT00001";

  /** The creator conversations.list reports for channels the bot did not create. */
  public static final String HUMAN_CREATOR = "U0HUMAN01";

  /** One recorded Web API call. */
  public record Call(String method, Map<String, String> params, String token) {
    public String param(String name) {
      return params.get(name);
    }

    public JsonObject json(String name) {
      String v = params.get(name);
      return v == null ? null : JsonParser.parseString(v).getAsJsonObject();
    }

    public JsonArray jsonArray(String name) {
      String v = params.get(name);
      return v == null ? null : JsonParser.parseString(v).getAsJsonArray();
    }
  }

  /** A message as the channel holds it. */
  public record Message(
      String channel,
      String ts,
      String text,
      String threadTs,
      String blocks,
      String metadata,
      String user) {
    /** The text and every text of the blocks, as people read the message. */
    public String shown() {
      StringBuilder b = new StringBuilder(text == null ? "" : text);
      if (blocks != null) texts(JsonParser.parseString(blocks), b);
      return b.toString();
    }

    private static void texts(JsonElement e, StringBuilder out) {
      if (e.isJsonArray()) {
        e.getAsJsonArray().forEach(x -> texts(x, out));
      } else if (e.isJsonObject()) {
        for (var kv : e.getAsJsonObject().entrySet()) {
          if (kv.getKey().equals("text") && kv.getValue().isJsonPrimitive()) {
            out.append('\n').append(kv.getValue().getAsString());
          } else {
            texts(kv.getValue(), out);
          }
        }
      }
    }
  }

  /** A message posted to a slash command's or an action's response_url. */
  public record Response(String path, JsonObject body) {
    public String text() {
      return body.has("text") ? body.get("text").getAsString() : "";
    }
  }

  public record User(
      String id,
      String name,
      String realName,
      boolean admin,
      boolean owner,
      boolean bot,
      String tz) {}

  private record Fault(int status, String error, int retryAfterSeconds) {}

  private final HttpServer server;
  private final java.util.concurrent.ExecutorService executor = Executors.newFixedThreadPool(8);
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<Response> responses = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> responseUrlUses =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, List<Message>> channels = new LinkedHashMap<>();
  private final Map<String, String> channelNames = new HashMap<>();
  private final Map<String, Set<String>> members = new HashMap<>();
  private final Set<String> privateChannels = new HashSet<>();
  private final Map<String, String> creators = new HashMap<>();
  private final Map<String, List<JsonObject>> bookmarks = new HashMap<>();
  private final Map<String, Integer> failAfterApplying = new HashMap<>();
  private final Map<String, User> users = new HashMap<>();
  private final Map<String, List<String>> usergroups = new HashMap<>();
  private final Map<String, Queue<Fault>> faults = new HashMap<>();
  private final Map<String, Function<Call, String>> overrides = new HashMap<>();
  private final AtomicLong clock = new AtomicLong(1_700_000_000_000_000L);
  private final AtomicLong ids = new AtomicLong(1);
  private volatile Duration latency = Duration.ZERO;
  private Duration postGap;
  private final Map<String, Long> lastPostNanos = new HashMap<>();
  private volatile Set<String> scopes; // null: every scope
  private final Map<String, Duration> methodLatency =
      new java.util.concurrent.ConcurrentHashMap<>();

  public FakeSlack() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/", this::api);
    server.createContext("/respond/", this::respond);
    server.setExecutor(executor);
    server.start();
    addUser(new User(BOT_USER, "firstresponder", "firstresponder", false, false, true, "UTC"));
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
  }

  /** A response_url to put in a command or action payload. */
  public String responseUrl(String id) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/respond/" + id;
  }

  // ---- setup ----------------------------------------------------------------------------------

  public FakeSlack addUser(User user) {
    synchronized (this) {
      users.put(user.id(), user);
    }
    return this;
  }

  public FakeSlack addUser(String id, String name) {
    return addUser(new User(id, name, name, false, false, false, "UTC"));
  }

  public FakeSlack addAdmin(String id, String name) {
    return addUser(new User(id, name, name, true, false, false, "UTC"));
  }

  /** A public channel; the bot is a member only when {@code botIsMember}. */
  public synchronized FakeSlack addChannel(String id, String name, boolean botIsMember) {
    channels.putIfAbsent(id, new ArrayList<>());
    channelNames.put(id, name);
    members.computeIfAbsent(id, k -> new HashSet<>());
    if (botIsMember) members.get(id).add(BOT_USER);
    return this;
  }

  /** The next {@code times} calls of the method answer with HTTP {@code status}. */
  public synchronized FakeSlack failHttp(
      String method, int status, int retryAfterSeconds, int times) {
    for (int i = 0; i < times; i++) {
      faults
          .computeIfAbsent(method, k -> new ArrayDeque<>())
          .add(new Fault(status, null, retryAfterSeconds));
    }
    return this;
  }

  /** The next {@code times} calls of the method answer {@code ok:false} with the error. */
  public synchronized FakeSlack failWith(String method, String error, int times) {
    for (int i = 0; i < times; i++) {
      faults.computeIfAbsent(method, k -> new ArrayDeque<>()).add(new Fault(200, error, 0));
    }
    return this;
  }

  /**
   * The next {@code times} calls of the method are applied (a channel is created, a bookmark added)
   * but answered with HTTP 502: a reply lost after Slack did the work, or a crash between.
   */
  public synchronized FakeSlack failAfterApplying(String method, int times) {
    failAfterApplying.merge(method, times, Integer::sum);
    return this;
  }

  /** Replaces the answer of a method (JSON text) for every later call. */
  public synchronized FakeSlack override(String method, Function<Call, String> answer) {
    overrides.put(method, answer);
    return this;
  }

  /**
   * The bot token's scopes, as granted at install from the app's manifest: a method whose scope is
   * missing answers {@code missing_scope}, as Slack does. Until set, every scope is granted.
   */
  public FakeSlack grantScopes(Set<String> granted) {
    this.scopes = Set.copyOf(granted);
    return this;
  }

  /** Every call answers this much later (for benchmarks and timeout tests). */
  public FakeSlack latency(Duration latency) {
    this.latency = latency;
    return this;
  }

  /** Calls of one method answer this much later. */
  public FakeSlack latency(String method, Duration latency) {
    methodLatency.put(method, latency);
    return this;
  }

  // ---- inspection -----------------------------------------------------------------------------

  /**
   * Answers {@code ratelimited} (and records a violation) to a chat.postMessage into a conversation
   * sooner than {@code gap} after the previous one there: Slack takes about one message per second
   * per channel.
   */
  public synchronized FakeSlack enforcePostRate(Duration gap) {
    this.postGap = gap;
    return this;
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  public List<Response> responses() {
    return List.copyOf(responses);
  }

  /** Things real Slack would have refused (the app must never cause any). */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  public synchronized List<Message> messages(String channel) {
    return List.copyOf(channels.getOrDefault(channel, List.of()));
  }

  public synchronized List<Message> allMessages() {
    List<Message> all = new ArrayList<>();
    channels.values().forEach(all::addAll);
    return all;
  }

  public synchronized Set<String> members(String channel) {
    return Set.copyOf(members.getOrDefault(channel, Set.of()));
  }

  public synchronized String channelName(String channel) {
    return channelNames.get(channel);
  }

  /** Ids of the channels whose name matches (created ones and added ones). */
  public synchronized List<String> channelIds(Predicate<String> name) {
    return channelNames.entrySet().stream()
        .filter(e -> name.test(e.getValue()))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** The bookmarks of a channel as bookmarks.list answers them. */
  public synchronized List<JsonObject> bookmarks(String channel) {
    return bookmarks.getOrDefault(channel, List.of()).stream().map(JsonObject::deepCopy).toList();
  }

  public synchronized String channelIdByName(String name) {
    return channelNames.entrySet().stream()
        .filter(e -> e.getValue().equals(name))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }

  public synchronized List<String> usergroupMembers(String group) {
    return List.copyOf(usergroups.getOrDefault(group, List.of()));
  }

  /** Waits until a recorded call matches; fails the test after the timeout. */
  public Call awaitCall(String method, Predicate<Call> matching) {
    return Await.until(
        () -> calls(method).stream().filter(matching).findFirst().orElse(null),
        "a " + method + " call matching the condition; calls so far: " + summary());
  }

  public Call awaitCall(String method) {
    return awaitCall(method, c -> true);
  }

  public Response awaitResponse(Predicate<Response> matching) {
    return Await.until(
        () -> responses.stream().filter(matching).findFirst().orElse(null),
        "a response_url message matching the condition; got " + responses);
  }

  public String summary() {
    StringBuilder s = new StringBuilder();
    for (Call c : calls) s.append(c.method()).append(' ');
    return s.toString();
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  /** How often one response_url may be used. */
  public static final int RESPONSE_URL_USES = 5;

  private void respond(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String body = Http.body(ex);
    JsonObject json =
        body.isBlank() ? new JsonObject() : JsonParser.parseString(body).getAsJsonObject();
    int uses = responseUrlUses.merge(path, 1, Integer::sum);
    if (uses > RESPONSE_URL_USES) {
      violations.add(
          "response_url "
              + path
              + " used "
              + uses
              + " times (Slack allows "
              + RESPONSE_URL_USES
              + ")");
      Http.send(ex, 404, error("used_url"));
      return;
    }
    BlockKit.Verdict verdict = BlockKit.message(json);
    if (!verdict.ok()) {
      Http.send(ex, 400, refuse("response_url " + path, verdict));
      return;
    }
    responses.add(new Response(path, json));
    Http.send(ex, 200, "{\"ok\":true}");
  }

  private void api(HttpExchange ex) throws IOException {
    String method = ex.getRequestURI().getPath().substring("/api/".length());
    String body = Http.body(ex);
    String contentType = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
    Map<String, String> params =
        contentType.contains("json") ? Http.jsonParams(body) : Http.form(body);
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String token =
        auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : params.get("token");
    Call call = new Call(method, params, token);
    calls.add(call);
    Duration delay = methodLatency.getOrDefault(method, latency);
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Fault fault;
    Function<Call, String> override;
    synchronized (this) {
      Queue<Fault> q = faults.get(method);
      fault = q == null ? null : q.poll();
      override = overrides.get(method);
    }
    if (token == null || !(token.startsWith("xox") || token.startsWith("xapp-"))) {
      Http.send(ex, 200, "{\"ok\":false,\"error\":\"not_authed\"}");
      return;
    }
    String needed = scopeNeeded(call);
    Set<String> granted = scopes;
    if (needed != null && granted != null && !granted.contains(needed)) {
      violations.add(method + " needs the scope " + needed + ", which the manifest does not grant");
      Http.send(
          ex,
          200,
          obj(
                  "ok",
                  false,
                  "error",
                  "missing_scope",
                  "needed",
                  needed,
                  "provided",
                  String.join(",", granted))
              .toString());
      return;
    }
    if (fault != null) {
      if (fault.retryAfterSeconds() > 0)
        ex.getResponseHeaders().set("Retry-After", Integer.toString(fault.retryAfterSeconds()));
      if (fault.error() != null) {
        Http.send(ex, 200, "{\"ok\":false,\"error\":\"" + fault.error() + "\"}");
      } else {
        Http.send(
            ex,
            fault.status(),
            fault.status() == 429 ? "{\"ok\":false,\"error\":\"ratelimited\"}" : "");
      }
      return;
    }
    String answer;
    try {
      answer = override != null ? override.apply(call) : handle(call);
    } catch (RuntimeException e) {
      violations.add(method + ": fake could not handle " + params + ": " + e);
      answer = error("invalid_arguments");
    }
    boolean lost;
    synchronized (this) {
      lost = failAfterApplying.getOrDefault(method, 0) > 0;
      if (lost) failAfterApplying.merge(method, -1, Integer::sum);
    }
    if (lost) {
      Http.send(ex, 502, "");
      return;
    }
    Http.send(ex, 200, answer);
  }

  /**
   * The bot scope a method needs; for conversation methods it depends on the kind of conversation
   * (public channel, private channel, DM). Null: none (or not a bot-token method).
   */
  static String scopeNeeded(Call c) {
    String channel = c.param("channel") != null ? c.param("channel") : c.param("channel_id");
    String kind =
        channel == null
            ? "channels"
            : channel.startsWith("D") ? "im" : channel.startsWith("G") ? "groups" : "channels";
    return switch (c.method()) {
      case "chat.postMessage", "chat.update", "chat.postEphemeral", "chat.delete" -> "chat:write";
      case "conversations.create" ->
          "true".equals(c.param("is_private")) ? "groups:write" : "channels:manage";
      case "conversations.invite",
          "conversations.setTopic",
          "conversations.setPurpose",
          "conversations.archive" ->
          kind.equals("channels") ? "channels:manage" : kind + ":write";
      case "conversations.join" -> "channels:join";
      case "conversations.history", "conversations.replies" -> kind + ":history";
      case "conversations.info", "conversations.members" -> kind + ":read";
      case "conversations.list" -> "channels:read";
      case "conversations.open" -> "im:write";
      case "pins.add" -> "pins:write";
      case "reactions.add" -> "reactions:write";
      case "bookmarks.add" -> "bookmarks:write";
      case "bookmarks.list" -> "bookmarks:read";
      case "users.info" -> "users:read";
      case "usergroups.users.update" -> "usergroups:write";
      default -> null;
    };
  }

  private static String ok(JsonObject o) {
    o.addProperty("ok", true);
    return o.toString();
  }

  private static String ok() {
    return "{\"ok\":true}";
  }

  private static String error(String error) {
    return "{\"ok\":false,\"error\":\"" + error + "\"}";
  }

  private synchronized String handle(Call c) {
    return switch (c.method()) {
      case "auth.test" ->
          ok(
              obj(
                  "url",
                  "https://fake.slack.com/",
                  "team",
                  "Fake",
                  "user",
                  "firstresponder",
                  "team_id",
                  TEAM,
                  "user_id",
                  BOT_USER,
                  "bot_id",
                  "BBOT00001"));
      case "chat.postMessage" -> postMessage(c);
      case "chat.update" -> update(c);
      case "chat.postEphemeral" -> {
        String refused = checkMessage(c);
        if (refused != null) yield refused;
        if (!channels.containsKey(c.param("channel"))) yield error("channel_not_found");
        if (!members.getOrDefault(c.param("channel"), Set.of()).contains(c.param("user")))
          yield error("user_not_in_channel");
        yield ok(obj("message_ts", nextTs()));
      }
      case "chat.getPermalink" ->
          ok(
              obj(
                  "permalink",
                  "https://fake.slack.com/archives/"
                      + c.param("channel")
                      + "/p"
                      + c.param("message_ts").replace(".", "")));
      case "views.open", "views.push", "views.update", "views.publish" -> view(c);
      case "conversations.create" -> createChannel(c);
      case "conversations.invite" -> invite(c);
      case "conversations.join" -> {
        members.computeIfAbsent(c.param("channel"), k -> new HashSet<>()).add(BOT_USER);
        yield ok(obj("channel", channelJson(c.param("channel"))));
      }
      case "conversations.info" ->
          channels.containsKey(c.param("channel"))
              ? ok(obj("channel", channelJson(c.param("channel"))))
              : error("channel_not_found");
      case "conversations.open" -> {
        String user = c.param("users");
        String dm = "D" + user.replace(",", "");
        channels.putIfAbsent(dm, new ArrayList<>());
        members.computeIfAbsent(dm, k -> new HashSet<>(Set.of(BOT_USER, user)));
        yield ok(obj("channel", obj("id", dm)));
      }
      case "conversations.history" -> history(c, false);
      case "conversations.replies" -> history(c, true);
      case "conversations.members" -> {
        JsonArray a = new JsonArray();
        members.getOrDefault(c.param("channel"), Set.of()).forEach(a::add);
        yield ok(obj("members", a));
      }
      case "conversations.setTopic", "conversations.setPurpose" -> {
        String field = c.method().endsWith("Topic") ? "topic" : "purpose";
        String value = c.param(field);
        if (value != null && value.length() > CHANNEL_TOPIC) {
          violations.add(
              c.method()
                  + ": "
                  + field
                  + " of "
                  + value.length()
                  + " characters (max "
                  + CHANNEL_TOPIC
                  + ")");
          yield error("too_long");
        }
        yield ok();
      }
      case "pins.add", "conversations.archive", "reactions.add" -> ok();
      case "conversations.list" -> listChannels(c);
      case "bookmarks.add" -> addBookmark(c);
      case "bookmarks.list" -> {
        JsonArray a = new JsonArray();
        bookmarks.getOrDefault(c.param("channel_id"), List.of()).forEach(b -> a.add(b.deepCopy()));
        yield ok(obj("bookmarks", a));
      }
      case "users.info" -> {
        User u = users.get(c.param("user"));
        yield u == null ? error("user_not_found") : ok(obj("user", userJson(u)));
      }
      case "usergroups.users.update" -> {
        String list = c.param("users");
        if (list == null || list.isBlank()) {
          violations.add("usergroups.users.update with no users (Slack refuses to empty a group)");
          yield error("invalid_users");
        }
        usergroups.put(c.param("usergroup"), List.of(list.split(",")));
        yield ok(obj("usergroup", obj("id", c.param("usergroup"))));
      }
      default -> ok();
    };
  }

  private String nextTs() {
    long micros = clock.addAndGet(100);
    return (micros / 1_000_000) + "." + String.format("%06d", micros % 1_000_000);
  }

  /** Channel topics and purposes: Slack refuses longer ones with {@code too_long}. */
  static final int CHANNEL_TOPIC = 250;

  /** At most this many users in one conversations.invite. */
  static final int INVITE_USERS = 1000;

  /**
   * The Block Kit and text rules of a message call; null when Slack accepts it, else its refusal
   * (recorded as a violation).
   */
  private String checkMessage(Call c) {
    JsonObject message = new JsonObject();
    if (c.param("text") != null) message.addProperty("text", c.param("text"));
    if (c.param("blocks") != null) message.addProperty("blocks", c.param("blocks"));
    BlockKit.Verdict verdict = BlockKit.message(message);
    return verdict.ok() ? null : refuse(c.method(), verdict);
  }

  /** Slack's refusal of a payload, recorded as a violation (the app must never cause one). */
  private String refuse(String where, BlockKit.Verdict verdict) {
    violations.add(where + " refused with " + verdict.error() + ": " + verdict.messages());
    JsonArray messages = new JsonArray();
    verdict.messages().forEach(messages::add);
    return obj(
            "ok", false, "error", verdict.error(), "response_metadata", obj("messages", messages))
        .toString();
  }

  /**
   * Records what real Slack would have refused in a body the app answered Slack with (an ack); the
   * test client checks those, as they never reach this server.
   */
  public void refusedAck(String where, BlockKit.Verdict verdict) {
    if (!verdict.ok())
      violations.add(where + " refused with " + verdict.error() + ": " + verdict.messages());
  }

  private String postMessage(Call c) {
    String channel = c.param("channel");
    String refused = checkMessage(c);
    if (refused != null) return refused;
    if (!channels.containsKey(channel)) return error("channel_not_found");
    if (!members.getOrDefault(channel, Set.of()).contains(BOT_USER)) return error("not_in_channel");
    if (postGap != null) {
      long now = System.nanoTime();
      Long last = lastPostNanos.get(channel);
      if (last != null && now - last < postGap.toNanos()) {
        violations.add(
            "chat.postMessage into %s %d ms after the previous one (about one per second per channel)"
                .formatted(channel, (now - last) / 1_000_000));
        return error("ratelimited");
      }
      lastPostNanos.put(channel, now);
    }
    String ts = nextTs();
    JsonObject meta = c.json("metadata");
    channels
        .get(channel)
        .add(
            new Message(
                channel,
                ts,
                c.param("text"),
                c.param("thread_ts"),
                c.param("blocks"),
                meta == null ? null : meta.toString(),
                BOT_USER));
    return ok(obj("channel", channel, "ts", ts, "message", obj("text", c.param("text"), "ts", ts)));
  }

  private String update(Call c) {
    String refused = checkMessage(c);
    if (refused != null) return refused;
    List<Message> list = channels.get(c.param("channel"));
    if (list == null) return error("channel_not_found");
    for (int i = 0; i < list.size(); i++) {
      Message m = list.get(i);
      if (m.ts().equals(c.param("ts"))) {
        list.set(
            i,
            new Message(
                m.channel(),
                m.ts(),
                c.param("text"),
                m.threadTs(),
                c.param("blocks") != null ? c.param("blocks") : m.blocks(),
                m.metadata(),
                m.user()));
        return ok(obj("channel", m.channel(), "ts", m.ts()));
      }
    }
    return error("message_not_found");
  }

  private String history(Call c, boolean replies) {
    List<Message> list = channels.get(c.param("channel"));
    if (list == null) return error("channel_not_found");
    JsonArray out = new JsonArray();
    List<Message> copy = new ArrayList<>(list);
    java.util.Collections.reverse(copy); // newest first, as Slack answers history
    for (Message m : copy) {
      boolean inThread =
          replies
              ? c.param("ts").equals(m.threadTs()) || c.param("ts").equals(m.ts())
              : m.threadTs() == null;
      if (!inThread) continue;
      JsonObject o = obj("type", "message", "ts", m.ts(), "text", m.text(), "user", m.user());
      if (m.metadata() != null) o.add("metadata", JsonParser.parseString(m.metadata()));
      out.add(o);
    }
    return ok(obj("messages", out, "has_more", false));
  }

  private static final Pattern CHANNEL_NAME = Pattern.compile("[a-z0-9_-]{1,80}");

  private String createChannel(Call c) {
    String name = c.param("name");
    if (name == null || !CHANNEL_NAME.matcher(name).matches())
      return error("invalid_name_specials");
    if (channelNames.containsValue(name)) return error("name_taken");
    String id = "C" + String.format("%08d", ids.getAndIncrement());
    channels.put(id, new ArrayList<>());
    channelNames.put(id, name);
    members.put(id, new HashSet<>(Set.of(BOT_USER)));
    creators.put(id, BOT_USER);
    if ("true".equals(c.param("is_private"))) privateChannels.add(id);
    return ok(obj("channel", channelJson(id)));
  }

  /**
   * Public (or, when asked, private) channels in creation order; the cursor is simply the offset.
   * Conversations with users (D…) are not channels. Nothing is archived here.
   */
  private String listChannels(Call c) {
    String types = c.param("types") == null ? "public_channel" : c.param("types");
    int limit = c.param("limit") == null ? 100 : Integer.parseInt(c.param("limit"));
    if (limit < 1 || limit > 1000) {
      violations.add("conversations.list with limit " + limit + " (1..1000)");
      return error("invalid_limit");
    }
    int offset =
        c.param("cursor") == null || c.param("cursor").isEmpty()
            ? 0
            : Integer.parseInt(c.param("cursor"));
    List<String> ids =
        channels.keySet().stream()
            .filter(id -> !id.startsWith("D"))
            .filter(
                id ->
                    types.contains(
                        privateChannels.contains(id) ? "private_channel" : "public_channel"))
            .toList();
    JsonArray out = new JsonArray();
    for (String id :
        ids.subList(Math.min(offset, ids.size()), Math.min(offset + limit, ids.size()))) {
      JsonObject ch = channelJson(id);
      ch.addProperty("creator", creators.getOrDefault(id, HUMAN_CREATOR));
      ch.addProperty("is_archived", false);
      ch.addProperty("is_channel", !privateChannels.contains(id));
      out.add(ch);
    }
    String next = offset + limit < ids.size() ? Integer.toString(offset + limit) : "";
    return ok(obj("channels", out, "response_metadata", obj("next_cursor", next)));
  }

  private String addBookmark(Call c) {
    String channel = c.param("channel_id");
    if (!channels.containsKey(channel)) return error("channel_not_found");
    JsonObject b =
        obj(
            "id",
            "Bk" + String.format("%08d", ids.getAndIncrement()),
            "channel_id",
            channel,
            "title",
            c.param("title"),
            "link",
            c.param("link"),
            "type",
            c.param("type"));
    bookmarks.computeIfAbsent(channel, k -> new ArrayList<>()).add(b);
    return ok(obj("bookmark", b.deepCopy()));
  }

  private String invite(Call c) {
    String channel = c.param("channel");
    if (!channels.containsKey(channel)) return error("channel_not_found");
    Set<String> in = members.computeIfAbsent(channel, k -> new HashSet<>());
    if (!in.contains(BOT_USER)) return error("not_in_channel");
    if (c.param("users").split(",").length > INVITE_USERS) {
      violations.add("conversations.invite with more than " + INVITE_USERS + " users");
      return error("too_many_users");
    }
    boolean added = false;
    for (String user : c.param("users").split(",")) {
      if (user.equals(BOT_USER)) return error("cant_invite_self");
      if (!users.containsKey(user)) return error("user_not_found");
      added |= in.add(user);
    }
    if (!added) return error("already_in_channel");
    return ok(obj("channel", channelJson(channel)));
  }

  private JsonObject channelJson(String id) {
    return obj(
        "id",
        id,
        "name",
        channelNames.getOrDefault(id, id.toLowerCase()),
        "is_private",
        privateChannels.contains(id),
        "is_member",
        members.getOrDefault(id, Set.of()).contains(BOT_USER));
  }

  private static JsonObject userJson(User u) {
    JsonObject profile = obj("real_name", u.realName(), "display_name", u.name());
    return obj(
        "id",
        u.id(),
        "name",
        u.name(),
        "real_name",
        u.realName(),
        "is_admin",
        u.admin(),
        "is_owner",
        u.owner(),
        "is_bot",
        u.bot(),
        "tz",
        u.tz(),
        "profile",
        profile);
  }

  // ---- views --------------------------------------------------------------------------------

  /**
   * views.open / push (a modal, with a trigger), views.update (a modal or home, by view_id or
   * external_id) and views.publish (an App Home, for a user), checked against Block Kit's rules.
   */
  private String view(Call c) {
    JsonObject view = c.json("view");
    String method = c.method();
    String missing =
        switch (method) {
          case "views.open", "views.push" -> c.param("trigger_id") == null ? "trigger_id" : null;
          case "views.update" ->
              c.param("view_id") == null && c.param("external_id") == null ? "view_id" : null;
          default -> c.param("user_id") == null ? "user_id" : null;
        };
    if (missing != null) {
      return refuse(
          method,
          new BlockKit.Verdict(
              "invalid_arguments", List.of("[ERROR] missing required field: " + missing)));
    }
    Set<BlockKit.Surface> surfaces =
        switch (method) {
          case "views.publish" -> Set.of(BlockKit.Surface.HOME);
          case "views.update" -> Set.of(BlockKit.Surface.MODAL, BlockKit.Surface.HOME);
          default -> Set.of(BlockKit.Surface.MODAL);
        };
    BlockKit.Verdict verdict = BlockKit.view(view, surfaces);
    if (!verdict.ok()) return refuse(method, verdict);
    String id =
        c.param("view_id") != null
            ? c.param("view_id")
            : "V" + String.format("%08d", ids.getAndIncrement());
    JsonObject v = view.deepCopy();
    v.addProperty("id", id);
    v.addProperty("hash", "h" + id);
    return ok(obj("view", v));
  }

  /** A JSON object from key, value pairs (tests build payloads with it). */
  public static JsonObject obj(Object... kv) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < kv.length; i += 2) {
      String k = (String) kv[i];
      Object v = kv[i + 1];
      if (v == null) o.add(k, com.google.gson.JsonNull.INSTANCE);
      else if (v instanceof JsonElement je) o.add(k, je);
      else if (v instanceof Boolean b) o.addProperty(k, b);
      else if (v instanceof Number n) o.addProperty(k, n);
      else o.addProperty(k, v.toString());
    }
    return o;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow(); // its threads would otherwise keep a benchmark's JVM alive
  }
}
