package io.retailsync.erp.sandbox;

import java.time.Duration;

/**
 * One HTTP call to the ERP that failed for a reason of the ERP's or the network's, never of the document.
 * Lives only inside the adapter: what leaves it is an {@link io.retailsync.erp.ErpUnavailableException}.
 */
final class ErpCallFailure extends RuntimeException {

  /** What the failure says about the request and whether trying again can help. */
  enum Kind {
    /** Never reached the ERP (connection refused, connect timeout): safe to send again as is. */
    NOT_SENT(true, false, true),
    /** The ERP asked to slow down (429): nothing was processed, and the ERP itself is fine. */
    RATE_LIMITED(true, false, false),
    /**
     * Sent, and the ERP answered without saying what it did (5xx, an unreadable body): a write may or may
     * not have been stored, but the ERP is done with it, so a lookup now tells.
     */
    AMBIGUOUS(true, true, true),
    /**
     * Sent, and no answer came (read timeout, connection cut mid-request): the ERP may still be processing
     * the write, so neither a lookup nor a second post within this operation could be trusted. The
     * operation ends; the caller waits out the ERP's processing time before looking it up.
     */
    NO_ANSWER(false, true, true),
    /** Not sent: the caller's time for this operation would run out before the call could finish. */
    OUT_OF_TIME(false, false, false),
    /** Refused for a reason waiting within one operation will not cure (401, 403, a redirect). */
    REFUSED(false, false, true);

    final boolean retryable;
    final boolean mayHaveBeenProcessed;
    final boolean countsAgainstCircuit;

    Kind(boolean retryable, boolean mayHaveBeenProcessed, boolean countsAgainstCircuit) {
      this.retryable = retryable;
      this.mayHaveBeenProcessed = mayHaveBeenProcessed;
      this.countsAgainstCircuit = countsAgainstCircuit;
    }
  }

  private final Kind kind;
  private final int status;
  private final Duration retryAfter;

  ErpCallFailure(Kind kind, int status, Duration retryAfter, String message, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  Kind kind() {
    return kind;
  }

  /** The HTTP status, 0 when no answer came. */
  int status() {
    return status;
  }

  /** The ERP's {@code Retry-After}, or null. */
  Duration retryAfter() {
    return retryAfter;
  }

  boolean mayHaveBeenProcessed() {
    return kind.mayHaveBeenProcessed;
  }
}
