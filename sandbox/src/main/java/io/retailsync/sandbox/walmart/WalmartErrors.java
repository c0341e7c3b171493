package io.retailsync.sandbox.walmart;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Walmart's own error body, as the Marketplace gateway and the order API send it:
 * {@code {"errors": {"error": [{"code", "field", "description", "info", "severity", "category", "causes",
 * "errorIdentifiers"}]}}}. Codes are {@code <KIND>.GMP_GATEWAY_API} for the gateway (auth, headers, throttling)
 * and {@code <KIND>.GMP_ORDER_API} for the order service.
 */
final class WalmartErrors {

  private WalmartErrors() {}

  static Map<String, Object> body(String code, String field, String description, String info, String severity,
      String category) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("field", field);
    error.put("description", description);
    error.put("info", info);
    error.put("severity", severity);
    error.put("category", category);
    error.put("causes", List.of());
    error.put("errorIdentifiers", Map.of());
    return Map.of("errors", Map.of("error", List.of(error)));
  }

  static ResponseEntity<Object> answer(HttpStatus status, Map<String, Object> body) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
  }

  static ResponseEntity<Object> unauthorized(String description) {
    return answer(HttpStatus.UNAUTHORIZED, body("UNAUTHORIZED.GMP_GATEWAY_API", "UNAUTHORIZED", description,
        "Unauthorized token or incorrect authorization header. Please verify correct format: \"Authorization: "
            + "Basic Base64Encode(clientId:clientSecret)\" for the token API and WM_SEC.ACCESS_TOKEN for the others.",
        "ERROR", "DATA"));
  }

  static ResponseEntity<Object> badHeader(String header) {
    return answer(HttpStatus.BAD_REQUEST, body("INVALID_REQUEST_HEADER.GMP_GATEWAY_API", header,
        header + " set null or invalid", "One or more request headers are invalid.", "ERROR", "DATA"));
  }

  static ResponseEntity<Object> badParameter(String parameter, String description) {
    return answer(HttpStatus.BAD_REQUEST, body("INVALID_REQUEST_PARAM.GMP_ORDER_API", parameter, description,
        "One or more request parameters are invalid.", "ERROR", "DATA"));
  }

  static ResponseEntity<Object> notFound(String description) {
    return answer(HttpStatus.NOT_FOUND, body("CONTENT_NOT_FOUND.GMP_ORDER_API", "data", description,
        "Requested content could not be found.", "INFO", "APPLICATION"));
  }

  static ResponseEntity<Object> invalidContent(String description) {
    return answer(HttpStatus.BAD_REQUEST, body("INVALID_REQUEST_CONTENT.GMP_ORDER_API", "data", description,
        "Request content is invalid.", "ERROR", "DATA"));
  }

  static Map<String, Object> throttled() {
    return body("REQUEST_THRESHOLD_VIOLATED.GMP_GATEWAY_API", "", "Too Many Requests",
        "The request rate exceeds the limit for this API; retry after the next replenishment.", "ERROR", "REQUEST");
  }

  static ResponseEntity<Object> systemError(String description) {
    return answer(HttpStatus.INTERNAL_SERVER_ERROR, body("SYSTEM_ERROR.GMP_GATEWAY_API", "", description,
        "Internal error, retry later.", "ERROR", "SYSTEM"));
  }
}
