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

  /** What is upgraded: a whole cluster, or one service on a cluster. */
  public sealed interface Target permits Cluster, Service {
    /** The cluster upgraded, or the one the service runs on. */
    Cluster cluster();

    Kind kind();
  }

  /** An OpenShift cluster: its environment (e.g. moc), its name and its console URL. */
  public record Cluster(String environment, String name, String url) implements Target {
    @Override
    public Cluster cluster() {
      return this;
    }

    @Override
    public Kind kind() {
      return Kind.CLUSTER;
    }
  }

  /** A service running on a cluster. */
  public record Service(String name, Cluster cluster) implements Target {
    @Override
    public Kind kind() {
      return Kind.SERVICE;
    }
  }

  /** What the planner entered, validated. */
  public record Plan(
      Target target,
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
          target,
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

    public Plan withOts(List<String> operationsTechnicians) {
      return new Plan(
          target,
          currentVersion,
          newVersion,
          startsAt,
          zone,
          durationMinutes,
          comments,
          links,
          cc,
          operationsTechnicians);
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
