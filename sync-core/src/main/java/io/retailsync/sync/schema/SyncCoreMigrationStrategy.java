package io.retailsync.sync.schema;

import org.flywaydb.core.Flyway;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Migrates the service's own schema, then sync-core's tables into the same schema with their own
 * history table ({@code sync_core_schema_history}), so sync-core and each service version their
 * migrations independently.
 */
public final class SyncCoreMigrationStrategy implements FlywayMigrationStrategy {

  public static final String LOCATION = "classpath:db/sync-core";
  public static final String HISTORY_TABLE = "sync_core_schema_history";

  @Override
  public void migrate(Flyway serviceFlyway) {
    serviceFlyway.migrate();
    Flyway.configure()
        .configuration(serviceFlyway.getConfiguration())
        .locations(LOCATION)
        .table(HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
