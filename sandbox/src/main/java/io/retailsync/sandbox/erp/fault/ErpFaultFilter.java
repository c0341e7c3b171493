package io.retailsync.sandbox.erp.fault;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies the injected faults to every {@code /erp} call, in the order a real ERP's stack would:
 * the rate limiter refuses at the door (429, no latency), then the call takes its latency, then it may
 * fail before processing (503), and a write may be processed and committed and still answer 500.
 */
final class ErpFaultFilter extends OncePerRequestFilter {

  private final ErpFaults faults;
  private final JsonMapper mapper;

  ErpFaultFilter(ErpFaults faults, JsonMapper mapper) {
    this.faults = faults;
    this.mapper = mapper;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    ErpFaults.Active active = faults.current();
    FaultSettings settings = active.settings();
    if (settings.off()) {
      chain.doFilter(request, response);
      return;
    }
    if (active.bucket() != null) {
      long waitNanos = active.bucket().tryAcquire();
      if (waitNanos > 0) {
        response.setHeader("Retry-After", String.valueOf(TokenBucket.retryAfterSeconds(waitNanos)));
        problem(request, response, HttpStatus.TOO_MANY_REQUESTS,
            "rate limit of " + settings.rateLimitPerSecond().toPlainString() + " calls per second exceeded");
        return;
      }
    }
    long latency = settings.latencyMs() + (isWrite(request) ? settings.writeLatencyMs() : 0);
    if (latency > 0) {
      try {
        Thread.sleep(latency);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (ErpFaults.roll(settings.failureRate())) {
      problem(request, response, HttpStatus.SERVICE_UNAVAILABLE, "injected failure: the ERP is unavailable");
      return;
    }
    if (isWrite(request) && ErpFaults.roll(settings.commitThenFailRate())) {
      ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
      chain.doFilter(request, held);
      if (held.getStatus() < 300) {
        // The document is committed; the caller only sees an error, as after a crash before the answer.
        response.reset();
        problem(request, response, HttpStatus.INTERNAL_SERVER_ERROR,
            "injected failure after commit: the ERP stored the document but did not answer");
      } else {
        held.copyBodyToResponse();
      }
      return;
    }
    chain.doFilter(request, response);
  }

  private static boolean isWrite(HttpServletRequest request) {
    // the item lookup is a query sent as POST (a thousand SKUs do not fit a URL): a read
    return !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())
        && !"OPTIONS".equals(request.getMethod()) && !request.getRequestURI().endsWith("/items/lookup");
  }

  private void problem(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", status.getReasonPhrase());
    body.put("status", status.value());
    body.put("detail", detail);
    body.put("instance", request.getRequestURI());
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.getOutputStream().write(mapper.writeValueAsBytes(body));
  }
}
