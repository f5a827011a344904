package dev.firstresponder.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The one database of the service. Every piece of state lives here, never only in memory, so a
 * restart (or, later, a second instance on PostgreSQL) sees the same truth.
 */
public final class Database {
  private final Jdbi jdbi;
  private final DataSource dataSource;

  private Database(DataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
  }

  /** Opens (creating the file and its folder if needed) and migrates to the newest schema. */
  public static Database open(String jdbcUrl) {
    createParentFolder(jdbcUrl);
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.enforceForeignKeys(true);
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    sqlite.setBusyTimeout(10_000);
    // IMMEDIATE takes the write lock at BEGIN: a read-then-write transaction can then wait on the
    // busy timeout instead of failing with SQLITE_BUSY when another writer got there first.
    sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource ds = new SQLiteDataSource(sqlite);
    ds.setUrl(jdbcUrl);
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    return new Database(ds);
  }

  private static void createParentFolder(String jdbcUrl) {
    String path = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = path.indexOf('?');
    if (query >= 0) path = path.substring(0, query);
    if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) return;
    Path parent = Path.of(path).toAbsolutePath().getParent();
    try {
      if (parent != null) Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the database folder " + parent, e);
    }
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** True when the database answers a query that reads a real page of the file. */
  public boolean healthy() {
    try {
      return jdbi.withHandle(
          h -> h.createQuery("SELECT count(*) FROM outbox").mapTo(Long.class).one() >= 0);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
