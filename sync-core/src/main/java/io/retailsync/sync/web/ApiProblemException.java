package io.retailsync.sync.web;

import org.springframework.http.HttpStatus;

/** A request that fails for a reason the caller should see, rendered as a problem detail. */
public class ApiProblemException extends RuntimeException {

  private final HttpStatus status;
  private final String type;

  public ApiProblemException(HttpStatus status, String type, String detail) {
    super(detail);
    this.status = status;
    this.type = type;
  }

  public HttpStatus status() {
    return status;
  }

  public String type() {
    return type;
  }
}
