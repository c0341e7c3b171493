package io.retailsync.sandbox.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as an RFC 9457 problem detail. The base class covers Spring MVC's own refusals
 * (unreadable JSON: 400, unknown path: 404, wrong method: 405, ...).
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(SandboxProblem.class)
  ResponseEntity<ProblemDetail> sandboxProblem(SandboxProblem problem) {
    ProblemDetail detail = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
    problem.properties().forEach(detail::setProperty);
    return ResponseEntity.status(problem.status()).body(detail);
  }

  /** PostgreSQL away or overloaded: worth retrying, so 503 rather than 500. */
  @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
      TransientDataAccessException.class})
  ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e) {
    log.warn("database unavailable: {}", e.getMessage());
    ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
        "the sandbox's database is unavailable");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").body(detail);
  }

  /**
   * A value the database cannot store (a date beyond its range, a NUL character, a number too large): like
   * a real ERP's validation, the document is refused with 422, so the caller does not retry it forever.
   */
  @ExceptionHandler(org.springframework.dao.DataIntegrityViolationException.class)
  ResponseEntity<ProblemDetail> unstorable(RuntimeException e) {
    ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
        "the document holds a value the ERP cannot store");
    return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(detail);
  }

  /** A bug, not bad input: still a problem detail, without internals. */
  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("unexpected failure", e);
    ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
        "the sandbox failed unexpectedly; see its log");
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(detail);
  }
}
