package io.retailsync.inventory.projection;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Whole-catalogue work, SKU page by SKU page (each page one transaction with its SKUs' locks, so orders
 * keep flowing): recomputing every position after a channel rule changed, and queuing every SKU's current
 * quantity for the channels named (a full baseline: at start, for a new channel, on demand). A baseline
 * pushes a quantity even when it did not change, since the channel may not hold it.
 */
@Component
public class PositionRecompute implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(PositionRecompute.class);
  static final int PAGE = 500;

  private final InventoryProjection projection;
  private final PositionChanges positions;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "inventory-recompute");
    thread.setDaemon(true);
    return thread;
  });

  PositionRecompute(InventoryProjection projection, PositionChanges positions, TransactionTemplate transactions,
      Clock clock) {
    this.projection = projection;
    this.positions = positions;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** Recomputes every SKU's position (in the background); only changed values are published and pushed. */
  public void recomputeAllLater() {
    worker.submit(() -> run("recompute", null));
  }

  /** Queues every SKU's quantity for the channels (all when empty), in the background. */
  public void baselineLater(List<String> channels) {
    worker.submit(() -> run("baseline", channels));
  }

  /** The same, now, on the caller's thread; returns how many SKUs were queued. */
  public int baseline(List<String> channels) {
    return run("baseline", channels);
  }

  private int run(String what, List<String> channels) {
    int done = 0;
    String after = "";
    try {
      while (true) {
        List<String> page = projection.skusAfter(after, PAGE);
        if (page.isEmpty()) {
          break;
        }
        retrying(() -> transactions.executeWithoutResult(status -> {
          Map<String, SkuStock> stocks = projection.lock(page);
          if (channels == null) {
            positions.changed(stocks.values(), clock.instant());
          } else {
            List<PositionChanges.Queued> quantities = new java.util.ArrayList<>();
            for (SkuStock stock : stocks.values()) {
              var position = positions.position(stock, 0);
              position.atpByChannel().forEach((channel, quantity) -> {
                if (channels.isEmpty() || channels.contains(channel)) {
                  quantities.add(new PositionChanges.Queued(channel, stock.sku(), quantity,
                      positions.urgent(channel, quantity), clock.instant()));
                }
              });
            }
            positions.queuePushes(quantities);
          }
        }));
        done += page.size();
        after = page.get(page.size() - 1);
      }
      log.info("inventory {} done for {} SKUs", what, done);
    } catch (RuntimeException e) {
      log.warn("inventory {} stopped after {} SKUs: {}", what, done, e.toString());
      if (channels != null && worker.isShutdown()) {
        throw e;
      }
    }
    return done;
  }

  /** A page that lost a deadlock or met a database blip is tried again (three times) rather than ending the run. */
  private static void retrying(Runnable page) {
    for (int attempt = 1; ; attempt++) {
      try {
        page.run();
        return;
      } catch (RuntimeException e) {
        if (attempt >= 3 || !io.retailsync.sync.kafka.FailureClassifier.isTransient(e)) {
          throw e;
        }
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @Override
  public void destroy() {
    worker.shutdownNow();
  }
}
