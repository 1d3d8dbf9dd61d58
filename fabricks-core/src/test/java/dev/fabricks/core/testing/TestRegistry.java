package dev.fabricks.core.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI registry for tests: Debian's docker-registry (CNCF distribution) started as a plain
 * process on 127.0.0.1 with its own config, a temporary storage folder and, optionally, htpasswd
 * basic auth with a bcrypt entry. Its log is kept so tests can read what the registry saw.
 */
public final class TestRegistry implements AutoCloseable {
  public static final String BINARY = System.getProperty("fabricks.test.registry", "/usr/bin/docker-registry");

  private final Process process;
  private final int port;
  private final Path log;

  private TestRegistry(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts a registry without auth. */
  public static TestRegistry start(Path dir) throws Exception {
    return start(dir, null, null);
  }

  /** Starts a registry; with a user name, requests need basic auth with that user and password. */
  public static TestRegistry start(Path dir, String user, String password) throws Exception {
    return start(dir, user, password, false);
  }

  /**
   * Starts a registry that serves HTTPS only, with a self-signed certificate for 127.0.0.1 made by
   * {@code openssl}: no trust store knows it, so a client that verifies TLS must refuse it.
   */
  public static TestRegistry startWithSelfSignedTls(Path dir) throws Exception {
    return start(dir, null, null, true);
  }

  /**
   * Starts a registry that requires bearer tokens from {@code tokens} (the Docker token flow):
   * distribution verifies each token's signature against the token server's certificate.
   */
  public static TestRegistry startWithTokenAuth(Path dir, TokenServer tokens) throws Exception {
    return start(dir, null, null, false, "auth:\n  token:\n    realm: " + tokens.realm() + "\n    service: "
        + TokenServer.SERVICE + "\n    issuer: " + TokenServer.ISSUER + "\n    rootcertbundle: " + tokens.certificate() + "\n");
  }

  /**
   * Starts go-containerregistry's registry ({@code crane registry serve}, another implementation
   * than distribution) with its blobs on disk. scripts/install-test-tools installs crane.
   */
  public static TestRegistry startCrane(Path dir) throws Exception {
    Path crane = TestTools.testTool("crane");
    Files.createDirectories(dir.resolve("blobs"));
    int port = freePort();
    Path log = dir.resolve("registry.log");
    Process process = new ProcessBuilder(crane.toString(), "registry", "serve", "--address", "127.0.0.1:" + port,
        "--disk", dir.resolve("blobs").toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    TestRegistry registry = new TestRegistry(process, port, log);
    registry.awaitReady(false);
    return registry;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static TestRegistry start(Path dir, String user, String password, boolean tls) throws Exception {
    return start(dir, user, password, tls, null);
  }

  private static TestRegistry start(Path dir, String user, String password, boolean tls, String authSection)
      throws Exception {
    if (!Files.isExecutable(Path.of(BINARY))) {
      throw new IllegalStateException(BINARY + " is missing: run scripts/setup (it installs Debian's docker-registry)");
    }
    Files.createDirectories(dir);
    int port;
    try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    StringBuilder config = new StringBuilder()
        .append("version: 0.1\n")
        .append("log:\n  level: info\n  accesslog:\n    disabled: false\n")
        .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("storage")).append("\n")
        .append("  delete:\n    enabled: true\n")
        .append("http:\n  addr: 127.0.0.1:").append(port).append("\n")
        .append("  secret: fabricks-test-secret\n");
    if (tls) {
      Path cert = dir.resolve("cert.pem");
      Path key = dir.resolve("key.pem");
      Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
          "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
          "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
      String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (openssl.waitFor() != 0) {
        throw new IllegalStateException("openssl could not make a certificate: " + output);
      }
      config.append("  tls:\n    certificate: ").append(cert).append("\n    key: ").append(key).append("\n");
    }
    if (user != null) {
      Process htpasswd = new ProcessBuilder("htpasswd", "-Bbn", user, password).redirectErrorStream(true).start();
      String entry = new String(htpasswd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (htpasswd.waitFor() != 0) {
        throw new IllegalStateException("htpasswd failed: " + entry);
      }
      Files.writeString(dir.resolve("htpasswd"), entry + "\n");
      config.append("auth:\n  htpasswd:\n    realm: fabricks-test\n    path: ").append(dir.resolve("htpasswd")).append("\n");
    }
    if (authSection != null) {
      config.append(authSection);
    }
    Path configFile = Files.writeString(dir.resolve("config.yml"), config.toString());
    Path log = dir.resolve("registry.log");
    Process process = new ProcessBuilder(BINARY, "serve", configFile.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    TestRegistry registry = new TestRegistry(process, port, log);
    registry.awaitReady(tls);
    return registry;
  }

  private void awaitReady(boolean tls) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the registry exited: " + Files.readString(log));
      }
      if (tls) { // no client here trusts its certificate: listening is ready enough
        try (Socket socket = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
          return;
        } catch (IOException notYet) {
          Thread.sleep(50);
          continue;
        }
      }
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host() + "/v2/").toURL().openConnection();
        c.setConnectTimeout(500);
        int status = c.getResponseCode();
        if (status == 200 || status == 401) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the registry did not start on port " + port + ": " + Files.readString(log));
  }

  /** {@code 127.0.0.1:<port>}. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  /** Access-log lines of requests with this method whose URI contains {@code uriPart}. */
  public List<String> requests(String method, String uriPart) throws IOException {
    return log().lines()
        .filter(l -> l.contains("http.request.method=" + method) && l.contains("http.request.uri=") && l.contains(uriPart))
        .filter(l -> l.contains("response completed"))
        .toList();
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
