package dev.fabricks.core.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.oci.CanonicalJson;
import dev.fabricks.core.oci.Descriptor;
import dev.fabricks.core.oci.ImageManifest;
import dev.fabricks.core.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Jib adapter against a real registry process, without and with basic auth. */
class JibRegistryTest {
  @TempDir static Path dir;
  static TestRegistry open;
  static TestRegistry locked;

  @BeforeAll
  static void start() throws Exception {
    open = TestRegistry.start(dir.resolve("open"));
    locked = TestRegistry.start(dir.resolve("locked"), "fabricks", "s3cret-pass");
  }

  @AfterAll
  static void stop() throws Exception {
    open.close();
    locked.close();
  }

  private static Path blob(String name, byte[] bytes) throws Exception {
    return Files.write(dir.resolve(name), bytes);
  }

  private static byte[] manifest(Descriptor config, Descriptor layer) {
    return new ImageManifest(MediaTypes.RUNTIME_ARTIFACT, config, List.of(layer.withAnnotations(
        Map.of(MediaTypes.ANNOTATION_RUNTIME, "node:test"))), Map.of("a", "b")).toBytes();
  }

  @Test
  void pushesAndPullsExactBytesAndMountsAcrossRepositories() throws Exception {
    JibRegistry registry = new JibRegistry(open.host(), null, true, BuildEvents.NONE);
    byte[] layerBytes = "runtime layer bytes".getBytes(StandardCharsets.UTF_8);
    byte[] configBytes = CanonicalJson.bytes(CanonicalJson.object().put("name", "node:test"));
    Digest layer = Digest.of(layerBytes);
    Digest config = Digest.of(configBytes);
    Path layerFile = blob("layer", layerBytes);

    assertEquals(BlobPush.UPLOADED, registry.pushBlob("runtimes/node", layer, layerBytes.length, layerFile, null));
    assertEquals(BlobPush.SKIPPED, registry.pushBlob("runtimes/node", layer, layerBytes.length, layerFile, null));
    assertEquals(BlobPush.UPLOADED, registry.pushBlob("runtimes/node", config, configBytes.length,
        blob("config", configBytes), null));
    byte[] manifestBytes = manifest(new Descriptor(MediaTypes.RUNTIME_CONFIG, config, configBytes.length),
        new Descriptor(MediaTypes.RUNTIME_LAYER, layer, layerBytes.length));
    assertEquals(Digest.of(manifestBytes), registry.pushManifest("runtimes/node", "1.0", manifestBytes, MediaTypes.OCI_MANIFEST));

    RawManifest pulled = registry.pullManifest("runtimes/node", "1.0", List.of(MediaTypes.OCI_MANIFEST)).orElseThrow();
    assertArrayEquals(manifestBytes, pulled.bytes(), "annotations and artifactType survive the round trip");
    assertEquals(MediaTypes.OCI_MANIFEST, pulled.mediaType());
    assertArrayEquals(manifestBytes, registry.pullManifest("runtimes/node", Digest.of(manifestBytes).toString(),
        List.of(MediaTypes.OCI_MANIFEST)).orElseThrow().bytes());
    assertTrue(registry.pullManifest("runtimes/node", "2.0", List.of(MediaTypes.OCI_MANIFEST)).isEmpty());

    assertEquals(BlobPush.MOUNTED, registry.pushBlob("apps/hello", layer, layerBytes.length, layerFile, "runtimes/node"));
    assertEquals(1, open.requests("POST", "/v2/apps/hello/blobs/uploads/?from=runtimes%2Fnode&mount=" + layer).size()
        + open.requests("POST", "/v2/apps/hello/blobs/uploads/?mount=" + layer).size(), open.log());
    assertEquals(layerBytes.length, registry.checkBlob("apps/hello", layer).orElseThrow());

    Path target = dir.resolve("pulled");
    registry.pullBlob("apps/hello", layer, layerBytes.length, target);
    assertArrayEquals(layerBytes, Files.readAllBytes(target));
  }

  @Test
  void basicAuthWorksWithTheRightPasswordAndFailsClearlyWithAWrongOne() throws Exception {
    byte[] bytes = "secret layer".getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.of(bytes);
    JibRegistry good = new JibRegistry(locked.host(),
        new Credentials("fabricks", "s3cret-pass", "test"), true, BuildEvents.NONE);
    assertEquals(BlobPush.UPLOADED, good.pushBlob("private/app", digest, bytes.length, blob("secret", bytes), null));
    assertTrue(good.checkBlob("private/app", digest).isPresent());

    JibRegistry bad = new JibRegistry(locked.host(), new Credentials("fabricks", "wrong-pass", "test"), true, BuildEvents.NONE);
    RegistryException e = assertThrows(RegistryException.class, () -> bad.checkBlob("private/app", digest));
    assertTrue(e.getMessage().contains(locked.host() + "/private/app"), e.getMessage());
    assertTrue(e.getMessage().contains("refused the credentials"), e.getMessage());
    assertTrue(!e.getMessage().contains("wrong-pass"), "no secret in messages");

    JibRegistry anonymous = new JibRegistry(locked.host(), null, true, BuildEvents.NONE);
    RegistryException anon = assertThrows(RegistryException.class,
        () -> anonymous.pullManifest("private/app", "latest", List.of(MediaTypes.OCI_MANIFEST)));
    assertTrue(anon.getMessage().contains("settings.xml"), anon.getMessage());
  }

  @Test
  void plainHttpIsRefusedWithoutTheInsecureOption() {
    JibRegistry strict = new JibRegistry(open.host(), null, false, BuildEvents.NONE);
    RegistryException e = assertThrows(RegistryException.class,
        () -> strict.pullManifest("runtimes/node", "1.0", List.of(MediaTypes.OCI_MANIFEST)));
    assertTrue(e.getMessage().contains("<insecureRegistries>"), e.getMessage());
  }

  @Test
  void anUnknownHostNamesTheRegistryAndWhatToCheck() {
    JibRegistry nowhere = new JibRegistry("registry.fabricks-test.invalid", null, true, BuildEvents.NONE);
    RegistryException e = assertThrows(RegistryException.class,
        () -> nowhere.pullManifest("runtimes/node", "1.0", List.of(MediaTypes.OCI_MANIFEST)));
    assertTrue(e.getMessage().startsWith("cannot pull the manifest 1.0 of registry.fabricks-test.invalid/runtimes/node: unknown host"),
        e.getMessage());
    assertTrue(e.getMessage().contains("<mirrors>"), e.getMessage());
  }

  @Test
  void connectionRefusedNamesTheRegistry() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    JibRegistry gone = new JibRegistry("127.0.0.1:" + port, null, true, BuildEvents.NONE);
    RegistryException e = assertThrows(RegistryException.class,
        () -> gone.pullManifest("runtimes/node", "1.0", List.of(MediaTypes.OCI_MANIFEST)));
    assertTrue(e.getMessage().contains("127.0.0.1:" + port + "/runtimes/node"), e.getMessage());
    assertTrue(e.getMessage().contains("Is the registry running"), e.getMessage());
  }
}
