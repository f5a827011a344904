package dev.firstresponder;

import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the settings, starts the service, and stops it cleanly on SIGTERM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Config config;
    try {
      config = Config.load(Path.of("").toAbsolutePath());
    } catch (Config.ConfigException e) {
      System.err.println("firstresponder cannot start; fix these settings (environment or .env):");
      for (String problem : e.problems()) System.err.println("  - " + problem);
      System.exit(2);
      return;
    }
    Logger log = LoggerFactory.getLogger(Main.class);
    Application app;
    try {
      app = Application.start(config, Clock.systemUTC(), Application.Tuning.fromSystemProperties());
    } catch (Exception e) {
      log.error("could not start: {}", e.toString(), e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
    log.info("listening on port {}", app.port());
    if (Boolean.getBoolean("firstresponder.exitAfterStart")) {
      // The build's class-data-sharing training run: start fully, then stop (see pom.xml).
      System.exit(0);
    }
  }
}
