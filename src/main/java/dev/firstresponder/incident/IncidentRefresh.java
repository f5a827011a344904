package dev.firstresponder.incident;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxEntry;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.slack.SlackApi;
import dev.firstresponder.slack.SlackEffects;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the incident's posted messages up to date: pins the start message, and re-renders it and
 * the announcements from the incident's current state (the issue link once known, roles, resolved),
 * bookmarking the issue in the channel. Each is safe to apply twice.
 */
final class IncidentRefresh {
  private static final Logger log = LoggerFactory.getLogger(IncidentRefresh.class);

  private final IncidentEffects.Shared shared;
  private final Outbox outbox;

  IncidentRefresh(IncidentEffects.Shared shared) {
    this.shared = shared;
    this.outbox = shared.outbox();
  }

  void registerWith(OutboxWorker worker) {
    worker.register(IncidentEffects.PIN, this::pin);
    worker.register(IncidentEffects.REFRESH, this::refresh);
  }

  private String pin(OutboxEntry e) throws Exception {
    Incident i = shared.load(e.payload(IncidentEffects.Ref.class).incidentId());
    Optional<SlackEffects.Posted> start = SlackEffects.posted(outbox, i.startKey());
    if (start.isEmpty()) return null;
    try {
      var r =
          shared
              .slack()
              .backgroundMethods()
              .pinsAdd(p -> p.channel(start.get().channel()).timestamp(start.get().ts()));
      if (!r.isOk() && !"already_pinned".equals(r.getError())) SlackApi.check("pins.add", r);
    } catch (SlackApiException ex) {
      throw SlackApi.classify(ex);
    }
    return null;
  }

  /**
   * Re-renders the posted start message and announcements from the incident's current state (the
   * issue link once known, roles, resolved) and bookmarks the issue in the channel.
   */
  private String refresh(OutboxEntry e) throws Exception {
    Incident i = shared.load(e.payload(IncidentEffects.Ref.class).incidentId());
    MethodsClient methods = shared.slack().backgroundMethods();
    try {
      if (e.idempotencyKey().equals(i.key("refresh:issue"))
          && i.channelId() != null
          && i.issueUrl() != null
          && !(e.retried() && bookmarked(methods, i.channelId(), i.issueUrl()))) {
        var r =
            methods.bookmarksAdd(
                b ->
                    b.channelId(i.channelId())
                        .title("GitHub issue #" + i.issueNumber())
                        .type("link")
                        .link(i.issueUrl()));
        if (!r.isOk()) log.info("incident {}: bookmark not added: {}", i.id(), r.getError());
      }
      String start = shared.messages().start(i);
      update(
          methods,
          i.startKey(),
          start,
          SlackEffects.blocksJson(IncidentBlocks.startBlocks(i, start)));
      update(methods, i.announceKey(), shared.messages().announcement(i), null);
      if (!i.open())
        update(methods, i.key("resolved:announce"), shared.messages().resolved(i), null);
    } catch (SlackApiException ex) {
      throw SlackApi.classify(ex);
    }
    return null;
  }

  /**
   * Whether the channel already has a bookmark to the link: an earlier attempt may have added it
   * before its reply was lost. If Slack will not list the bookmarks, the add goes ahead.
   */
  private boolean bookmarked(MethodsClient methods, String channel, String link) throws Exception {
    var r = methods.bookmarksList(b -> b.channelId(channel));
    if (!r.isOk()) {
      if ("ratelimited".equals(r.getError())) throw new IOException("bookmarks.list: ratelimited");
      log.info("bookmarks.list in {} failed: {}", channel, r.getError());
      return false;
    }
    return r.getBookmarks() != null
        && r.getBookmarks().stream().anyMatch(b -> link.equals(b.getLink()));
  }

  private void update(MethodsClient methods, String postKey, String text, String blocks)
      throws Exception {
    Optional<SlackEffects.Posted> posted = SlackEffects.posted(outbox, postKey);
    if (posted.isEmpty())
      return; // not posted yet: it will be rendered from the current state when it is
    var r =
        methods.chatUpdate(
            u -> {
              u.channel(posted.get().channel()).ts(posted.get().ts()).text(text);
              if (blocks != null) u.blocksAsString(blocks);
              return u;
            });
    SlackApi.check("chat.update", r);
  }
}
