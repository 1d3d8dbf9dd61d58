package dev.fabricks.core.registry;

import dev.fabricks.core.event.BuildEvents;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.oci.CanonicalJson;
import dev.fabricks.core.oci.Descriptor;
import dev.fabricks.core.oci.ImageManifest;
import dev.fabricks.core.testing.FaultProxy.Kind;
import dev.fabricks.core.testing.FaultProxy;
import dev.fabricks.core.testing.RecordedEvents;
import dev.fabricks.core.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry faults injected between the adapter and a real registry: retried where safe, clear otherwise. */
class RegistryFaultsTest {
  @TempDir static Path dir;
  static TestRegistry registry;
  static FaultProxy proxy;
  static byte[] layer;
  static Digest layerDigest;
  private final RecordedEvents events = new RecordedEvents();
  final List<String> warnings = events.warnings;

  @BeforeAll
  static void start() throws Exception {
    registry = TestRegistry.start(dir.resolve("registry"));
    proxy = FaultProxy.start(registry.host());
    layer = new byte[256 * 1024];
    new Random(7).nextBytes(layer);
    layerDigest = Digest.of(layer);
    Files.write(dir.resolve("layer"), layer);
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
    registry.close();
  }

  @AfterEach
  void clear() {
    proxy.clearFaults();
  }

  private JibRegistry client() {
    return new JibRegistry(proxy.host(), null, true, events);
  }

  private byte[] pushImage(JibRegistry client, String repository) throws Exception {
    client.pushBlob(repository, layerDigest, layer.length, dir.resolve("layer"), null);
    byte[] config = CanonicalJson.bytes(CanonicalJson.object().put("name", repository));
    Digest configDigest = Digest.of(config);
    client.pushBlob(repository, configDigest, config.length, Files.write(dir.resolve("config-" + repository.replace('/', '_')), config), null);
    return new ImageManifest(MediaTypes.RUNTIME_ARTIFACT, new Descriptor(MediaTypes.RUNTIME_CONFIG, configDigest, config.length),
        List.of(new Descriptor(MediaTypes.RUNTIME_LAYER, layerDigest, layer.length)), Map.of()).toBytes();
  }

  @Test
  void serviceUnavailableOnManifestPutIsRetried() throws Exception {
    JibRegistry client = client();
    byte[] manifest = pushImage(client, "faults/retry");
    proxy.fault("PUT", "/v2/faults/retry/manifests/", Kind.STATUS, 503, 2);
    assertEquals(Digest.of(manifest), client.pushManifest("faults/retry", "1", manifest, MediaTypes.OCI_MANIFEST));
    assertEquals(2, warnings.stream().filter(w -> w.contains("HTTP 503") && w.contains("retrying")).count(), warnings.toString());
  }

  @Test
  void aPersistentServerErrorFailsWithTheRegistryAndOperation() throws Exception {
    JibRegistry client = client();
    byte[] manifest = pushImage(client, "faults/broken");
    proxy.fault("PUT", "/v2/faults/broken/manifests/", Kind.STATUS, 500, -1);
    RegistryException e = assertThrows(RegistryException.class,
        () -> client.pushManifest("faults/broken", "1", manifest, MediaTypes.OCI_MANIFEST));
    assertTrue(e.getMessage().startsWith("cannot push the manifest 1 to " + proxy.host() + "/faults/broken: the registry answered HTTP 500"),
        e.getMessage());
    assertEquals(4, proxy.count("PUT", "/v2/faults/broken/manifests/1"), "one try and three retries");
  }

  @Test
  void tooManyRequestsWaitsForRetryAfter() throws Exception {
    JibRegistry client = client();
    pushImage(client, "faults/busy");
    proxy.fault("HEAD", "/v2/faults/busy/blobs/" + layerDigest, Kind.STATUS, 429, 1);
    long start = System.nanoTime();
    assertEquals(layer.length, client.checkBlob("faults/busy", layerDigest).orElseThrow());
    assertTrue(System.nanoTime() - start >= 900_000_000L, "Retry-After: 1 was honoured");
  }

  @Test
  void aConnectionBrokenInTheMiddleOfADownloadIsRetriedAndTheResultVerified() throws Exception {
    JibRegistry client = client();
    pushImage(client, "faults/download");
    proxy.fault("GET", "/v2/faults/download/blobs/" + layerDigest, Kind.TRUNCATE, 0, 1);
    Path target = dir.resolve("downloaded");
    client.pullBlob("faults/download", layerDigest, layer.length, target);
    assertArrayEquals(layer, Files.readAllBytes(target));
    assertEquals(2, proxy.count("GET", "/v2/faults/download/blobs/" + layerDigest));
  }

  @Test
  void aDroppedConnectionOnUploadIsRetriedAndTheRerunSendsOnlyWhatIsMissing() throws Exception {
    JibRegistry client = client();
    proxy.fault("PUT", "/v2/faults/upload/blobs/uploads/", Kind.DROP, 0, -1);
    RegistryException e = assertThrows(RegistryException.class,
        () -> client.pushBlob("faults/upload", layerDigest, layer.length, dir.resolve("layer"), null));
    assertTrue(e.getMessage().startsWith("cannot push blob " + layerDigest.shortForm() + " to " + proxy.host() + "/faults/upload"),
        e.getMessage());
    proxy.clearFaults();
    assertEquals(BlobPush.UPLOADED, client().pushBlob("faults/upload", layerDigest, layer.length, dir.resolve("layer"), null));
    assertEquals(BlobPush.SKIPPED, client().pushBlob("faults/upload", layerDigest, layer.length, dir.resolve("layer"), null));
  }

  @Test
  void credentialsAreNotSentToAnotherHostAfterARedirect() throws Exception {
    try (TestRegistry locked = TestRegistry.start(dir.resolve("locked"), "deployer", "Redirect-S3cret");
        FaultProxy front = FaultProxy.start(locked.host())) {
      Credentials credentials = new Credentials("deployer", "Redirect-S3cret", "test");
      new JibRegistry(locked.host(), credentials, true, BuildEvents.NONE)
          .pushBlob("private/blob", layerDigest, layer.length, dir.resolve("layer"), null);
      List<String> authorizations = new CopyOnWriteArrayList<>();
      com.sun.net.httpserver.HttpServer storage = com.sun.net.httpserver.HttpServer.create(
          new java.net.InetSocketAddress("127.0.0.1", 0), 0);
      storage.createContext("/", exchange -> {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(auth == null ? "none" : auth);
        exchange.sendResponseHeaders(200, layer.length);
        exchange.getResponseBody().write(layer);
        exchange.close();
      });
      storage.start();
      try {
        front.redirect("GET", "/blobs/" + layerDigest, "http://localhost:" + storage.getAddress().getPort()
            + "/storage/blob?signature=x", -1);
        Path target = dir.resolve("redirected");
        new JibRegistry(front.host(), credentials, true, BuildEvents.NONE)
            .pullBlob("private/blob", layerDigest, layer.length, target);
        assertArrayEquals(layer, Files.readAllBytes(target), "the blob came from the redirect target");
        assertEquals(List.of("none"), authorizations, "no Authorization header crossed to the other host");
      } finally {
        storage.stop(0);
      }
    }
  }

  @Test
  void aStalledResponseTimesOutAndIsRetried() throws Exception {
    JibRegistry client = client();
    pushImage(client, "faults/stall");
    String previous = System.getProperty("jib.httpTimeout");
    System.setProperty("jib.httpTimeout", "1000");
    try {
      proxy.fault("HEAD", "/v2/faults/stall/blobs/" + layerDigest, Kind.STALL, 3000, 1);
      assertEquals(layer.length, client().checkBlob("faults/stall", layerDigest).orElseThrow());
      assertTrue(warnings.stream().anyMatch(w -> w.contains("SocketTimeoutException") && w.contains("retrying")),
          warnings.toString());

      proxy.fault("HEAD", "/v2/faults/stall/blobs/" + layerDigest, Kind.STALL, 3000, -1);
      RegistryException e = assertThrows(RegistryException.class, () -> client().checkBlob("faults/stall", layerDigest));
      assertTrue(e.getMessage().contains(proxy.host() + "/faults/stall") && e.getMessage().contains("did not answer in time"),
          e.getMessage());
    } finally {
      if (previous == null) {
        System.clearProperty("jib.httpTimeout");
      } else {
        System.setProperty("jib.httpTimeout", previous);
      }
    }
  }

  @Test
  void aWrongDigestHeaderOnAManifestIsRefused() throws Exception {
    JibRegistry client = client();
    byte[] manifest = pushImage(client, "faults/digest");
    client.pushManifest("faults/digest", "1", manifest, MediaTypes.OCI_MANIFEST);
    proxy.fault("GET", "/v2/faults/digest/manifests/1", Kind.WRONG_DIGEST, 0, -1);
    RegistryException e = assertThrows(RegistryException.class,
        () -> client().pullManifest("faults/digest", "1", List.of(MediaTypes.OCI_MANIFEST)));
    assertTrue(e.getMessage().contains("the registry reports digest sha256:000000"), e.getMessage());

    proxy.clearFaults();
    proxy.fault("PUT", "/v2/faults/digest/manifests/2", Kind.WRONG_DIGEST, 0, -1);
    RegistryException put = assertThrows(RegistryException.class,
        () -> client().pushManifest("faults/digest", "2", manifest, MediaTypes.OCI_MANIFEST));
    assertTrue(put.getMessage().contains("stored the manifest under another digest"), put.getMessage());
    assertFalse(put.getMessage().isEmpty());
  }
}
