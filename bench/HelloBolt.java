import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The floor of the benchmark: a bare Bolt app with one {@code /hello} command that acks "hi",
 * served by the same stack as firstresponder (Jetty 12 ee10 + Bolt's jakarta servlet, the same
 * thread pool, the same Slack API URL override), and nothing else: no database, no outbox, no
 * middleware, no router. Whatever the real server costs above this is ours.
 *
 * <p>Run with the fat jar on the class path (it has Bolt, Jetty and logback): {@code java -cp
 * target/firstresponder.jar bench/HelloBolt.java}. Reads SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET,
 * SLACK_API_URL and PORT like the real server; prints {@code listening on port N} when ready.
 */
public final class HelloBolt {
  public static void main(String[] args) throws Exception {
    String apiUrl = System.getenv().getOrDefault("SLACK_API_URL", "https://slack.com/api/");
    if (!apiUrl.endsWith("/")) apiUrl = apiUrl + "/";
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "0"));

    SlackConfig slackConfig = new SlackConfig();
    slackConfig.setMethodsEndpointUrlPrefix(apiUrl);
    slackConfig.setPrettyResponseLoggingEnabled(false);
    AppConfig config =
        AppConfig.builder()
            .singleTeamBotToken(System.getenv("SLACK_BOT_TOKEN"))
            .signingSecret(System.getenv("SLACK_SIGNING_SECRET"))
            .build();
    config.setSlack(Slack.getInstance(slackConfig));

    App app = new App(config);
    app.command("/hello", (req, ctx) -> ctx.ack("hi"));

    // Same pool as dev.firstresponder.web.WebServer.
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("http");
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new SlackAppServlet(app)), "/slack/events");
    server.setHandler(context);
    server.start();
    System.out.println("listening on port " + connector.getLocalPort());
    server.join();
  }
}
