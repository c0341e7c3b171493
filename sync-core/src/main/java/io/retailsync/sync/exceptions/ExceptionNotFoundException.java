package io.retailsync.sync.exceptions;

import java.util.UUID;

public class ExceptionNotFoundException extends RuntimeException {

  public ExceptionNotFoundException(UUID id) {
    super("no exception entry " + id);
  }
}
