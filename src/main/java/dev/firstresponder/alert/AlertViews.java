package dev.firstresponder.alert;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import dev.firstresponder.slack.SlackText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The alert's messages (page, DMs, thread replies) with the SDK's Blocks DSL; pure functions. */
final class AlertViews {
  static final String ACKNOWLEDGE = "alert.acknowledge";
  static final String ESCALATE = "alert.escalate";
  static final String DECLARE = "alert.declare";
  static final String SILENCE = "alert.silence";
  private static final String ACTIONS_BLOCK = "alert.actions";

  /** Alerts listed one per line in a message; the rest are counted. */
  private static final int LISTED_ALERTS = 10;

  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private AlertViews() {}

  /** The notification text of the page (and of its updates): who is paged and what fires. */
  static String text(Snapshot s) {
    AlertFacts f = s.facts();
    return SlackText.truncate(
        mentions(s) + " " + state(s) + ": " + headline(f) + " (" + s(f.where()) + ")", 3000);
  }

  /** The DM to someone paged at a level. */
  static String directText(Snapshot s, int level) {
    AlertFacts f = s.facts();
    return SlackText.truncate(
        ":rotating_light: You are paged (level %d) in %s: %s (%s)"
            .formatted(level, SlackText.channel(s.episode().channel()), headline(f), s(f.where())),
        3000);
  }

  /** The page: what fires, where, since when, links, who is paged, and the buttons. */
  static List<LayoutBlock> blocks(Snapshot s, boolean silenceButton) {
    Episode e = s.episode();
    AlertFacts f = s.facts();
    List<LayoutBlock> blocks = new ArrayList<>();
    StringBuilder top =
        new StringBuilder(state(s)).append(" · *").append(s(f.alertname())).append('*');
    f.severity().ifPresent(v -> top.append(" · `").append(s(v).replace("`", "'")).append('`'));
    f.summary().ifPresent(v -> top.append('\n').append(SlackText.escape(v, 500)));
    f.description().ifPresent(v -> top.append('\n').append(SlackText.escape(v, 1500)));
    blocks.add(section(b -> b.text(markdownText(SlackText.truncate(top.toString(), 3000)))));
    blocks.add(
        section(
            b ->
                b.fields(
                    List.of(
                        markdownText("*Cluster*\n" + f.cluster().map(AlertViews::s).orElse("-")),
                        markdownText("*Service*\n" + f.service().map(AlertViews::s).orElse("-")),
                        markdownText("*Firing since*\n" + time(f.firingSince())),
                        markdownText(
                            "*Alerts*\n%d firing, %d resolved"
                                .formatted(f.firing(), f.resolved()))))));
    List<String> links = links(s, f);
    // One element per link: a link is up to 2,000 characters, more than a section holds of them.
    if (!links.isEmpty())
      blocks.add(context(links.stream().map(l -> (ContextBlockElement) markdownText(l)).toList()));
    blocks.add(section(b -> b.text(markdownText(SlackText.truncate(paging(s), 3000)))));
    String list = alertList(s);
    if (!list.isEmpty()) blocks.add(section(b -> b.text(markdownText(list))));
    if (e.firing()) blocks.add(buttons(s, silenceButton));
    return blocks;
  }

  private static String state(Snapshot s) {
    Episode e = s.episode();
    if (!e.firing()) {
      return ":white_check_mark: *RESOLVED* after "
          + duration(Duration.between(e.firingSince(), e.resolvedAt()));
    }
    if (e.acknowledged()) return ":eyes: *FIRING, ACKNOWLEDGED*";
    return ":rotating_light: *FIRING*";
  }

  private static String mentions(Snapshot s) {
    List<String> out = new ArrayList<>();
    for (PageDao.PageRow p : s.pages()) {
      if (p.here()) out.add("<!here>");
      p.targets().forEach(u -> out.add(SlackText.mention(u)));
    }
    return String.join(" ", out.stream().distinct().toList());
  }

  private static List<String> links(Snapshot s, AlertFacts f) {
    List<String> out = new ArrayList<>();
    f.generatorUrl().ifPresent(u -> out.add(SlackText.link(u, "Source")));
    f.runbookUrl().ifPresent(u -> out.add(SlackText.link(u, "Runbook")));
    AlertRules.alertmanagerLink(s.episode())
        .ifPresent(u -> out.add(SlackText.link(u, "Alertmanager")));
    Episode e = s.episode();
    if (e.issueUrl() != null && AlertFacts.isWebLink(e.issueUrl())) {
      out.add(SlackText.link(e.issueUrl(), "GitHub issue #" + e.issueNumber()));
    }
    if (e.incidentId() != null) {
      out.add(
          "Incident: "
              + s.incidentChannel()
                  .map(SlackText::channel)
                  .orElse("#" + e.incidentId() + " (channel pending)"));
    }
    return out;
  }

  /** Who was paged at which level, the acknowledgement, and what comes next. */
  private static String paging(Snapshot s) {
    Episode e = s.episode();
    StringBuilder b = new StringBuilder();
    for (PageDao.PageRow p : s.pages()) {
      b.append(b.length() == 0 ? "Paged: " : " · ").append("level ").append(p.level()).append(' ');
      List<String> who = new ArrayList<>(p.targets().stream().map(SlackText::mention).toList());
      if (p.here()) who.add(0, "@here (nobody on the on-call list)");
      b.append(String.join(", ", who));
      b.append(" at ").append(time(p.pagedAt()));
      if (p.pagedBy() != null)
        b.append(" (escalated by ").append(SlackText.mention(p.pagedBy())).append(')');
    }
    if (e.acknowledged()) {
      b.append("\n:ballot_box_with_check: Acknowledged by ")
          .append(SlackText.mention(e.acknowledgedBy()))
          .append(" after ")
          .append(duration(e.timeToAcknowledge().orElseThrow()));
    } else if (e.firing() && e.nextLevelAt() != null) {
      b.append("\nNot acknowledged: level ")
          .append(e.level() + 1)
          .append(" is paged at ")
          .append(time(e.nextLevelAt()));
    }
    if (e.silencedUntil() != null) {
      b.append("\n:mute: Silenced in Alertmanager by ")
          .append(SlackText.mention(e.silencedBy()))
          .append(" until ")
          .append(time(e.silencedUntil()));
    }
    return b.length() == 0 ? "Paging…" : b.toString();
  }

  /** One line per alert: its state and the labels that tell it from the others. */
  private static String alertList(Snapshot s) {
    if (s.alerts().size() < 2) return "";
    Map<String, String> common = s.episode().commonLabels();
    StringBuilder b = new StringBuilder();
    int listed = 0;
    for (Notification.Alert a : s.alerts()) {
      if (listed == LISTED_ALERTS) {
        b.append("…and ").append(s.alerts().size() - listed).append(" more");
        break;
      }
      Map<String, String> own = new TreeMap<>(a.labels());
      own.keySet().removeAll(common.keySet());
      String labels =
          String.join(
              ", ", own.entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).toList());
      b.append(a.firing() ? ":red_circle: " : ":large_green_circle: ")
          .append(SlackText.escape(labels.isEmpty() ? a.fingerprint() : labels, 200))
          .append(" since ")
          .append(time(a.startsAt()))
          .append('\n');
      listed++;
    }
    return SlackText.truncate(b.toString().strip(), 3000);
  }

  private static LayoutBlock buttons(Snapshot s, boolean silenceButton) {
    Episode e = s.episode();
    String id = Long.toString(e.id());
    List<BlockElement> elements = new ArrayList<>();
    if (!e.acknowledged()) {
      elements.add(
          button(
              b ->
                  b.actionId(ACKNOWLEDGE)
                      .text(plainText("Acknowledge"))
                      .value(id)
                      .style("primary")));
    }
    if (e.level() < Episode.TOP_LEVEL) {
      elements.add(button(b -> b.actionId(ESCALATE).text(plainText("Escalate now")).value(id)));
    }
    if (e.incidentId() == null) {
      elements.add(
          button(
              b ->
                  b.actionId(DECLARE)
                      .text(plainText("Declare incident"))
                      .value(id)
                      .style("danger")));
    }
    if (silenceButton) {
      elements.add(button(b -> b.actionId(SILENCE).text(plainText("Silence 1h")).value(id)));
    }
    return actions(a -> a.blockId(ACTIONS_BLOCK).elements(elements));
  }

  /** The thread reply when a level is paged. */
  static String levelReply(Escalation.Page page, Duration unacknowledged, String by) {
    String who =
        page.here()
            ? "<!here> (nobody is on the on-call list)"
            : String.join(" ", page.users().stream().map(SlackText::mention).toList());
    String why =
        by != null
            ? SlackText.mention(by) + " escalated"
            : "Not acknowledged after " + duration(unacknowledged);
    String level =
        page.level() == Episode.TOP_LEVEL ? "level 3, the whole team" : "level " + page.level();
    return ":rotating_light: " + why + ": paging " + level + ": " + who;
  }

  static String silencedReply(String by, Instant until, String silenceId) {
    return ":mute: %s silenced this alert group in Alertmanager until %s (silence `%s`)."
        .formatted(SlackText.mention(by), time(until), SlackText.escape(silenceId, 100));
  }

  /** {@code /oncall alerts}: the firing groups with state, age and acknowledgement. */
  static String openList(List<Snapshot> firing, Instant now) {
    if (firing.isEmpty()) return "No alert group is firing. :tada:";
    StringBuilder b = new StringBuilder("*Firing alert groups* (" + firing.size() + ")\n");
    int shown = 0;
    for (Snapshot s : firing) {
      if (shown == 40) {
        b.append("…and ").append(firing.size() - shown).append(" more");
        break;
      }
      Episode e = s.episode();
      AlertFacts f = s.facts();
      b.append("• *")
          .append(s(f.alertname()))
          .append("* (")
          .append(s(f.where()))
          .append(") — firing ")
          .append(duration(e.age(now)))
          .append(", level ")
          .append(e.level())
          .append(" paged, ")
          .append(
              e.acknowledged()
                  ? "acknowledged by "
                      + SlackText.mention(e.acknowledgedBy())
                      + " after "
                      + duration(e.timeToAcknowledge().orElseThrow())
                  : "*not acknowledged*")
          .append(" · ")
          .append(SlackText.channel(e.channel()))
          .append('\n');
      shown++;
    }
    return SlackText.truncate(b.toString(), 39_000);
  }

  private static String headline(AlertFacts f) {
    return "*"
        + s(f.alertname())
        + "*"
        + f.summary().map(v -> " — " + SlackText.escape(v, 300)).orElse("");
  }

  /** A time every reader sees in their own zone, with UTC as the fallback. */
  static String time(Instant t) {
    return "<!date^"
        + t.getEpochSecond()
        + "^{date_short_pretty} {time}|"
        + UTC_TIME.format(t)
        + ">";
  }

  /** "2m 10s", "1h 5m", "3d 2h". */
  static String duration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) return s + "s";
    if (s < 3600) return (s / 60) + "m " + (s % 60) + "s";
    if (s < 86_400) return (s / 3600) + "h " + (s % 3600 / 60) + "m";
    return (s / 86_400) + "d " + (s % 86_400 / 3600) + "h";
  }

  private static String s(String text) {
    return SlackText.escape(text, 200);
  }
}
