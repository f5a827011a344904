package dev.firstresponder.incident;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.model.Conversation;
import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.EffectFailure;
import dev.firstresponder.outbox.Json;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxEntry;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.slack.SlackApi;
import dev.firstresponder.slack.SlackChannels;
import dev.firstresponder.slack.SlackEffects;
import dev.firstresponder.slack.SlackText;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident channel: created (or, after an ambiguous attempt, adopted) with everyone running the
 * incident invited and the topic set, then the start message, its pin and the announcement queued;
 * later newcomers invited. Each step is safe to apply twice.
 */
final class IncidentChannel {
  private static final Logger log = LoggerFactory.getLogger(IncidentChannel.class);

  /** Result of {@link IncidentEffects#CHANNEL_CREATE}. */
  record Channel(String id, String name) {}

  private final IncidentEffects.Shared shared;
  private final Outbox outbox;
  private final SlackChannels channels;

  IncidentChannel(IncidentEffects.Shared shared) {
    this.shared = shared;
    this.outbox = shared.outbox();
    this.channels = new SlackChannels(shared.slack());
  }

  void registerWith(OutboxWorker worker) {
    worker.register(IncidentEffects.CHANNEL_CREATE, this::createChannel);
    worker.register(IncidentEffects.INVITE, this::invite);
  }

  private String createChannel(OutboxEntry e) throws Exception {
    Incident i = shared.load(e.payload(IncidentEffects.Ref.class).incidentId());
    MethodsClient methods = shared.slack().backgroundMethods();
    Channel channel;
    try {
      channel =
          i.channelId() != null
              ? new Channel(i.channelId(), i.channelName())
              : create(methods, i, e.retried());
    } catch (EffectFailure.Permanent p) {
      // Without a channel the announcement still goes out: users must hear of the incident.
      enqueueMessages(i.id(), false);
      throw p;
    }
    if (i.channelId() == null) {
      shared
          .jdbi()
          .useHandle(h -> shared.dao().setChannel(h, i.id(), channel.id(), channel.name()));
    }
    try {
      channels.invite(channel.id(), i.people());
      var topic =
          methods.conversationsSetTopic(
              r ->
                  r.channel(channel.id())
                      .topic(
                          SlackText.truncate(
                              i.cluster() + "/" + i.service() + ": " + i.shortMessage(), 250)));
      if (!topic.isOk()) log.info("incident {}: topic not set: {}", i.id(), topic.getError());
    } catch (SlackApiException ex) {
      throw SlackApi.classify(ex);
    }
    enqueueMessages(i.id(), true);
    return Json.write(channel);
  }

  /**
   * The start message (and its pin) and the announcement, rendered in the same transaction that
   * queues them.
   */
  private void enqueueMessages(long id, boolean withChannel) {
    Messages messages = shared.messages();
    shared
        .jdbi()
        .useTransaction(
            h -> {
              Incident i = shared.dao().find(h, id).orElseThrow();
              if (withChannel && i.channelId() != null) {
                String text = messages.start(i);
                String blocks = SlackEffects.blocksJson(IncidentBlocks.startBlocks(i, text));
                outbox.enqueue(
                    h,
                    IncidentEffects.post(
                        i,
                        "start",
                        SlackEffects.Post.text(i.channelId(), text).withBlocks(blocks)));
                outbox.enqueue(
                    h,
                    Effect.of(
                        i.slackStream(),
                        IncidentEffects.PIN,
                        i.key("pin"),
                        new IncidentEffects.Ref(id)));
              }
              messages
                  .announceChannel()
                  .ifPresent(
                      announce ->
                          outbox.enqueue(
                              h,
                              IncidentEffects.post(
                                  i,
                                  "announce",
                                  SlackEffects.Post.text(announce, messages.announcement(i)))));
            });
  }

  /**
   * Creates the channel under the first free name. On a retried attempt a taken name may be the
   * channel an earlier attempt created before its reply was lost (or the process died before the id
   * was stored): that one is adopted instead of making a {@code -2} and leaving it stray.
   */
  private Channel create(MethodsClient methods, Incident i, boolean retried) throws Exception {
    Map<String, Conversation> existing =
        null; // listed once, and only when a retry meets a taken name
    for (int attempt = 1; attempt <= 20; attempt++) {
      String name = IncidentRules.channelName(i, attempt);
      try {
        var r = methods.conversationsCreate(c -> c.name(name).isPrivate(false));
        if (r.isOk()) return new Channel(r.getChannel().getId(), r.getChannel().getName());
        if (!"name_taken".equals(r.getError())) SlackApi.check("conversations.create", r);
        if (retried) {
          if (existing == null) existing = channels.publicByName();
          Optional<Channel> ours = adoptable(i, existing.get(name));
          if (ours.isPresent()) {
            log.info(
                "incident {}: adopting channel {} ({}) created by an earlier attempt",
                i.id(),
                ours.get().name(),
                ours.get().id());
            return ours.get();
          }
        }
      } catch (SlackApiException ex) {
        throw SlackApi.classify(ex);
      }
    }
    throw new EffectFailure.Permanent("no free channel name for incident " + i.id());
  }

  /**
   * The listed channel, if it is ours to adopt: the bot created it (or the bot is its only member)
   * and no other incident owns it (two incidents of one service on one day).
   */
  private Optional<Channel> adoptable(Incident i, Conversation c) throws Exception {
    if (c == null) return Optional.empty();
    Optional<Incident> owner = shared.jdbi().withHandle(h -> shared.dao().byChannel(h, c.getId()));
    if (owner.isPresent() && owner.get().id() != i.id()) return Optional.empty();
    return channels.botsOwn(c)
        ? Optional.of(new Channel(c.getId(), c.getName()))
        : Optional.empty();
  }

  /** Newcomers to the incident's roles join its channel. */
  private String invite(OutboxEntry e) throws Exception {
    IncidentEffects.Invite inv = e.payload(IncidentEffects.Invite.class);
    Incident i = shared.load(inv.incidentId());
    if (i.channelId() == null) return null;
    try {
      channels.invite(i.channelId(), inv.users());
    } catch (SlackApiException ex) {
      throw SlackApi.classify(ex);
    }
    return null;
  }
}
