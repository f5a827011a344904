package dev.firstresponder;

import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.middleware.builtin.IgnoringSelfEvents;
import com.slack.api.bolt.middleware.builtin.RequestVerification;
import com.slack.api.bolt.middleware.builtin.SSLCheck;
import com.slack.api.bolt.middleware.builtin.SingleTeamAuthorization;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import dev.firstresponder.alert.AlertFeature;
import dev.firstresponder.github.GitHubEffects;
import dev.firstresponder.github.GitHubIssues;
import dev.firstresponder.incident.IncidentFeature;
import dev.firstresponder.mail.MailEffects;
import dev.firstresponder.mail.Mailer;
import dev.firstresponder.mirror.MirrorFeature;
import dev.firstresponder.oncall.OncallFeature;
import dev.firstresponder.oncall.OncallService;
import dev.firstresponder.outbox.Effect;
import dev.firstresponder.outbox.Outbox;
import dev.firstresponder.outbox.OutboxEntry;
import dev.firstresponder.outbox.OutboxWorker;
import dev.firstresponder.people.LinkCommand;
import dev.firstresponder.people.People;
import dev.firstresponder.schedule.Scheduling;
import dev.firstresponder.slack.Commands;
import dev.firstresponder.slack.SlackApi;
import dev.firstresponder.slack.SlackEffects;
import dev.firstresponder.slack.SlackUsers;
import dev.firstresponder.store.Database;
import dev.firstresponder.store.Deliveries;
import dev.firstresponder.store.Installation;
import dev.firstresponder.upgrade.UpgradeFeature;
import dev.firstresponder.web.GitHubWebhookServlet;
import dev.firstresponder.web.Metrics;
import dev.firstresponder.web.WebServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the service is put together: builds every part from {@link Config} with plain
 * constructors, starts them in order and stops them in reverse. {@link Main} runs it; tests start
 * it in-process against fake Slack and GitHub servers.
 */
public final class Application implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Application.class);

  /** Knobs that are not user settings; tests shorten the timings. */
  public record Tuning(String host, OutboxWorker.Backoff backoff, int outboxThreads) {
    public static final Tuning DEFAULT = new Tuning("0.0.0.0", OutboxWorker.Backoff.DEFAULT, 2);

    /**
     * DEFAULT, with outbox timings overridable by JVM properties (milliseconds): {@code
     * -Dfirstresponder.outbox.retryInitial}, {@code .retryMax}, {@code .lease}, {@code .idlePoll}.
     * For crash tests and operators; not a user setting.
     */
    public static Tuning fromSystemProperties() {
      OutboxWorker.Backoff d = OutboxWorker.Backoff.DEFAULT;
      return new Tuning(
          DEFAULT.host(),
          new OutboxWorker.Backoff(
              millis("retryInitial", d.initial()), millis("retryMax", d.max()),
              millis("lease", d.lease()), millis("idlePoll", d.idlePoll())),
          DEFAULT.outboxThreads());
    }

    private static Duration millis(String name, Duration fallback) {
      String v = System.getProperty("firstresponder.outbox." + name);
      return v == null ? fallback : Duration.ofMillis(Long.parseLong(v.strip()));
    }
  }

  private final Config config;
  private final Clock clock;
  private final Database database;
  private final Deliveries deliveries;
  private final Outbox outbox;
  private final OutboxWorker worker;
  private final Metrics metrics;
  private final SlackApi slackApi;
  private final Optional<GitHubIssues> github;
  private final Optional<GitHubEffects> githubEffects;
  private final People people;
  private final SlackUsers slackUsers;
  private final App app;
  private final Commands commands;
  private final Scheduling scheduling;
  private final WebServer web;
  private final GitHubWebhookServlet webhook;
  private volatile SocketModeApp socketMode;
  private Thread socketConnector;
  private IncidentFeature incident;
  private OncallFeature oncall;
  private AlertFeature alerts;

  private Application(Config config, Clock clock, Tuning tuning) {
    this.config = config;
    this.clock = clock;
    // Start-up is mostly class loading on one core of two: migrate the database on the other
    // while the parts that do not need it are built here (measured: 2.7 s -> see BENCHMARKS.md).
    CompletableFuture<Database> opening =
        CompletableFuture.supplyAsync(
            () -> Database.open(config.databaseUrl()), Application::startupThread);
    this.metrics = new Metrics();
    this.slackApi = new SlackApi(config.slackApiUrl(), config.slackBotToken());
    this.slackUsers = new SlackUsers(slackApi);
    this.app = boltApp(config);
    this.commands = new Commands();
    this.scheduling = new Scheduling();
    WebServer.preload();

    this.database = joinStartup(opening);
    Installation installation = new Installation(database.jdbi());
    this.github = config.github().map(g -> new GitHubIssues(g, installation));
    this.deliveries = new Deliveries(database.jdbi(), clock);
    this.outbox = new Outbox(database.jdbi(), clock);
    this.worker =
        new OutboxWorker(database.jdbi(), clock, outbox, tuning.backoff(), tuning.outboxThreads());
    metrics.watch(outbox);
    new SlackEffects(slackApi, outbox).registerWith(worker);
    this.githubEffects = github.map(g -> new GitHubEffects(g, outbox));
    githubEffects.ifPresent(g -> g.registerWith(worker));
    worker.onFailure(this::tellSomeone);
    this.people = new People(database.jdbi(), clock);
    this.webhook = new GitHubWebhookServlet(config.githubWebhookSecret(), deliveries, metrics);

    registerFeatures();
    commands.register(app);
    scheduling.every("housekeeping", 3600, fired -> deliveries.prune());

    this.web =
        new WebServer(
            tuning.host(),
            config.port(),
            config.socketMode() ? null : new SlackAppServlet(app),
            webhook,
            database,
            metrics);
    web.serve("/alertmanager", alerts.servlet());
  }

  private static void startupThread(Runnable r) {
    Thread t = new Thread(r, "startup-database");
    t.setDaemon(true);
    t.start();
  }

  /** The opened database, or the reason it could not be opened (as if opened on this thread). */
  private static Database joinStartup(CompletableFuture<Database> opening) {
    try {
      return opening.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      if (e.getCause() instanceof Error err) throw err;
      throw e;
    }
  }

  /**
   * Each feature gets what it needs through its constructor and registers its commands (with {@link
   * #commands}), modal and button handlers (with {@link #app}), outbox effects (with {@link
   * #worker}) and jobs (with {@link #scheduling}).
   */
  private void registerFeatures() {
    commands.declare("/incident");
    commands.declare("/oncall");
    incident =
        new IncidentFeature(
            config, clock, database.jdbi(), outbox, slackApi, githubEffects, people, slackUsers);
    incident.register(app, commands, worker, scheduling);
    new LinkCommand(people).register(commands);
    oncall =
        new OncallFeature(
            config.oncall(),
            new OncallService(
                database.jdbi(),
                clock,
                config.oncall(),
                outbox,
                people,
                github.isPresent(),
                new Random()),
            slackApi,
            slackUsers);
    oncall.register(app, commands, worker, scheduling);
    alerts =
        new AlertFeature(
            config.alerts(),
            clock,
            database.jdbi(),
            outbox,
            slackApi,
            oncall.service(),
            incident,
            metrics.registry());
    alerts.register(app, commands, worker, scheduling);
    MirrorFeature mirror =
        new MirrorFeature(
            config,
            clock,
            database.jdbi(),
            outbox,
            deliveries,
            slackApi,
            slackUsers,
            people,
            github);
    mirror.register(app, commands, scheduling);
    webhook.listener(mirror.webhookListener());
    config
        .smtp()
        .ifPresent(smtp -> new MailEffects(new Mailer(smtp, clock), clock).registerWith(worker));
    UpgradeFeature upgrades =
        new UpgradeFeature(config, clock, database.jdbi(), outbox, people, slackUsers);
    upgrades.register(app, commands, worker, scheduling);
    // /incident update outside an incident channel records an update of the upgrade of that
    // context.
    incident.onUpdateOutsideIncident(upgrades::updateOutsideIncident);
  }

  /**
   * Bolt with its default middleware built by hand: App.use() would build it at construction,
   * calling auth.test there and refusing to start while Slack is unreachable. Here the
   * authorization calls auth.test lazily on the first request (and caches it), and our timing comes
   * first so refused requests (bad signature: 401) are counted too.
   */
  private App boltApp(Config config) {
    AppConfig.AppConfigBuilder builder =
        AppConfig.builder().singleTeamBotToken(config.slackBotToken());
    config.slackSigningSecret().ifPresent(builder::signingSecret);
    AppConfig appConfig = builder.build();
    appConfig.setSlack(slackApi.slack());
    // Without a signing secret (Socket Mode) Bolt itself uses a placeholder: Socket Mode skips
    // verification.
    String secret = config.slackSigningSecret().orElse("---");
    List<Middleware> middleware =
        new ArrayList<>(
            List.of(
                this::measure,
                new SSLCheck(null),
                new RequestVerification(
                    new SlackSignature.Verifier(new SlackSignature.Generator(secret))),
                new SingleTeamAuthorization(appConfig, null),
                new IgnoringSelfEvents(
                    appConfig.getSlack().getConfig(),
                    appConfig.isIgnoringSelfAssistantMessageEventsEnabled())));
    return new App(appConfig, middleware);
  }

  /** Counts and times every Slack request that passed signature verification. */
  private Response measure(Request<?> req, Response resp, MiddlewareChain chain) throws Exception {
    long start = System.nanoTime();
    String kind =
        req.getRequestType() == null ? "unknown" : req.getRequestType().name().toLowerCase();
    try {
      Response r = chain.next(req);
      int status = r.getStatusCode() == null ? 200 : r.getStatusCode();
      String outcome = status < 400 ? "ok" : status == 401 ? "unauthorized" : "error_" + status;
      metrics.slackRequest(kind, outcome, Duration.ofNanos(System.nanoTime() - start));
      return r;
    } catch (Exception e) {
      metrics.slackRequest(kind, "exception", Duration.ofNanos(System.nanoTime() - start));
      throw e;
    }
  }

  /** An effect failed for good: tell the person it concerns instead of failing silently. */
  private void tellSomeone(OutboxEntry entry, String reason) {
    if (entry.notifyChannel().isEmpty() || entry.stream().equals("notify")) return;
    String text =
        ":warning: I could not complete `%s` for `%s`: %s. Please do this step by hand."
            .formatted(entry.kind(), entry.stream(), reason);
    outbox.enqueue(
        Effect.of(
            "notify",
            SlackEffects.POST,
            "notify:" + entry.id(),
            SlackEffects.Post.text(entry.notifyChannel().get(), text)));
  }

  public static Application start(Config config, Clock clock, Tuning tuning) throws Exception {
    Application a = new Application(config, clock, tuning);
    try {
      a.startParts();
    } catch (Exception e) {
      a.close();
      throw e;
    }
    return a;
  }

  private void startParts() throws Exception {
    worker.start();
    scheduling.start();
    web.start();
    if (config.socketMode()) {
      socketConnector = new Thread(this::connectSocketMode, "socket-mode-connect");
      socketConnector.setDaemon(true);
      socketConnector.start();
    }
    log.info(
        "GitHub: {}",
        github
            .map(g -> "issues in " + g.repositoryName())
            .orElse("off (GITHUB_TOKEN and GITHUB_REPOSITORY unset)"));
  }

  /**
   * Opens the Socket Mode connection, retrying with backoff while Slack is unreachable, so the bot
   * (and its /healthz) comes up regardless and connects as soon as Slack answers. Once connected,
   * the SDK's own monitor reconnects after drops.
   */
  private void connectSocketMode() {
    long delayMillis = 1000;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        SocketModeApp candidate =
            new SocketModeApp(
                config.slackAppToken().get(), SocketModeClient.Backend.JavaWebSocket, app);
        candidate.startAsync();
        socketMode = candidate;
        log.info("connected to Slack in Socket Mode");
        return;
      } catch (Exception e) {
        log.warn(
            "Socket Mode connection failed, retrying in {} s: {}",
            delayMillis / 1000,
            e.getMessage());
      }
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        return;
      }
      delayMillis = Math.min(delayMillis * 2, 30_000);
    }
  }

  public int port() {
    return web.port();
  }

  public Database database() {
    return database;
  }

  public Outbox outbox() {
    return outbox;
  }

  /** The on-call rotation (tests drive shift starts with it). */
  public OncallService oncall() {
    return oncall.service();
  }

  public OutboxWorker outboxWorker() {
    return worker;
  }

  /** Stops taking requests, lets in-flight ones finish, then stops the jobs and the outbox. */
  @Override
  public void close() {
    if (socketConnector != null) socketConnector.interrupt();
    try {
      if (socketMode != null) socketMode.close();
    } catch (Exception e) {
      log.warn("socket mode did not close: {}", e.toString());
    }
    try {
      web.close();
    } catch (Exception e) {
      log.warn("HTTP server did not stop cleanly: {}", e.toString());
    }
    scheduling.close();
    worker.close();
    log.info("stopped");
  }
}
