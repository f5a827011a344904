package dev.firstresponder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
  @TempDir Path dir;

  @Test
  void migrationsCreateTheSchemaInANewFolderAndAreIdempotentOnRestart() {
    String url = "jdbc:sqlite:" + dir.resolve("nested/folder/fr.db");

    Database first = Database.open(url);
    List<String> applied =
        first
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank")
                        .mapTo(String.class)
                        .list());
    first
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "INSERT INTO person (slack_user_id, github_login, updated_at) VALUES ('U1', 'alice', 0)"));

    Database second = Database.open(url);
    List<String> appliedAgain =
        second
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank")
                        .mapTo(String.class)
                        .list());

    assertThat(applied).isNotEmpty().contains("1");
    assertThat(appliedAgain).isEqualTo(applied);
    String login =
        second
            .jdbi()
            .withHandle(
                h -> h.createQuery("SELECT github_login FROM person").mapTo(String.class).one());
    assertThat(login).isEqualTo("alice");
    assertThat(second.healthy()).isTrue();
  }

  @Test
  void walAndForeignKeysAreOn() {
    Database db = Database.open("jdbc:sqlite:" + dir.resolve("fr.db"));

    String mode =
        db.jdbi().withHandle(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
    int fk =
        db.jdbi().withHandle(h -> h.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one());

    assertThat(mode).isEqualToIgnoringCase("wal");
    assertThat(fk).isEqualTo(1);
  }
}
