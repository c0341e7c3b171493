package io.retailsync.sync.security;

import io.retailsync.model.json.CanonicalJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes RFC 9457 problem details from places that run before Spring MVC (security filters). */
public final class ProblemResponses {

  public static final String PROBLEM_JSON = "application/problem+json";
  public static final String TYPE_BASE = "https://retailsync.io/problems/";

  private ProblemResponses() {}

  public static void write(HttpServletRequest request, HttpServletResponse response, int status, String type,
      String title, String detail) throws IOException {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", TYPE_BASE + type);
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    problem.put("instance", request.getRequestURI());
    response.setStatus(status);
    response.setContentType(PROBLEM_JSON);
    response.getOutputStream().write(CanonicalJson.toBytes(problem));
  }
}
