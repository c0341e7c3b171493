package io.retailsync.ingestion.polling;

import io.retailsync.sync.exceptions.ExceptionEntry;
import io.retailsync.sync.exceptions.ExceptionReplayer;
import io.retailsync.sync.exceptions.ReplayRefusedException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Replays a polled order that could not be taken in (a mapping fixed since, say): the order is read again
 * from the marketplace, by moving its account's watermark back to just before the order's last-modified
 * time. The next run re-reads from there; what it had taken in already is recognised and changes nothing.
 */
@Component
class ReplayPolledOrder implements ExceptionReplayer {

  static final String KIND = "poll-reread";

  private final JdbcClient jdbc;

  ReplayPolledOrder(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void replay(ExceptionEntry entry) {
    String account = entry.replayTarget();
    String modified = entry.payloadHeaders() == null ? null : entry.payloadHeaders().get("lastModified");
    if (account == null || modified == null) {
      throw new ReplayRefusedException("the entry names no account or last-modified time to read the order again from");
    }
    Timestamp from;
    try {
      from = Timestamp.from(Instant.parse(modified).minusSeconds(1));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new ReplayRefusedException("the order's last-modified time " + modified + " is not a time to read from");
    }
    int moved = jdbc.sql("""
            UPDATE poll_state SET watermark = CASE WHEN watermark IS NULL OR watermark > :from THEN :from ELSE watermark END,
                   run_since = CASE WHEN run_since IS NOT NULL AND run_since > :from THEN :from ELSE run_since END,
                   run_cursor = CASE WHEN run_since IS NOT NULL AND run_since > :from THEN NULL ELSE run_cursor END,
                   run_pages = CASE WHEN run_since IS NOT NULL AND run_since > :from THEN 0 ELSE run_pages END,
                   updated_at = now()
             WHERE account = :account""")
        .param("from", from).param("account", account).update();
    if (moved == 0) {
      throw new ReplayRefusedException("no polled account " + account);
    }
  }
}
