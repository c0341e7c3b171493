package io.retailsync.sandbox.walmart;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Failures on the marketplace paths answered in Walmart's error JSON, not as problem details. */
@RestControllerAdvice(assignableTypes = WalmartApiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class WalmartApiErrorAdvice {

  private static final Logger log = LoggerFactory.getLogger(WalmartApiErrorAdvice.class);

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e) {
    log.error("the Walmart stand-in failed unexpectedly", e);
    return WalmartErrors.systemError("the sandbox failed unexpectedly; see its log");
  }
}
