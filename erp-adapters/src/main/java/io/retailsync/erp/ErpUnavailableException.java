package io.retailsync.erp;

import io.retailsync.model.failure.TransientSyncException;
import java.time.Duration;
import java.util.Optional;

/** The ERP could not be reached or did not answer usefully after the adapter's own retries. */
public class ErpUnavailableException extends TransientSyncException {

  private final Duration retryAfter;

  public ErpUnavailableException(String message) {
    this(message, null, null);
  }

  public ErpUnavailableException(String message, Throwable cause) {
    this(message, cause, null);
  }

  public ErpUnavailableException(String message, Throwable cause, Duration retryAfter) {
    super(message, cause);
    this.retryAfter = retryAfter;
  }

  /** How long the ERP asked callers to wait ({@code Retry-After}), when it said so. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
