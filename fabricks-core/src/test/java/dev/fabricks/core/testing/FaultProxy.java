package dev.fabricks.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault-injecting reverse proxy on 127.0.0.1 in front of a real registry: requests pass through
 * unchanged unless a fault matches them, for a given number of times. Test code only.
 */
public final class FaultProxy implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "transfer-encoding",
      "keep-alive", "host", "upgrade", "date");

  /** What to do to a matching request. */
  public enum Kind {
    /** Answer with a status code (and Retry-After for 429) without forwarding. */
    STATUS,
    /** Close the connection without an answer. */
    DROP,
    /** Forward, then send only half the body and close. */
    TRUNCATE,
    /** Forward, but replace the Docker-Content-Digest header. */
    WRONG_DIGEST,
    /** Answer 307 with the Location set by {@link #redirect}, as registries do to blob storage. */
    REDIRECT,
    /** Say nothing for {@code status} milliseconds, then forward: a stalled response. */
    STALL
  }

  private volatile String redirectLocation;

  /** Redirects matching requests to {@code location} (another host), {@code times} times. */
  public FaultProxy redirect(String method, String pathPart, String location, int times) {
    redirectLocation = location;
    return fault(method, pathPart, Kind.REDIRECT, 307, times);
  }

  /** A fault for requests that {@code matches}, applied {@code times} times (-1: always). */
  public record Fault(String method, String pathPart, Kind kind, int status, AtomicInteger remaining) {
    boolean matches(HttpExchange exchange) {
      return exchange.getRequestMethod().equals(method) && exchange.getRequestURI().toString().contains(pathPart)
          && (remaining.get() < 0 || remaining.getAndDecrement() > 0);
    }
  }

  private final HttpServer server;
  private final java.net.ServerSocket front;
  private final String upstream;
  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();

  private FaultProxy(HttpServer server, String upstream) throws IOException {
    this.server = server;
    this.upstream = upstream;
    this.front = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
  }

  /**
   * Clients of insecure registries try TLS first; a real registry answers a TLS hello with an
   * error at once, while the JDK's HTTP server would wait for a request line. The front socket
   * closes TLS attempts straight away and splices plain-HTTP connections to the server.
   */
  private void acceptLoop() {
    while (!front.isClosed()) {
      try {
        java.net.Socket socket = front.accept();
        daemon(() -> splice(socket));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void splice(java.net.Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      int first = in.read();
      if (first < 0 || first == 0x16) {
        return;
      }
      try (java.net.Socket inner = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(),
          server.getAddress().getPort())) {
        OutputStream innerOut = inner.getOutputStream();
        innerOut.write(first);
        Thread reverse = daemon(() -> pump(inner, socket));
        pump(socket, inner);
        reverse.join();
      }
    } catch (IOException | InterruptedException ignored) {
      // the connection ended
    }
  }

  private static Thread daemon(Runnable body) {
    Thread thread = new Thread(body, "fault-proxy");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void pump(java.net.Socket from, java.net.Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException ignored) {
      try {
        to.close();
      } catch (IOException alsoIgnored) {
        // closing a broken socket
      }
    }
  }

  /** Starts a proxy to {@code upstreamHost} (host:port, plain http). */
  public static FaultProxy start(String upstreamHost) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    FaultProxy proxy = new FaultProxy(server, "http://" + upstreamHost);
    server.createContext("/", proxy::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    daemon(proxy::acceptLoop);
    return proxy;
  }

  public String host() {
    return "127.0.0.1:" + front.getLocalPort();
  }

  /** Adds a fault; {@code times} -1 means every matching request. */
  public FaultProxy fault(String method, String pathPart, Kind kind, int status, int times) {
    faults.add(new Fault(method, pathPart, kind, status, new AtomicInteger(times)));
    return this;
  }

  public void clearFaults() {
    faults.clear();
  }

  /** "METHOD uri" of every request seen, faulted or not. */
  public List<String> seen() {
    return List.copyOf(seen);
  }

  /** How many requests with this method had a URI containing {@code pathPart}. */
  public long count(String method, String pathPart) {
    return seen.stream().filter(s -> s.startsWith(method + " ") && s.contains(pathPart)).count();
  }

  private void handle(HttpExchange exchange) throws IOException {
    seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
    Fault fault = faults.stream().filter(f -> f.matches(exchange)).findFirst().orElse(null);
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (fault != null && fault.kind() == Kind.STATUS) {
        if (fault.status() == 429) {
          exchange.getResponseHeaders().add("Retry-After", "1");
        }
        byte[] error = ("{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"injected " + fault.status() + "\"}]}").getBytes();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(fault.status(), error.length);
        exchange.getResponseBody().write(error);
        return;
      }
      if (fault != null && fault.kind() == Kind.STALL) {
        Thread.sleep(fault.status());
      }
      if (fault != null && fault.kind() == Kind.REDIRECT) {
        exchange.getResponseHeaders().add("Location", redirectLocation);
        exchange.sendResponseHeaders(307, -1);
        return;
      }
      if (fault != null && fault.kind() == Kind.DROP) {
        return; // closing the exchange without headers drops the connection
      }
      HttpResponse<InputStream> response = forward(exchange, body);
      response.headers().map().forEach((name, values) -> {
        if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
          if (fault != null && fault.kind() == Kind.WRONG_DIGEST && name.equalsIgnoreCase("Docker-Content-Digest")) {
            exchange.getResponseHeaders().add(name, "sha256:" + "0".repeat(64));
          } else {
            values.forEach(v -> exchange.getResponseHeaders().add(name, v));
          }
        }
      });
      byte[] answer;
      try (InputStream in = response.body()) {
        answer = in.readAllBytes();
      }
      boolean head = exchange.getRequestMethod().equals("HEAD");
      long length = head ? -1 : answer.length == 0 ? -1 : answer.length;
      if (head) {
        response.headers().firstValue("Content-Length").ifPresent(v -> exchange.getResponseHeaders().add("Content-Length", v));
      }
      exchange.sendResponseHeaders(response.statusCode(), length);
      if (!head && answer.length > 0) {
        OutputStream out = exchange.getResponseBody();
        if (fault != null && fault.kind() == Kind.TRUNCATE) {
          out.write(answer, 0, answer.length / 2);
          out.flush();
          throw new IOException("truncated on purpose");
        }
        out.write(answer);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpResponse<InputStream> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
        .method(exchange.getRequestMethod(), body.length == 0
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    request.header("X-Forwarded-Host", host());
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("expect")) {
        values.forEach(v -> request.header(name, v));
      }
    });
    return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  @Override
  public void close() {
    try {
      front.close();
    } catch (IOException ignored) {
      // already closed
    }
    server.stop(0);
  }
}
