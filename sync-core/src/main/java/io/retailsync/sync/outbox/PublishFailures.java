package io.retailsync.sync.outbox;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Sorts what Kafka answered for one outbox row: refused for good (the record can never be taken as it is)
 * or failed for now. Only refusals that name the record itself are permanent; everything else (no broker,
 * timeouts, not enough replicas, even authorisation, which operations fix) is waited out.
 */
final class PublishFailures {

  /** The row could not even be made into a Kafka record (an attribute the CloudEvents binding refuses). */
  static final class Refused extends RuntimeException {
    Refused(Throwable cause) {
      super("the row cannot be made into a CloudEvents record: " + cause.getMessage(), cause);
    }
  }

  private PublishFailures() {}

  static boolean isPermanent(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof Refused || cause instanceof RecordTooLargeException
          || cause instanceof RecordBatchTooLargeException || cause instanceof InvalidRecordException
          || cause instanceof SerializationException || cause instanceof InvalidTopicException) {
        return true;
      }
    }
    return false;
  }

  static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder(failure.toString());
    for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      text.append(" <- ").append(cause);
    }
    return text.length() > 2000 ? text.substring(0, 2000) : text.toString();
  }
}
