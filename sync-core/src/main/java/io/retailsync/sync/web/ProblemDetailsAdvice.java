package io.retailsync.sync.web;

import io.retailsync.model.failure.PermanentSyncException;
import io.retailsync.sync.exceptions.ExceptionNotFoundException;
import io.retailsync.sync.exceptions.ExceptionStateConflictException;
import io.retailsync.sync.exceptions.ReplayRefusedException;
import io.retailsync.sync.kafka.FailureClassifier;
import io.retailsync.sync.lineage.LineageNotFoundException;
import io.retailsync.sync.security.ProblemResponses;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 problem details with a stable {@code type} URI. Bad input is a 4xx with the
 * reason; only a dependency that is away (the database) is a 503, so callers retry; a 500 means a bug.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
  private static final MediaType PROBLEM = MediaType.parseMediaType(ProblemResponses.PROBLEM_JSON);

  public static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(URI.create(ProblemResponses.TYPE_BASE + type));
    return ResponseEntity.status(status).contentType(PROBLEM).body(body);
  }

  @ExceptionHandler(ApiProblemException.class)
  ResponseEntity<ProblemDetail> apiProblem(ApiProblemException e) {
    return problem(e.status(), e.type(), e.getMessage());
  }

  @ExceptionHandler({ExceptionNotFoundException.class, LineageNotFoundException.class})
  ResponseEntity<ProblemDetail> notFound(RuntimeException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
  }

  @ExceptionHandler(ExceptionStateConflictException.class)
  ResponseEntity<ProblemDetail> conflict(ExceptionStateConflictException e) {
    return problem(HttpStatus.CONFLICT, "invalid-state", e.getMessage());
  }

  @ExceptionHandler(ReplayRefusedException.class)
  ResponseEntity<ProblemDetail> replayRefused(ReplayRefusedException e) {
    return problem(HttpStatus.UNPROCESSABLE_CONTENT, "replay-refused", e.getMessage());
  }

  @ExceptionHandler(PermanentSyncException.class)
  ResponseEntity<ProblemDetail> permanent(PermanentSyncException e) {
    return problem(HttpStatus.UNPROCESSABLE_CONTENT, e.exceptionType().toLowerCase().replace('_', '-'), e.getMessage());
  }

  /**
   * A dependency that is away (the database, an ERP) is a 503 with {@code Retry-After}, decided by the
   * same {@link FailureClassifier} the consumers use; anything else here is a bug.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    if (FailureClassifier.isTransient(e)) {
      log.warn("dependency unavailable: {}", FailureClassifier.reason(e));
      ResponseEntity<ProblemDetail> answer = problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
          "a dependency of this service is unavailable; retry later");
      return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
          .header(HttpHeaders.RETRY_AFTER, "5").body(answer.getBody());
    }
    log.error("unexpected failure", e);
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "unexpected failure; see the service log");
  }
}
