package dev.firstresponder.web;

import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import dev.firstresponder.store.Database;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Jetty with the service's endpoints. Stopping it lets requests in flight finish first. */
public final class WebServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final ServletContextHandler context = new ServletContextHandler();

  /**
   * @param slackServlet Bolt's servlet for {@code /slack/events}, or null in Socket Mode
   */
  public WebServer(
      String host,
      int port,
      HttpServlet slackServlet,
      HttpServlet githubWebhook,
      Database database,
      Metrics metrics) {
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("http");
    server = new Server(threads);
    connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);

    if (slackServlet != null) context.addServlet(new ServletHolder(slackServlet), "/slack/events");
    context.addServlet(new ServletHolder(githubWebhook), "/github/webhook");
    context.addServlet(new ServletHolder(new HealthServlet(database)), "/healthz");
    context.addServlet(new ServletHolder(new MetricsServlet(metrics)), "/metrics");

    GracefulHandler graceful = new GracefulHandler(RequestSizeLimit.around(context));
    server.setHandler(graceful);
    server.setStopTimeout(20_000);
    server.setStopAtShutdown(false); // Main's shutdown hook stops everything in order
  }

  /** A feature's own endpoint (e.g. a webhook), added before {@link #start()}. */
  public void serve(String path, HttpServlet servlet) {
    context.addServlet(new ServletHolder(servlet), path);
  }

  /**
   * Loads the server's classes (the slow part of building it) ahead of time, e.g. while start-up
   * waits on I/O.
   */
  public static void preload() {
    for (Class<?> c :
        new Class<?>[] {
          Server.class,
          ServerConnector.class,
          ServletContextHandler.class,
          ServletHolder.class,
          GracefulHandler.class,
          QueuedThreadPool.class,
          SlackAppServlet.class
        }) {
      try {
        Class.forName(c.getName(), true, WebServer.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public void start() throws Exception {
    server.start();
  }

  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  static final class HealthServlet extends HttpServlet {
    private final transient Database database;

    HealthServlet(Database database) {
      this.database = database;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      boolean ok = database.healthy();
      resp.setStatus(ok ? 200 : 503);
      resp.setContentType("application/json");
      resp.getOutputStream()
          .write(
              (ok
                      ? "{\"status\":\"ok\",\"database\":\"ok\"}"
                      : "{\"status\":\"unavailable\",\"database\":\"error\"}")
                  .getBytes(StandardCharsets.UTF_8));
    }
  }

  static final class MetricsServlet extends HttpServlet {
    private final transient Metrics metrics;

    MetricsServlet(Metrics metrics) {
      this.metrics = metrics;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setStatus(200);
      resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
      resp.getOutputStream().write(metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }
  }
}
