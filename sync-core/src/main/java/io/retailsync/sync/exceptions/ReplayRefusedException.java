package io.retailsync.sync.exceptions;

/** A replay that cannot succeed as things stand; the entry stays open. */
public class ReplayRefusedException extends RuntimeException {

  public ReplayRefusedException(String message) {
    super(message);
  }
}
