package dev.fabricks.core.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.fabricks.core.oci.CanonicalJson;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The token server of the Docker registry token flow, as a test fixture: checks basic credentials
 * and answers with a JWT (RS256, the certificate in {@code x5c}) that grants the scopes asked for.
 * The registry itself (distribution, configured with {@code auth: token}) stays real and verifies
 * the token against the certificate bundle. Anonymous requests get a token with no access.
 */
public final class TokenServer implements AutoCloseable {
  public static final String SERVICE = "fabricks-test";
  public static final String ISSUER = "fabricks-test-issuer";

  private final HttpServer server;
  private final PrivateKey key;
  private final String certificateDer;
  private final Path certificate;
  private final List<String> granted = Collections.synchronizedList(new ArrayList<>());

  private TokenServer(HttpServer server, PrivateKey key, String certificateDer, Path certificate) {
    this.server = server;
    this.key = key;
    this.certificateDer = certificateDer;
    this.certificate = certificate;
  }

  /** Makes a key and a self-signed certificate with openssl and starts serving {@code /token}. */
  public static TokenServer start(Path dir, String user, String password) throws Exception {
    Files.createDirectories(dir);
    Path keyFile = dir.resolve("token-key.pem");
    Path certFile = dir.resolve("token-cert.pem");
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=" + ISSUER, "-keyout", keyFile.toString(), "-out", certFile.toString())
        .redirectErrorStream(true).start();
    String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (openssl.waitFor() != 0) {
      throw new IllegalStateException("openssl could not make the token key: " + output);
    }
    PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(keyFile)));
    String der = Base64.getEncoder().encodeToString(pem(certFile));
    HttpServer http = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    TokenServer tokens = new TokenServer(http, key, der, certFile);
    String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    http.createContext("/token", exchange -> {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      boolean known = expected.equals(auth);
      if (auth != null && !known) {
        exchange.sendResponseHeaders(401, -1);
        exchange.close();
        return;
      }
      List<String> scopes = new ArrayList<>();
      String query = exchange.getRequestURI().getRawQuery();
      for (String part : query == null ? new String[0] : query.split("&")) {
        if (part.startsWith("scope=")) {
          scopes.addAll(List.of(URLDecoder.decode(part.substring(6), StandardCharsets.UTF_8).split(" ")));
        }
      }
      byte[] body;
      try {
        String token = tokens.token(known ? user : "", known ? scopes : List.of());
        body = CanonicalJson.bytes(CanonicalJson.object().put("token", token).put("access_token", token));
      } catch (Exception e) {
        body = e.toString().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(500, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
        return;
      }
      if (known) {
        tokens.granted.addAll(scopes);
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    http.start();
    return tokens;
  }

  private String token(String subject, List<String> scopes) throws Exception {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    ObjectNode header = CanonicalJson.object().put("alg", "RS256").put("typ", "JWT");
    header.putArray("x5c").add(certificateDer);
    long now = System.currentTimeMillis() / 1000;
    ObjectNode claims = CanonicalJson.object().put("iss", ISSUER).put("sub", subject).put("aud", SERVICE)
        .put("exp", now + 300).put("nbf", now - 10).put("iat", now).put("jti", UUID.randomUUID().toString());
    ArrayNode access = claims.putArray("access");
    for (String scope : scopes) { // repository:<name>:<action,action>
      int last = scope.lastIndexOf(':');
      int first = scope.indexOf(':');
      if (first < 0 || last <= first) {
        continue;
      }
      ObjectNode entry = access.addObject().put("type", scope.substring(0, first)).put("name", scope.substring(first + 1, last));
      ArrayNode actions = entry.putArray("actions");
      for (String action : scope.substring(last + 1).split(",")) {
        actions.add(action);
      }
    }
    String signingInput = url.encodeToString(CanonicalJson.bytes(header)) + "." + url.encodeToString(CanonicalJson.bytes(claims));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key);
    rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + url.encodeToString(rsa.sign());
  }

  private static byte[] pem(Path file) throws java.io.IOException {
    String text = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(text);
  }

  /** {@code http://127.0.0.1:<port>/token}. */
  public String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  public Path certificate() {
    return certificate;
  }

  /** Every scope granted to the known user, in order. */
  public List<String> granted() {
    return List.copyOf(granted);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
