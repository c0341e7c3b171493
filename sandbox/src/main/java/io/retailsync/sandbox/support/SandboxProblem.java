package io.retailsync.sandbox.support;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** A refusal the API answers as a problem detail with its status, never as a 500. */
public class SandboxProblem extends RuntimeException {

  private final HttpStatus status;
  private final Map<String, Object> properties;

  public SandboxProblem(HttpStatus status, String detail, Map<String, Object> properties) {
    super(detail);
    this.status = status;
    this.properties = Map.copyOf(properties);
  }

  public static SandboxProblem notFound(String detail) {
    return new SandboxProblem(HttpStatus.NOT_FOUND, detail, Map.of());
  }

  public static SandboxProblem badRequest(String detail) {
    return new SandboxProblem(HttpStatus.BAD_REQUEST, detail, Map.of());
  }

  public static SandboxProblem unprocessable(String detail) {
    return new SandboxProblem(HttpStatus.UNPROCESSABLE_CONTENT, detail, Map.of());
  }

  public static SandboxProblem conflict(String detail) {
    return new SandboxProblem(HttpStatus.CONFLICT, detail, Map.of());
  }

  public HttpStatus status() {
    return status;
  }

  public Map<String, Object> properties() {
    return properties;
  }
}
