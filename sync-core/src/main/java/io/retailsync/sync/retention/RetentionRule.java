package io.retailsync.sync.retention;

import java.time.Duration;
import java.util.Objects;

/**
 * One thing to purge: rows of {@code table} whose {@code timestampColumn} is older than {@code window}
 * and that match {@code condition} (SQL over the table's own columns, may be empty). The column must be
 * indexed (with the condition as a partial index where there is one), so each batch finds its rows
 * without a scan. Values in the condition are named parameters ({@code :scope}) given in
 * {@code parameters}, never spliced into the SQL. A service adds its own rules as beans of this type.
 */
public record RetentionRule(String name, String table, String timestampColumn, String condition, Duration window,
    java.util.Map<String, Object> parameters) {

  public RetentionRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(timestampColumn, "timestampColumn");
    Objects.requireNonNull(window, "window");
    condition = condition == null ? "" : condition;
    parameters = parameters == null ? java.util.Map.of() : java.util.Map.copyOf(parameters);
  }

  /** A rule whose condition has no parameters of its own. */
  public RetentionRule(String name, String table, String timestampColumn, String condition, Duration window) {
    this(name, table, timestampColumn, condition, window, null);
  }

  String deleteBatch() {
    String where = timestampColumn + " < :before" + (condition.isBlank() ? "" : " AND (" + condition + ")");
    return "DELETE FROM " + table + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + table + " WHERE " + where
        + " LIMIT :limit))";
  }
}
