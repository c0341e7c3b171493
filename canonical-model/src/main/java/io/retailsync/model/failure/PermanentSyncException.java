package io.retailsync.model.failure;

/**
 * A failure that waiting cannot cure: a payload or a business rule that will fail again however often
 * it is retried. After bounded retries it goes to the dead-letter topic and the exception queue.
 */
public class PermanentSyncException extends RuntimeException {

  private final String exceptionType;

  public PermanentSyncException(String exceptionType, String message) {
    super(message);
    this.exceptionType = exceptionType;
  }

  public PermanentSyncException(String exceptionType, String message, Throwable cause) {
    super(message, cause);
    this.exceptionType = exceptionType;
  }

  /** The exception-queue type this failure is filed under, e.g. {@code INVALID_PAYLOAD}. */
  public String exceptionType() {
    return exceptionType;
  }
}
