package io.retailsync.erp.sandbox;

import io.retailsync.erp.ErpProperties;
import io.retailsync.erp.sandbox.ErpCallFailure.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;

/**
 * The ERP's HTTP surface: one call, one {@link ErpAnswer} or one {@link ErpCallFailure}. Knows nothing of
 * documents, retries or circuits; it only sorts what came back.
 */
final class ErpHttp {

  private static final int MAX_PROBLEM_CHARS = 500;

  private final RestClient restClient;
  private final Clock clock;

  ErpHttp(ErpProperties properties, Clock clock) {
    HttpClient httpClient = HttpClient.newBuilder()
        // h2c upgrade attempts buy nothing against a plain-HTTP ERP and confuse some servers
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(properties.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
    requestFactory.setReadTimeout(properties.readTimeout());
    this.restClient = RestClient.builder()
        .baseUrl(properties.baseUrl().toString())
        .requestFactory(requestFactory)
        .defaultHeader(HttpHeaders.ACCEPT, "application/json, application/problem+json")
        .build();
    this.clock = clock;
  }

  ErpAnswer get(Function<UriBuilder, URI> uri) {
    return exchange(restClient.get().uri(uri), "GET", false);
  }

  ErpAnswer post(String path, byte[] json) {
    return exchange(restClient.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json), "POST " + path,
        true);
  }

  /** A read whose question is too large for a URL, sent as POST: retried at once when no answer came. */
  ErpAnswer query(String path, byte[] json) {
    return exchange(restClient.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json), "POST " + path,
        false);
  }

  ErpAnswer put(String path, byte[] json) {
    return exchange(restClient.put().uri(path).contentType(MediaType.APPLICATION_JSON).body(json), "PUT " + path,
        true);
  }

  /**
   * One call. A write that got no answer (a read timeout, a cut connection, a gateway's 502 or 504) is
   * {@link Kind#NO_ANSWER}: the ERP may still be storing it. A read with no answer is just ambiguous and
   * may be asked again at once.
   */
  private ErpAnswer exchange(RestClient.RequestHeadersSpec<?> request, String description, boolean write) {
    RawAnswer raw;
    try {
      raw = request.exchange((httpRequest, response) -> new RawAnswer(
          response.getStatusCode().value(),
          response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER),
          readFully(response.getBody())), true);
    } catch (ResourceAccessException e) {
      boolean neverSent = causedByConnectionFailure(e);
      throw new ErpCallFailure(neverSent ? Kind.NOT_SENT : write ? Kind.NO_ANSWER : Kind.AMBIGUOUS, 0, null,
          description + (neverSent ? " could not connect: " : " got no answer: ") + rootMessage(e), e);
    }
    return classify(raw, description, write);
  }

  private ErpAnswer classify(RawAnswer raw, String description, boolean write) {
    int status = raw.status();
    if (status >= 200 && status < 300) {
      return new ErpAnswer(status, raw.body());
    }
    Duration retryAfter = RetryAfter.parse(raw.retryAfter(), clock);
    String summary = description + " answered " + status + excerpt(raw.body());
    if (status == 429) {
      throw new ErpCallFailure(Kind.RATE_LIMITED, status, retryAfter, summary, null);
    }
    if (status == 408) {
      // the server gave up waiting for our request: it did not process it
      throw new ErpCallFailure(Kind.NOT_SENT, status, retryAfter, summary, null);
    }
    if (write && (status == 502 || status == 504)) {
      // a gateway gave up on the ERP, which may still be working on the request
      throw new ErpCallFailure(Kind.NO_ANSWER, status, retryAfter, summary, null);
    }
    if (status >= 500) {
      throw new ErpCallFailure(Kind.AMBIGUOUS, status, retryAfter, summary, null);
    }
    if (status == 401 || status == 403 || status == 407 || status < 200 || (status >= 300 && status < 400)) {
      // credentials or the base URL are wrong: not the document's fault, and not a reason to reject it
      throw new ErpCallFailure(Kind.REFUSED, status, retryAfter, summary, null);
    }
    return new ErpAnswer(status, raw.body());
  }

  private static boolean causedByConnectionFailure(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
          || cause instanceof UnknownHostException || cause instanceof NoRouteToHostException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  private static String excerpt(byte[] body) {
    if (body.length == 0) {
      return "";
    }
    String text = new String(body, StandardCharsets.UTF_8);
    return ": " + (text.length() > MAX_PROBLEM_CHARS ? text.substring(0, MAX_PROBLEM_CHARS) + "…" : text);
  }

  private static byte[] readFully(InputStream body) throws IOException {
    try (body) {
      return body.readAllBytes();
    }
  }

  private record RawAnswer(int status, String retryAfter, byte[] body) {}
}
