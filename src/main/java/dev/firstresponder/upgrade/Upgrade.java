package dev.firstresponder.upgrade;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;

/** A planned upgrade as stored: what is upgraded and when ({@link Plan}) and how far it got. */
public record Upgrade(
    long id, Plan plan, Status status, int revision, int updates, String lingeringEffects) {

  public enum Kind {
    CLUSTER,
    SERVICE;

    public String id() {
      return name().toLowerCase();
    }

    static Kind of(String id) {
      return valueOf(id.toUpperCase());
    }
  }

  public enum Status {
    PLANNED,
    RUNNING,
    DONE,
    CANCELLED;

    public String id() {
      return name().toLowerCase();
    }

    static Status of(String id) {
      return valueOf(id.toUpperCase());
    }

    public boolean open() {
      return this == PLANNED || this == RUNNING;
    }
  }

  /** What the planner entered, validated. {@code service} is null for cluster upgrades. */
  public record Plan(
      Kind kind,
      String environment,
      String cluster,
      String clusterUrl,
      String service,
      String currentVersion,
      String newVersion,
      Instant startsAt,
      ZoneId zone,
      int durationMinutes,
      String comments,
      List<String> links,
      String cc,
      List<String> ots) {

    public Plan {
      links = List.copyOf(links);
      ots = List.copyOf(ots);
    }

    public Plan rescheduled(Instant newStart, int newDurationMinutes) {
      return new Plan(
          kind,
          environment,
          cluster,
          clusterUrl,
          service,
          currentVersion,
          newVersion,
          newStart,
          zone,
          newDurationMinutes,
          comments,
          links,
          cc,
          ots);
    }

    /** The CC first, then the OTs: everyone the reminders go to. */
    public List<String> crew() {
      LinkedHashSet<String> all = new LinkedHashSet<>();
      all.add(cc);
      all.addAll(ots);
      return List.copyOf(all);
    }
  }
}
