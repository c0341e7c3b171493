package io.retailsync.inventory.snapshots;

import io.retailsync.inventory.projection.InventoryProjection;
import io.retailsync.model.json.CanonicalJson;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a stock count (from a WMS, a 3PL, or the ERP's export) once by its id. The count is recorded
 * first, then applied in chunks of SKUs, each in its own transaction, so a count of every SKU never holds
 * every SKU's lock at once (orders keep flowing meanwhile); a count whose application was cut short (a
 * crash, a restart) is completed by its repeat, since applying a chunk again changes nothing.
 */
@Service
public class ReceiveSnapshot {

  public enum Outcome { APPLIED, REPEAT, CONFLICT }

  public record Result(Outcome outcome, int items, int applied) {}

  public record Count(String snapshotId, String location, Instant takenAt, Map<String, Integer> items, String source) {}

  static final int CHUNK = 500;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final InventoryProjection projection;
  private final java.time.Clock clock;

  ReceiveSnapshot(JdbcClient jdbc, TransactionTemplate transactions, InventoryProjection projection,
      java.time.Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.projection = projection;
  }

  public Result receive(Count count) {
    String hash = hash(count);
    // a count cannot be of a moment not yet come: a sender's clock a little ahead is taken as now, so
    // shipments recorded meanwhile are not taken for already counted (the content hash keeps the time sent,
    // the stored row the time applied, which a repeat reuses)
    Instant effective = count.takenAt().isAfter(clock.instant()) ? clock.instant() : count.takenAt();
    record Known(String hash, boolean completed, int applied, Instant takenAt) {}
    Optional<Known> known = transactions.execute(status -> {
      int inserted = jdbc.sql("""
              INSERT INTO stock_snapshots (snapshot_id, location, taken_at, content_hash, items, applied, source)
              VALUES (:id, :location, :takenAt, :hash, :items, 0, :source) ON CONFLICT DO NOTHING""")
          .param("id", count.snapshotId()).param("location", count.location())
          .param("takenAt", Timestamp.from(effective)).param("hash", hash).param("items", count.items().size())
          .param("source", count.source()).update();
      if (inserted == 1) {
        return Optional.<Known>empty();
      }
      return Optional.of(jdbc.sql("""
              SELECT content_hash, completed_at IS NOT NULL, applied, taken_at FROM stock_snapshots WHERE snapshot_id = :id""")
          .param("id", count.snapshotId())
          .query((rs, row) -> new Known(rs.getString(1), rs.getBoolean(2), rs.getInt(3), rs.getTimestamp(4).toInstant()))
          .single());
    });
    if (known.isPresent()) {
      if (!known.get().hash().equals(hash)) {
        return new Result(Outcome.CONFLICT, count.items().size(), 0);
      }
      if (known.get().completed()) {
        return new Result(Outcome.REPEAT, count.items().size(), known.get().applied());
      }
    }
    Instant takenAt = known.map(Known::takenAt).orElse(effective);
    List<Map.Entry<String, Integer>> items = new ArrayList<>(new java.util.TreeMap<>(count.items()).entrySet());
    int applied = 0;
    for (int from = 0; from < items.size(); from += CHUNK) {
      Map<String, Integer> chunk = new LinkedHashMap<>();
      items.subList(from, Math.min(items.size(), from + CHUNK)).forEach(item -> chunk.put(item.getKey(), item.getValue()));
      applied += projection.count(count.snapshotId(), count.location(), takenAt, chunk);
    }
    int changed = applied;
    transactions.executeWithoutResult(status -> jdbc.sql("""
            UPDATE stock_snapshots SET completed_at = now(), applied = applied + :applied WHERE snapshot_id = :id""")
        .param("applied", changed).param("id", count.snapshotId()).update());
    return new Result(known.isPresent() ? Outcome.REPEAT : Outcome.APPLIED, count.items().size(), applied);
  }

  private static String hash(Count count) {
    return io.retailsync.model.json.Sha256.hex(CanonicalJson.toBytes(List.of(count.location(),
        count.takenAt().toString(), new java.util.TreeMap<>(count.items()))));
  }
}
