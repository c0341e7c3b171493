package io.retailsync.erp;

import io.retailsync.model.failure.TransientSyncException;
import java.time.Duration;
import java.util.Optional;

/** The ERP could not be reached or did not answer usefully after the adapter's own retries. */
public class ErpUnavailableException extends TransientSyncException {

  private final Duration retryAfter;
  private final boolean mayStillBeProcessing;

  public ErpUnavailableException(String message) {
    this(message, null, null);
  }

  public ErpUnavailableException(String message, Throwable cause) {
    this(message, cause, null);
  }

  public ErpUnavailableException(String message, Throwable cause, Duration retryAfter) {
    this(message, cause, retryAfter, false);
  }

  public ErpUnavailableException(String message, Throwable cause, Duration retryAfter, boolean mayStillBeProcessing) {
    super(message, cause);
    this.retryAfter = retryAfter;
    this.mayStillBeProcessing = mayStillBeProcessing;
  }

  /**
   * Whether a write was sent and no answer came (a read timeout, a connection cut mid-request): the ERP may
   * still be processing it, so a lookup now could miss a document that appears a moment later. A caller
   * should wait out the ERP's processing time before looking it up or posting it again.
   */
  public boolean mayStillBeProcessing() {
    return mayStillBeProcessing;
  }

  /** How long the ERP asked callers to wait ({@code Retry-After}), when it said so. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
