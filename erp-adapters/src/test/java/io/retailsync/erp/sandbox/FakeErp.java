package io.retailsync.erp.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A scripted ERP on the JDK's built-in HTTP server, recording every request it receives. */
final class FakeErp implements AutoCloseable {

  record Request(String method, String path, String query, String body, long receivedAtNanos) {

    boolean is(String expectedMethod, String expectedPath) {
      return method.equals(expectedMethod) && path.equals(expectedPath);
    }
  }

  record Response(int status, String body, Map<String, String> headers, long delayMillis) {

    static Response json(int status, String body) {
      return new Response(status, body, Map.of("Content-Type", "application/json"), 0);
    }

    static Response problem(int status, String title, String detail) {
      return new Response(status, "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
          + ",\"detail\":\"" + detail + "\"}", Map.of("Content-Type", "application/problem+json"), 0);
    }

    Response withHeader(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Response(status, body, more, delayMillis);
    }

    Response delayedBy(long millis) {
      return new Response(status, body, headers, millis);
    }
  }

  @FunctionalInterface
  interface Handler {
    Response handle(Request request);
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Handler handler;

  private FakeErp(Handler handler) throws IOException {
    this.handler = handler;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    server.setExecutor(executor);
    server.start();
  }

  static FakeErp start(Handler handler) throws IOException {
    return new FakeErp(handler);
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/erp");
  }

  void answerWith(Handler newHandler) {
    this.handler = newHandler;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  List<Request> requests(String method, String path) {
    return requests.stream().filter(request -> request.is(method, path)).toList();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestURI().getQuery(), body, System.nanoTime());
      requests.add(request);
      Response response = handler.handle(request);
      if (response.delayMillis() > 0) {
        Thread.sleep(response.delayMillis());
      }
      response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      byte[] bytes = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientWentAway) {
      // the adapter timed out and closed the connection: exactly what some tests provoke
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
