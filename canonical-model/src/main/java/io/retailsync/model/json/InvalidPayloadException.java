package io.retailsync.model.json;

import io.retailsync.model.failure.PermanentSyncException;

/** A payload that is not JSON or not the expected schema. Filed as {@code INVALID_PAYLOAD}. */
public class InvalidPayloadException extends PermanentSyncException {

  public static final String TYPE = "INVALID_PAYLOAD";

  public InvalidPayloadException(String message, Throwable cause) {
    super(TYPE, message, cause);
  }

  public InvalidPayloadException(String message) {
    super(TYPE, message);
  }
}
