package dev.fabricks.core.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.blob.Blobs;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.Authorization;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.http.Request;
import com.google.cloud.tools.jib.http.Response;
import com.google.cloud.tools.jib.http.ResponseException;
import com.google.cloud.tools.jib.registry.BearerTokens;
import com.google.cloud.tools.jib.registry.RegistryClient;
import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * {@link OciRegistry} on Jib's registry layer (jib-core 0.28.1, pinned: {@code RegistryClient} is
 * internal API). Blobs go through {@code RegistryClient}; manifests are fetched as raw bytes with
 * Jib's HTTP client and token handshake, because {@code pullManifest} re-reads them into templates
 * that drop fields, and pushed as exact bytes through {@link RawManifestTemplate}.
 */
public final class JibRegistry implements OciRegistry {
  private static final String USER_AGENT = "fabricks-maven-plugin jib-core/0.28.1";
  private static final String DIGEST_HEADER = "Docker-Content-Digest";

  private final String host;
  private final Credentials credentials;
  private final boolean insecure;
  private final BuildEvents events;
  private final FailoverHttpClient http;
  private final EventHandlers jibEvents;
  private final Map<String, RegistryClient> clients = new ConcurrentHashMap<>();
  private final Map<String, Authorization> manifestAuthorizations = new ConcurrentHashMap<>();
  private final ThreadLocal<List<String>> warnings = ThreadLocal.withInitial(ArrayList::new);

  /**
   * @param credentials the credential for this host, or null for anonymous access
   * @param insecure allow plain http and unverified TLS for this host (and send credentials over it)
   */
  public JibRegistry(String host, Credentials credentials, boolean insecure, BuildEvents events) {
    this.host = host;
    this.credentials = credentials;
    this.insecure = insecure;
    this.events = events;
    this.http = com.google.cloud.tools.jib.http.HttpClients.withoutRetry(insecure, this::log);
    this.jibEvents = EventHandlers.builder().add(LogEvent.class, this::log).build();
  }

  @Override
  public String host() {
    return host;
  }

  private void log(LogEvent event) {
    if (event.getLevel() == LogEvent.Level.WARN || event.getLevel() == LogEvent.Level.ERROR) {
      warnings.get().add(event.getMessage());
    }
    events.debug("registry " + host + ": " + event.getMessage());
  }

  private Credential jibCredential() {
    return credentials == null ? null : Credential.from(credentials.username(), credentials.password());
  }

  /** A client for one repository, authenticated for pull or for push (with pull scope on {@code mountFrom}). */
  private RegistryClient client(String repository, String mountFrom, boolean push, String operation)
      throws RegistryException {
    String key = (push ? "push " : "pull ") + repository + " " + mountFrom;
    RegistryClient existing = clients.get(key);
    if (existing != null) {
      return existing;
    }
    RegistryClient.Factory factory = mountFrom == null
        ? RegistryClient.factory(jibEvents, host, repository, http)
        : RegistryClient.factory(jibEvents, host, repository, mountFrom, http);
    RegistryClient client = factory.setCredential(jibCredential()).setUserAgent(USER_AGENT).newRegistryClient();
    try {
      boolean bearer = push ? client.doPushBearerAuth() : client.doPullBearerAuth();
      if (!bearer && credentials != null) {
        client.configureBasicAuth();
      }
    } catch (IOException | com.google.cloud.tools.jib.api.RegistryException e) {
      throw translate(e, repository, operation);
    }
    clients.put(key, client);
    return client;
  }

  @Override
  public Optional<RawManifest> pullManifest(String repository, String reference, List<String> accept)
      throws RegistryException {
    String operation = "pull the manifest " + reference + " of";
    URL url;
    try {
      url = new URL("https://" + host + "/v2/" + repository + "/manifests/" + reference);
    } catch (java.net.MalformedURLException e) {
      throw new RegistryException(host, repository, operation, "the address is not a URL: " + e.getMessage());
    }
    Authorization authorization = manifestAuthorizations.get(repository);
    for (int attempt = 0; ; attempt++) {
      Request request = Request.builder().setAccept(accept).setAuthorization(authorization)
          .setUserAgent(USER_AGENT).build();
      try {
        RawManifest manifest = withRetries(operation, () -> {
          try (Response response = http.get(url, request)) {
            return readManifest(response, repository, reference, operation);
          } catch (RegistryException e) {
            throw new ManifestRejected(e);
          }
        });
        return Optional.of(manifest);
      } catch (ManifestRejected e) {
        throw e.rejection;
      } catch (ResponseException e) {
        if (e.getStatusCode() == 404) {
          return Optional.empty();
        }
        String challenge = e.getHeaders() == null ? null : e.getHeaders().getAuthenticate();
        if (e.getStatusCode() == 401 && attempt == 0 && challenge != null) {
          authorization = authorize(challenge, repository, operation);
          manifestAuthorizations.put(repository, authorization);
          continue;
        }
        throw translate(e, repository, operation);
      } catch (IOException | com.google.cloud.tools.jib.api.RegistryException e) {
        throw translate(e, repository, operation);
      }
    }
  }

  /** Carries our own verdict on a manifest out of a retried call, which must not repeat it. */
  private static final class ManifestRejected extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient RegistryException rejection;

    ManifestRejected(RegistryException rejection) {
      super(rejection.getMessage());
      this.rejection = rejection;
    }
  }

  private RawManifest readManifest(Response response, String repository, String reference, String operation)
      throws IOException, RegistryException {
    byte[] bytes;
    try (InputStream body = response.getBody()) {
      bytes = body.readAllBytes();
    }
    Digest actual = Digest.of(bytes);
    Digest asked = Digest.parseOrNull(reference);
    if (asked != null && !asked.equals(actual)) {
      throw new RegistryException(host, repository, operation, "the registry sent a manifest whose digest is "
          + actual + ", not the " + asked + " asked for. Nothing was used; check the registry or its mirror");
    }
    List<String> reported = response.getHeader(DIGEST_HEADER);
    if (!reported.isEmpty() && !reported.get(0).equals(actual.toString())) {
      throw new RegistryException(host, repository, operation, "the registry reports digest " + reported.get(0)
          + " for a manifest whose bytes hash to " + actual + ". Nothing was used; the response was damaged or altered");
    }
    List<String> type = response.getHeader("Content-Type");
    return new RawManifest(bytes, actual, type.isEmpty() ? "" : type.get(0).split(";")[0].strip());
  }

  private Authorization authorize(String challenge, String repository, String operation) throws RegistryException {
    try {
      Optional<Authorization> token = BearerTokens.pullToken(challenge, host, repository, USER_AGENT, http, jibCredential());
      if (token.isPresent()) {
        return token.get();
      }
    } catch (com.google.cloud.tools.jib.api.RegistryException e) {
      throw translate(e, repository, operation);
    }
    if (credentials == null) {
      throw new RegistryException(host, repository, operation, "the registry asks for a user name and password."
          + " Add a <server> with id " + host + " to settings.xml, set <auth> in the POM, run docker login " + host
          + ", or set " + EnvironmentCredentials.USERNAME + " and " + EnvironmentCredentials.PASSWORD);
    }
    return Authorization.fromBasicCredentials(credentials.username(), credentials.password());
  }

  @Override
  public Optional<Long> checkBlob(String repository, Digest digest) throws RegistryException {
    String operation = "check blob " + digest.shortForm() + " in";
    try {
      RegistryClient client = client(repository, null, false, operation);
      return withRetries(operation, () -> client.checkBlob(jib(digest))).map(b -> b.getSize());
    } catch (IOException | com.google.cloud.tools.jib.api.RegistryException e) {
      throw translate(e, repository, operation);
    }
  }

  @Override
  public void pullBlob(String repository, Digest digest, long size, Path target) throws RegistryException {
    String operation = "download blob " + digest.shortForm() + " from";
    RegistryClient client = client(repository, null, false, operation);
    MessageDigest md = Digest.newSha256();
    try {
      withRetries(operation, () -> {
        md.reset();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(target), md)) {
          java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
          client.pullBlob(jib(digest), total -> { }, written -> events.progress(operation + " " + host + "/" + repository, done.addAndGet(written), size))
              .writeTo(out);
        }
        return null;
      });
    } catch (IOException | com.google.cloud.tools.jib.api.RegistryException e) {
      throw translate(e, repository, operation);
    }
    Digest actual = Digest.fromMessageDigest(md);
    long actualSize;
    try {
      actualSize = Files.size(target);
    } catch (IOException e) {
      throw translate(e, repository, operation);
    }
    if (!actual.equals(digest) || actualSize != size) {
      throw new RegistryException(host, repository, operation, "the download has digest " + actual + " and " + actualSize
          + " bytes, expected " + digest + " and " + size + " bytes. Nothing was kept; try again");
    }
  }

  @Override
  public BlobPush pushBlob(String repository, Digest digest, long size, Path file, String mountFrom)
      throws RegistryException {
    String operation = "push blob " + digest.shortForm() + " to";
    RegistryClient client = client(repository, mountFrom, true, operation);
    try {
      if (withRetries(operation, () -> client.checkBlob(jib(digest))).isPresent()) {
        return BlobPush.SKIPPED;
      }
      java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
      boolean linked = withRetries(operation, () -> client.pushBlob(jib(digest), Blobs.from(file), mountFrom,
          written -> events.progress(operation + " " + host + "/" + repository, done.addAndGet(written), size)));
      return linked ? BlobPush.MOUNTED : BlobPush.UPLOADED;
    } catch (IOException | com.google.cloud.tools.jib.api.RegistryException e) {
      throw translate(e, repository, operation);
    }
  }

  @Override
  public Digest pushManifest(String repository, String tag, byte[] manifest, String mediaType)
      throws RegistryException {
    String operation = "push the manifest " + tag + " to";
    Digest ours = Digest.of(manifest);
    RegistryClient client = client(repository, null, true, operation);
    warnings.get().clear();
    DescriptorDigest reported;
    try {
      reported = withRetries(operation, () -> client.pushManifest(new RawManifestTemplate(manifest, mediaType), tag));
    } catch (IOException | com.google.cloud.tools.jib.api.RegistryException e) {
      throw translate(e, repository, operation);
    } finally {
      List<String> seen = new ArrayList<>(warnings.get());
      warnings.remove();
      for (String warning : seen) {
        if (warning.startsWith("Expected image digest")) {
          throw new RegistryException(host, repository, operation, "the registry stored the manifest under another digest"
              + " than its bytes have (" + warning + "). The pushed tag may point at altered content; check the registry");
        }
      }
    }
    if (!reported.toString().equals(ours.toString())) {
      throw new RegistryException(host, repository, operation, "the registry reported digest " + reported
          + " for a manifest whose digest is " + ours);
    }
    return ours;
  }

  /** A registry call that may be repeated: reads, and writes of content-addressed data. */
  private interface Call<T> {
    T run() throws IOException, com.google.cloud.tools.jib.api.RegistryException;
  }

  private static final int ATTEMPTS = 4;

  /**
   * Runs a call, repeating it after time-outs, broken connections, 429 and 5xx answers, with a
   * backoff of 0.25, 0.5 and 1 s (or what Retry-After asks, up to 10 s).
   */
  private <T> T withRetries(String operation, Call<T> call)
      throws IOException, com.google.cloud.tools.jib.api.RegistryException {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.run();
      } catch (IOException | com.google.cloud.tools.jib.api.RegistryException e) {
        long wait = transientWaitMillis(e, attempt);
        if (attempt >= ATTEMPTS || wait < 0) {
          throw e;
        }
        events.warn("registry " + host + ": " + operation + " failed (" + describe(e) + "); retrying in " + wait + " ms");
        try {
          Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting to retry", interrupted);
        }
      }
    }
  }

  /** How long to wait before repeating after {@code e}, or -1 when repeating cannot help. */
  private static long transientWaitMillis(Exception e, int attempt) {
    long backoff = 250L << (attempt - 1);
    Throwable cause = telling(e);
    if (cause instanceof ResponseException r) {
      int status = r.getStatusCode();
      if (status != 429 && status != 500 && status != 502 && status != 503 && status != 504) {
        return -1;
      }
      String retryAfter = r.getHeaders() == null ? null : r.getHeaders().getRetryAfter();
      if (retryAfter != null && retryAfter.matches("\\d{1,4}")) {
        return Math.min(10_000L, Long.parseLong(retryAfter) * 1000);
      }
      return backoff;
    }
    boolean broken = cause instanceof SocketTimeoutException || cause instanceof org.apache.http.ConnectionClosedException
        || cause instanceof org.apache.http.NoHttpResponseException || cause instanceof java.io.EOFException
        || cause instanceof org.apache.http.MalformedChunkCodingException
        || (cause instanceof java.net.SocketException && !(cause instanceof ConnectException));
    return broken ? backoff : -1;
  }

  /**
   * The exception in {@code e}'s chain that says what happened: an HTTP answer, or a network
   * failure of a known kind; {@code e} itself when there is none.
   */
  private static Throwable telling(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ResponseException || t instanceof UnknownHostException || t instanceof SSLException
          || t instanceof java.net.SocketException || t instanceof SocketTimeoutException
          || t instanceof org.apache.http.ConnectionClosedException || t instanceof org.apache.http.NoHttpResponseException
          || t instanceof org.apache.http.MalformedChunkCodingException || t instanceof java.io.EOFException) {
        return t;
      }
    }
    return e;
  }

  private static String describe(Exception e) {
    Throwable cause = telling(e);
    if (cause instanceof ResponseException r) {
      return "HTTP " + r.getStatusCode();
    }
    return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }


  private static DescriptorDigest jib(Digest digest) {
    try {
      return DescriptorDigest.fromDigest(digest.toString());
    } catch (DigestException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Turns what Jib and the network throw into a message that names the registry and says what to do. */
  private RegistryException translate(Exception e, String repository, String operation) {
    Throwable cause = telling(e);
    String advice;
    if (cause instanceof UnknownHostException) {
      advice = "unknown host " + host + ". Check the image reference, the registry mirrors (<mirrors>), and the network";
    } else if (cause instanceof ConnectException) {
      advice = "connection refused (" + cause.getMessage() + "). Is the registry running at " + host + "?";
    } else if (cause instanceof org.apache.http.ConnectionClosedException || cause instanceof java.net.SocketException
        || cause instanceof org.apache.http.NoHttpResponseException) {
      advice = "the connection broke (" + cause.getMessage() + ") and did not recover after " + ATTEMPTS
          + " tries. Try again; nothing partial was kept";
    } else if (cause instanceof SocketTimeoutException) {
      advice = "the registry did not answer in time. Try again, or check the network";
    } else if (cause instanceof SSLException) {
      advice = (insecure ? "TLS failed: " : "TLS failed (plain http or an untrusted certificate?): ") + cause.getMessage()
          + (insecure ? "" : ". For a registry without valid TLS, list " + host
          + " in <insecureRegistries> (-Dfabricks.insecureRegistries=" + host + ")");
    } else if (e instanceof RegistryUnauthorizedException || e instanceof RegistryCredentialsNotSentException
        || (cause instanceof ResponseException r && (r.getStatusCode() == 401 || r.getStatusCode() == 403))) {
      advice = unauthorized(e);
    } else if (cause instanceof ResponseException r) {
      advice = "the registry answered HTTP " + r.getStatusCode()
          + (r.getStatusCode() >= 500 ? ": a server error. Try again later" : ". Check the repository name and your access");
    } else if (e instanceof com.google.cloud.tools.jib.api.RegistryException && e.getMessage() != null
        && e.getMessage().contains("401")) {
      advice = unauthorized(e);
    } else {
      advice = "the connection failed: " + e.getMessage() + ". Try again; if it persists, check the registry";
    }
    return new RegistryException(host, repository, operation, advice, e);
  }

  private String unauthorized(Exception e) {
    if (e instanceof RegistryCredentialsNotSentException) {
      return "the registry wants credentials, which are never sent over plain http unless " + host
          + " is listed in <insecureRegistries>";
    }
    return credentials == null
        ? "the registry refused anonymous access. Add a <server> with id " + host + " to settings.xml, set <auth> in the POM,"
            + " run docker login " + host + ", or set " + EnvironmentCredentials.USERNAME + "/" + EnvironmentCredentials.PASSWORD
        : "the registry refused the credentials from " + credentials.source() + " for user " + credentials.username()
            + " (HTTP 401/403). Check the user name and password, and that the user may access this repository";
  }
}
