package io.retailsync.ingestion.erpposting;

import io.retailsync.erp.ErpUnavailableException;
import io.retailsync.ingestion.config.IngestionProperties;
import io.retailsync.sync.idempotency.IdempotencyStore;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives back the idempotency claims of an ERP call that failed, so its retry (a new call, a new owner) can
 * take them: at once when nothing of theirs reached the ERP, and only after the in-flight grace for the
 * documents of a write whose answer never came. The ERP may still be storing those; a lookup sooner could
 * miss them and lead to a second post.
 */
@Component
public class ErpClaims {

  private static final Logger log = LoggerFactory.getLogger(ErpClaims.class);

  private final IdempotencyStore idempotency;
  private final TransactionTemplate transactions;
  private final IngestionProperties properties;

  ErpClaims(IdempotencyStore idempotency, TransactionTemplate transactions, IngestionProperties properties) {
    this.idempotency = idempotency;
    this.transactions = transactions;
    this.properties = properties;
  }

  /** One claim, whose document was sent in the call that failed. */
  public void giveBack(String scope, String key, String owner, RuntimeException failure) {
    giveBack(scope, List.of(key), List.of(key), owner, failure);
  }

  /**
   * @param held every key the caller still holds
   * @param sent the keys whose documents went out in the call that failed (a subset of {@code held})
   * @param failure the call's failure; null when nothing was sent (a plain release)
   */
  public void giveBack(String scope, Collection<String> held, Collection<String> sent, String owner,
      RuntimeException failure) {
    boolean inFlight = failure instanceof ErpUnavailableException unavailable && unavailable.mayStillBeProcessing();
    List<String> waiting = inFlight ? List.copyOf(sent) : List.of();
    List<String> free = held.stream().filter(key -> !waiting.contains(key)).toList();
    try {
      transactions.executeWithoutResult(status -> {
        if (!free.isEmpty()) {
          idempotency.releaseLeases(scope, free, owner);
        }
        if (!waiting.isEmpty()) {
          idempotency.renewLeases(scope, waiting, owner, properties.inFlightGrace());
        }
      });
    } catch (RuntimeException couldNot) {
      // the database is away too: the leases run out by themselves
      log.debug("could not give back the claims of a failed ERP call: {}", couldNot.toString());
    }
  }
}
