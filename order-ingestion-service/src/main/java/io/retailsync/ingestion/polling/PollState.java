package io.retailsync.ingestion.polling;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each polled account's progress in PostgreSQL: the watermark (the latest last-modified time of a run read
 * to its end) and the run in progress (where it started reading, the cursor of its next page, the latest
 * time seen so far). A run is held by one instance at a time through a lease, renewed page by page.
 */
@Repository
public class PollState {

  /** A run to continue, or to start when {@code cursor} is null and {@code pages} 0. */
  public record Run(Instant since, String cursor, Instant latest, int pages, Instant watermark, Instant startedAt) {}

  private final JdbcClient jdbc;
  private final Clock clock;

  PollState(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Takes the account's run lease for {@code lease} and returns the run to work on: the one in progress,
   * or a new one from the watermark minus the overlap (from now minus the initial lookback for a new
   * account). Empty when another instance holds the lease.
   */
  @Transactional
  public Optional<Run> claim(String account, String channel, String owner, Duration lease, Duration overlap,
      Duration initialLookback) {
    Instant now = clock.instant();
    jdbc.sql("INSERT INTO poll_state (account, channel) VALUES (:account, :channel) ON CONFLICT (account) DO NOTHING")
        .param("account", account).param("channel", channel).update();
    int claimed = jdbc.sql("""
            UPDATE poll_state SET lease_owner = :owner, lease_until = :until, updated_at = :now
             WHERE account = :account AND (lease_owner IS NULL OR lease_owner = :owner OR lease_until < :now)""")
        .param("owner", owner).param("until", Timestamp.from(now.plus(lease))).param("now", Timestamp.from(now))
        .param("account", account).update();
    if (claimed == 0) {
      return Optional.empty();
    }
    return Optional.of(jdbc.sql("""
            SELECT watermark, run_since, run_cursor, run_latest, run_pages, run_started_at
              FROM poll_state WHERE account = :account""")
        .param("account", account)
        .query((rs, row) -> {
          Instant watermark = instant(rs.getTimestamp(1));
          Instant runSince = instant(rs.getTimestamp(2));
          if (runSince != null) {
            Instant startedAt = instant(rs.getTimestamp(6));
            return new Run(runSince, rs.getString(3), instant(rs.getTimestamp(4)), rs.getInt(5), watermark,
                startedAt == null ? now : startedAt);
          }
          Instant since = watermark == null ? now.minus(initialLookback) : watermark.minus(overlap);
          return new Run(since, null, watermark, 0, watermark, now);
        }).single());
  }

  /**
   * Records a page as handled: the next page's cursor and the latest time seen; on the last page the run
   * ends and the watermark moves (never back) to {@link #watermarkAfter}. Refused (false) when the lease
   * was lost meanwhile.
   */
  @Transactional(propagation = Propagation.REQUIRED)
  public boolean pageHandled(String account, String owner, Run run, String nextCursor, Instant latest,
      boolean last, Duration lease, Duration overlap) {
    Instant now = clock.instant();
    if (last) {
      Instant watermark = watermarkAfter(run.startedAt(), latest, overlap);
      return jdbc.sql("""
              UPDATE poll_state SET watermark = CASE WHEN watermark IS NULL OR :latest > watermark THEN :latest ELSE watermark END,
                     run_since = NULL, run_cursor = NULL, run_latest = NULL, run_pages = 0, run_started_at = NULL,
                     last_success_at = :now, last_error = NULL, lease_until = :until, updated_at = :now
               WHERE account = :account AND lease_owner = :owner""")
          .param("latest", Timestamp.from(watermark)).param("now", Timestamp.from(now))
          .param("until", Timestamp.from(now.plus(lease))).param("account", account).param("owner", owner)
          .update() == 1;
    }
    return jdbc.sql("""
            UPDATE poll_state SET run_since = :since, run_cursor = :cursor, run_latest = :latest,
                   run_started_at = coalesce(run_started_at, :startedAt),
                   run_pages = run_pages + 1, lease_until = :until, updated_at = :now
             WHERE account = :account AND lease_owner = :owner""")
        .param("since", Timestamp.from(run.since())).param("cursor", nextCursor)
        .param("startedAt", Timestamp.from(run.startedAt()))
        .param("latest", latest == null ? null : Timestamp.from(latest))
        .param("until", Timestamp.from(now.plus(lease))).param("now", Timestamp.from(now))
        .param("account", account).param("owner", owner).update() == 1;
  }

  /**
   * Where a run read to its end leaves the watermark. Every order modified before the run started was on
   * one of its pages, so the run's start (less the overlap, for the marketplace's indexing delay and clock)
   * is safe; where the marketplace's own times seen reach past that, they are trusted, but never past the
   * run's start: an order modified while the run read its pages (perhaps one already read) is read again
   * by the next run.
   */
  static Instant watermarkAfter(Instant runStartedAt, Instant latestSeen, Duration overlap) {
    Instant floor = runStartedAt.minus(overlap);
    if (latestSeen == null || !latestSeen.isAfter(floor)) {
      return floor;
    }
    return latestSeen.isAfter(runStartedAt) ? runStartedAt : latestSeen;
  }

  /** A run that could not go on (the marketplace away): kept as it is, to resume from the same page. */
  @Transactional
  public void failed(String account, String owner, String error) {
    Instant now = clock.instant();
    jdbc.sql("""
            UPDATE poll_state SET last_error = :error, last_error_at = :now, lease_owner = NULL, lease_until = NULL,
                   updated_at = :now
             WHERE account = :account AND lease_owner = :owner""")
        .param("error", error == null ? null : error.substring(0, Math.min(error.length(), 1000)))
        .param("now", Timestamp.from(now)).param("account", account).param("owner", owner).update();
  }

  /** Forgets the run's cursor: the next round reads the run from its first page again. */
  @Transactional
  public void restartRun(String account) {
    jdbc.sql("UPDATE poll_state SET run_cursor = NULL, run_pages = 0, updated_at = now() WHERE account = :account")
        .param("account", account).update();
  }

  @Transactional
  public void release(String account, String owner) {
    jdbc.sql("UPDATE poll_state SET lease_owner = NULL, lease_until = NULL WHERE account = :account AND lease_owner = :owner")
        .param("account", account).param("owner", owner).update();
  }

  /** The account's watermark, if it has one. */
  public Optional<Instant> watermark(String account) {
    return jdbc.sql("SELECT watermark FROM poll_state WHERE account = :account").param("account", account)
        .query((rs, row) -> instant(rs.getTimestamp(1))).optional().filter(java.util.Objects::nonNull);
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
