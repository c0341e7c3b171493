package io.retailsync.model.failure;

/**
 * A failure that waiting can cure: a timeout, a 5xx, a 429, an open circuit breaker, the database
 * away. Consumers back off and keep the record; it never goes to a dead-letter topic.
 */
public class TransientSyncException extends RuntimeException {

  public TransientSyncException(String message) {
    super(message);
  }

  public TransientSyncException(String message, Throwable cause) {
    super(message, cause);
  }
}
