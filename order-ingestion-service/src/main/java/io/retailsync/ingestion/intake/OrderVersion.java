package io.retailsync.ingestion.intake;

import io.retailsync.model.Order;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One version of a marketplace order as a webhook or a poll delivered it: the order, the marketplace's
 * last-modified time that orders its versions, and whether the order is cancelled and its fulfilment
 * started at the marketplace.
 */
public record OrderVersion(Order order, Instant version, Instant cancelledAt, String cancelReason,
    boolean fulfilmentStarted) {

  public OrderVersion {
    Objects.requireNonNull(order, "order");
    // PostgreSQL keeps microseconds: a version compared with the stored one must be the stored one
    if (order.updatedAt() != null && order.updatedAt().getNano() % 1000 != 0) {
      order = order.withUpdatedAt(order.updatedAt().truncatedTo(ChronoUnit.MICROS));
    }
    version = version == null ? null : version.truncatedTo(ChronoUnit.MICROS);
    cancelledAt = cancelledAt == null ? null : cancelledAt.truncatedTo(ChronoUnit.MICROS);
  }

  /** A live order whose version is its {@code updatedAt}, else its {@code createdAt}. */
  public static OrderVersion of(Order order) {
    return new OrderVersion(order, versionOf(order), null, null, false);
  }

  public static Instant versionOf(Order order) {
    return (order.updatedAt() != null ? order.updatedAt() : order.createdAt()).truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * The idempotency key of the {@code OrderUpdated} of this version:
   * {@code {ref}:v{version millis}:{content}:r{revision}}. The revision (one more for each content change
   * stored) tells apart a change back to content applied before; the version and content parts keep the
   * key readable in the exception queue.
   */
  public static String updateKey(Order order, long revision) {
    return order.externalReference() + ":v" + versionOf(order).toEpochMilli() + ":"
        + ReceiveOrder.contentHash(order).substring(0, 12) + ":r" + revision;
  }

  /** The revision an {@link #updateKey} names; -1 for a key without one (written before revisions). */
  public static long revisionOf(String updateKey) {
    int at = updateKey == null ? -1 : updateKey.lastIndexOf(":r");
    if (at < 0) {
      return -1;
    }
    try {
      return Long.parseLong(updateKey.substring(at + 2));
    } catch (NumberFormatException notARevision) {
      return -1;
    }
  }

  /** The idempotency key of an order's {@code OrderCancelled}. */
  public static String cancelKey(String externalReference) {
    return externalReference + ":cancel";
  }

  public boolean cancelled() {
    return cancelledAt != null;
  }
}
