package io.retailsync.ingestion.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Order-ingestion settings ({@code sync.ingestion}).
 *
 * @param genericChannels the channel accounts that post canonical orders through {@code POST /api/orders}
 *     (marketplaces without a connector)
 * @param postingLanes concurrent posting consumers (a few: a real ERP serialises on its stock rows)
 * @param postingBatchSize orders per poll and per ERP batch
 * @param claimLease how long a posting claim keeps other callers away; must outlast the batch budget plus
 *     the longest ERP call, so a claim never runs out while its holder is still posting
 * @param batchBudget no ERP call of a batch starts after this; the batch budget plus the longest ERP call
 *     stay below the consumer's {@code max.poll.interval.ms}
 * @param inFlightGrace how long the ERP may go on processing a write whose answer never came (a read
 *     timeout); nobody looks such a document up, or takes over the claims of an instance that died, sooner
 * @param sweepInterval how often the sweeper looks for orders left unposted
 * @param stuckAfter how long an order may stay received and unclaimed before the sweeper posts it
 * @param sweepBatch orders the sweeper takes per round
 */
@ConfigurationProperties("sync.ingestion")
public record IngestionProperties(
    @DefaultValue({}) List<String> genericChannels,
    @DefaultValue("2") int postingLanes,
    @DefaultValue("20") int postingBatchSize,
    @DefaultValue("5m") Duration claimLease,
    @DefaultValue("2m") Duration batchBudget,
    @DefaultValue("1m") Duration inFlightGrace,
    @DefaultValue("1m") Duration sweepInterval,
    @DefaultValue("10m") Duration stuckAfter,
    @DefaultValue("50") int sweepBatch) {

  public IngestionProperties {
    require(postingLanes >= 1, "sync.ingestion.posting-lanes must be at least 1");
    require(postingBatchSize >= 1, "sync.ingestion.posting-batch-size must be at least 1");
    require(positive(claimLease) && positive(batchBudget) && positive(inFlightGrace) && positive(sweepInterval)
        && positive(stuckAfter),
        "sync.ingestion durations must be positive");
    require(stuckAfter.compareTo(claimLease) >= 0,
        "sync.ingestion.stuck-after must not be shorter than claim-lease");
    require(sweepBatch >= 1, "sync.ingestion.sweep-batch must be at least 1");
  }

  /**
   * How long an instance must have been silent before its claims are anybody's: it may still be in an ERP
   * call it started before its batch deadline, and the ERP may go on storing a write after that call gave
   * up; only after all of that is nothing of its still under way.
   */
  public Duration takeoverAfter(io.retailsync.erp.ErpProperties erp) {
    return inFlightGrace.plus(batchBudget).plus(erp.maxCallTime());
  }

  private static boolean positive(Duration duration) {
    return duration != null && !duration.isNegative() && !duration.isZero();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
