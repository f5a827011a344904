package dev.firstresponder.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz, in memory: Quartz 2.5 has no SQLite job store, so what must survive a restart (last
 * handover, reminders due) lives in our own tables and the jobs here only wake the services that
 * read them.
 */
public final class Scheduling implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Scheduling.class);
  private static final String TASK = "task";

  private final Scheduler scheduler;

  /** What a job does when it fires; given the time it was scheduled to fire. */
  @FunctionalInterface
  public interface Task {
    void run(Instant scheduledFireTime) throws Exception;
  }

  public Scheduling() {
    Properties p = new Properties();
    // Quartz keeps schedulers in a JVM-wide registry by name: each Application gets its own.
    p.setProperty("org.quartz.scheduler.instanceName", "firstresponder-" + UUID.randomUUID());
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.threadCount", "2");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
    try {
      scheduler = new StdSchedulerFactory(p).getScheduler();
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot create the Quartz scheduler", e);
    }
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /** Runs the task at each firing of the cron expression (seconds first) in the zone. */
  public void cron(String name, String expression, ZoneId zone, Task task) {
    schedule(
        name,
        TriggerBuilder.newTrigger()
            .withIdentity(name)
            .withSchedule(
                CronScheduleBuilder.cronSchedule(expression)
                    .inTimeZone(TimeZone.getTimeZone(zone))
                    .withMisfireHandlingInstructionFireAndProceed())
            .build(),
        task);
  }

  /** Runs the task every {@code seconds}, starting now. */
  public void every(String name, int seconds, Task task) {
    schedule(
        name,
        TriggerBuilder.newTrigger()
            .withIdentity(name)
            .startNow()
            .withSchedule(
                SimpleScheduleBuilder.repeatSecondlyForever(seconds)
                    .withMisfireHandlingInstructionNextWithRemainingCount())
            .build(),
        task);
  }

  private void schedule(String name, Trigger trigger, Task task) {
    JobDataMap data = new JobDataMap();
    data.put(TASK, task);
    try {
      scheduler.scheduleJob(
          JobBuilder.newJob(TaskJob.class).withIdentity(name).usingJobData(data).build(), trigger);
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot schedule " + name, e);
    }
  }

  public void start() throws SchedulerException {
    scheduler.start();
  }

  @Override
  public void close() {
    try {
      scheduler.shutdown(true); // waits for running jobs
    } catch (SchedulerException e) {
      log.warn("Quartz did not shut down cleanly: {}", e.toString());
    }
  }

  /** A thin job: takes the task from its data map and runs it. */
  @DisallowConcurrentExecution
  public static final class TaskJob implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
      Task task = (Task) context.getMergedJobDataMap().get(TASK);
      try {
        task.run(context.getScheduledFireTime().toInstant());
      } catch (Exception e) {
        log.warn("job {} failed: {}", context.getJobDetail().getKey().getName(), e.toString(), e);
      }
    }
  }
}
