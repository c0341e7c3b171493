package io.retailsync.connectors.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** What every marketplace client builds its calls on: the same HTTP client settings and helpers. */
public final class MarketplaceHttp {

  private MarketplaceHttp() {}

  /**
   * A {@link RestClient} over the JDK client: HTTP/1.1 (h2c upgrades buy nothing against these APIs), no
   * redirects followed (a redirect of a signed call is not to be trusted), the given timeouts.
   */
  public static RestClient restClient(Duration connectTimeout, Duration readTimeout) {
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(client);
    requestFactory.setReadTimeout(readTimeout);
    return RestClient.builder().requestFactory(requestFactory).build();
  }

  /** The innermost cause of a transport failure, named, for a log line or an exception message. */
  public static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  public static byte[] readFully(InputStream body) throws IOException {
    if (body == null) {
      return new byte[0];
    }
    try (body) {
      return body.readAllBytes();
    }
  }
}
