package io.retailsync.sync.kafka;

import io.retailsync.model.failure.PermanentSyncException;
import io.retailsync.model.failure.TransientSyncException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Decides whether a failure can be cured by waiting. Transient failures never reach a dead-letter topic:
 * the consumer backs off and pauses, and the backlog stays in Kafka.
 */
public final class FailureClassifier {

  /** Exception types (matched anywhere in the cause chain) that waiting can cure. */
  public static final List<Class<? extends Throwable>> TRANSIENT = List.of(
      TransientSyncException.class,
      TransientDataAccessException.class,
      DataAccessResourceFailureException.class,
      CannotCreateTransactionException.class,
      RetriableException.class,
      SocketTimeoutException.class,
      HttpTimeoutException.class,
      ConnectException.class);

  private FailureClassifier() {}

  public static boolean isTransient(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof PermanentSyncException) {
        return false;
      }
      if (isConnectionFailure(cause)) {
        return true;
      }
      // a rollback that failed hides the failure that caused it; Spring keeps that one aside
      if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
          && isTransient(rollback.getApplicationException())) {
        return true;
      }
      for (Class<? extends Throwable> type : TRANSIENT) {
        if (type.isInstance(cause)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A database connection that failed or could not be had (SQLSTATE class 08, or the JDBC transient
   * types), also where Spring reports it as something else, e.g. a rollback that failed because the
   * connection had gone.
   */
  private static boolean isConnectionFailure(Throwable cause) {
    if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
      return true;
    }
    return cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08");
  }

  /** The exception-queue type of a permanent failure. */
  public static String exceptionType(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof PermanentSyncException permanent) {
        return permanent.exceptionType();
      }
    }
    return "PROCESSING_FAILED";
  }

  /** The most specific message in the cause chain, for an exception entry's reason. */
  public static String reason(Throwable failure) {
    Throwable deepest = failure;
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof PermanentSyncException) {
        return cause.getMessage();
      }
      deepest = cause;
    }
    return deepest.getClass().getSimpleName() + (deepest.getMessage() == null ? "" : ": " + deepest.getMessage());
  }
}
