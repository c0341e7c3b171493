package io.retailsync.sync.exceptions;

/** An action on an entry whose status does not allow it (e.g. replaying a discarded entry). */
public class ExceptionStateConflictException extends RuntimeException {

  public ExceptionStateConflictException(String message) {
    super(message);
  }
}
