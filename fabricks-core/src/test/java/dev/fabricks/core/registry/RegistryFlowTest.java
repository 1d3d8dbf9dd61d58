package dev.fabricks.core.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.build.AppBuilder;
import dev.fabricks.core.build.BuildRequest;
import dev.fabricks.core.build.BuildResult;
import dev.fabricks.core.cache.BlobCache;
import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.ImageReference;
import dev.fabricks.core.image.ImageSource;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.oci.Descriptor;
import dev.fabricks.core.oci.ImageManifest;
import dev.fabricks.core.publish.ArtifactPusher;
import dev.fabricks.core.publish.PushResult;
import dev.fabricks.core.runtime.RegistryRuntimeResolver;
import dev.fabricks.core.runtime.RuntimeImage;
import dev.fabricks.core.runtime.RuntimeImageException;
import dev.fabricks.core.runtime.RuntimeImageWriter;
import dev.fabricks.core.testing.TestRegistry;
import dev.fabricks.core.testing.TestTools;
import dev.fabricks.core.tools.ProcessRunner;
import dev.fabricks.core.tools.Version;
import dev.fabricks.core.tools.WasmTools;
import dev.fabricks.core.tools.WasmToolsLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole registry story against a real registry: publish a runtime, build two apps from
 * {@code fabricks.dev/...} through a mirror, push both and see the runtime layer mounted, not
 * uploaded; then resolve from the cache with the registry gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryFlowTest {
  @TempDir static Path dir;
  static TestRegistry registry;
  static Registries registries;
  static BlobCache cache;
  static Digest runtimeLayer;
  static Digest runtimeManifest;
  static final String RUNTIME = "fabricks.dev/runtimes/node:test";

  @BeforeAll
  static void publishRuntime() throws Exception {
    registry = TestRegistry.start(dir.resolve("registry"));
    registries = new Registries(new RegistryOptions(Map.of("fabricks.dev", registry.host()), Set.of(registry.host()),
        CredentialSource.NONE, false, false), BuildEvents.NONE);
    cache = new BlobCache(dir.resolve("cache"));
    WasmTools tools = new WasmTools(TestTools.wasmTools(), new Version(1, 263, 0), new ProcessRunner(BuildEvents.NONE));
    Path layout = dir.resolve("runtime-oci");
    runtimeManifest = new RuntimeImageWriter(tools).write(new RuntimeImageWriter.Request(
        TestTools.runtimeComponent(), "node:test", "test", layout, null));
    runtimeLayer = Digest.of(TestTools.runtimeComponent());
    PushResult pushed = new ArtifactPusher(registries, BuildEvents.NONE)
        .push(layout, runtimeManifest, ImageReference.parse(RUNTIME), List.of());
    assertEquals(runtimeManifest, pushed.digest());
  }

  @AfterAll
  static void stop() throws Exception {
    registry.close();
  }

  private static Path app(String name, String text) throws Exception {
    Path root = Files.createDirectories(dir.resolve(name));
    Files.writeString(root.resolve("main.js"), "console.log('" + text + "');\n");
    Files.writeString(root.resolve("fabricks.toml"), "[from]\nimage = \"" + RUNTIME + "\"\n[source]\nentrypoint = \"main.js\"\n");
    return root;
  }

  private static BuildResult build(Path root) throws Exception {
    return new AppBuilder(BuildEvents.NONE, new RegistryRuntimeResolver(registries, cache, BuildEvents.NONE)).build(
        new BuildRequest(root.resolve("fabricks.toml"), null, root.resolve("target/fabricks"), root.getFileName().toString(),
            "1.0.0", Instant.parse("2026-01-01T00:00:00Z"),
            new WasmToolsLocator.Settings(TestTools.wasmTools(), null, null, dir.resolve("cache"))));
  }

  private static BlobPush outcome(Map<Descriptor, BlobPush> blobs, String mediaType) {
    return blobs.entrySet().stream().filter(e -> e.getKey().mediaType().equals(mediaType)).findFirst().orElseThrow().getValue();
  }

  private static int mounts(String repository) throws Exception {
    return registry.requests("POST", "/v2/" + repository + "/blobs/uploads/?from=runtimes%2Fnode&mount=" + runtimeLayer).size()
        + registry.requests("POST", "/v2/" + repository + "/blobs/uploads/?mount=" + runtimeLayer).size();
  }

  @Test
  @Order(1)
  void appsBuiltOnAPulledRuntimeShareItsLayerAndPushOnlyTheirOwnBytes() throws Exception {
    BuildResult a = build(app("app-a", "first app"));
    assertTrue(Files.isRegularFile(cache.blobPath(runtimeLayer)), "the runtime layer is in the user-wide cache");
    assertEquals(TestTools.normalFileMode(), java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(cache.blobPath(runtimeLayer))), "the cache is readable as other tools' files are");
    BuildResult b = build(app("app-b", "second app"));

    ArtifactPusher pusher = new ArtifactPusher(registries, BuildEvents.NONE);
    PushResult first = pusher.push(a.layout(), a.manifestDigest(), ImageReference.parse(registry.host() + "/apps/a:1.0.0"),
        List.of("latest"));
    PushResult second = pusher.push(b.layout(), b.manifestDigest(), ImageReference.parse(registry.host() + "/apps/b:1.0.0"),
        List.of());
    assertEquals(List.of("1.0.0", "latest"), first.tags());
    for (PushResult pushed : List.of(first, second)) {
      assertEquals(BlobPush.MOUNTED, outcome(pushed.blobs(), MediaTypes.RUNTIME_LAYER), "the runtime layer is mounted");
      assertEquals(BlobPush.UPLOADED, outcome(pushed.blobs(), MediaTypes.MODULE_LAYER));
      assertEquals(BlobPush.UPLOADED, outcome(pushed.blobs(), MediaTypes.APP_CONFIG));
    }
    assertTrue(second.bytesUploaded() < 10_000, "only the source layer and config: " + second.bytesUploaded());
    assertEquals(1, mounts("apps/b"), "the registry's own log shows the mount:\n" + registry.log());

    PushResult again = pusher.push(a.layout(), a.manifestDigest(), ImageReference.parse(registry.host() + "/apps/a:1.0.0"),
        List.of());
    assertTrue(again.blobs().values().stream().allMatch(o -> o == BlobPush.SKIPPED), "a re-push uploads nothing");

    RawManifest pulled = registries.open(registry.host()).pullManifest("apps/a", "1.0.0", List.of(MediaTypes.OCI_MANIFEST))
        .orElseThrow();
    byte[] built = Files.readAllBytes(a.layout().resolve("blobs/sha256/" + a.manifestDigest().hex()));
    assertArrayEquals(built, pulled.bytes(), "the registry holds the bytes written to target/");
    ImageManifest manifest = ImageManifest.parse(pulled.bytes(), "pulled");
    assertEquals(runtimeLayer, manifest.layers().get(0).digest());
    assertEquals("node:test", manifest.layers().get(0).annotations().get(MediaTypes.ANNOTATION_RUNTIME));
    assertEquals("main.js", manifest.layers().get(1).annotations().get(MediaTypes.ANNOTATION_ENTRYPOINT));
    assertEquals(RUNTIME, manifest.annotations().get(MediaTypes.ANNOTATION_BASE_NAME));
    assertEquals(runtimeManifest.toString(), manifest.annotations().get(MediaTypes.ANNOTATION_BASE_DIGEST));
    assertEquals(MediaTypes.APP_ARTIFACT, manifest.artifactType());
    for (Descriptor blob : manifest.layers()) {
      assertEquals(blob.size(), registries.open(registry.host()).checkBlob("apps/a", blob.digest()).orElseThrow());
    }
  }

  @Test
  @Order(2)
  void aPinnedDigestResolvesAndAContainerImageIsRefused() throws Exception {
    RegistryRuntimeResolver resolver = new RegistryRuntimeResolver(registries, cache, BuildEvents.NONE);
    RuntimeImage image = resolver.resolve(ImageSource.parse("fabricks.dev/runtimes/node@" + runtimeManifest, dir));
    assertEquals(runtimeManifest, image.manifestDigest());

    OciRegistry raw = registries.open(registry.host());
    byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes();
    byte[] layer = "not wasm".getBytes();
    raw.pushBlob("library/alpine", Digest.of(config), config.length, Files.write(dir.resolve("c"), config), null);
    raw.pushBlob("library/alpine", Digest.of(layer), layer.length, Files.write(dir.resolve("l"), layer), null);
    byte[] manifest = new ImageManifest(null, new Descriptor("application/vnd.oci.image.config.v1+json", Digest.of(config),
        config.length), List.of(new Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", Digest.of(layer), layer.length)),
        Map.of()).toBytes();
    raw.pushManifest("library/alpine", "3", manifest, MediaTypes.OCI_MANIFEST);
    RuntimeImageException e = assertThrows(RuntimeImageException.class,
        () -> resolver.resolve(ImageSource.parse("fabricks.dev/library/alpine:3", dir)));
    assertTrue(e.getMessage().contains("is not a Fabricks runtime image: it looks like a container image"), e.getMessage());

    RuntimeImageException missing = assertThrows(RuntimeImageException.class,
        () -> resolver.resolve(ImageSource.parse("fabricks.dev/runtimes/node:9.9", dir)));
    assertTrue(missing.getMessage().contains("was not found: " + registry.host() + " has no runtimes/node with tag 9.9"),
        missing.getMessage());
  }

  @Test
  @Order(3)
  void aResolvedTagIsServedFromTheCacheWithoutTheRegistry() throws Exception {
    registry.close();
    RegistryRuntimeResolver resolver = new RegistryRuntimeResolver(
        new Registries(registries.options(), BuildEvents.NONE), cache, BuildEvents.NONE);
    assertEquals(runtimeManifest, resolver.resolve(ImageSource.parse(RUNTIME, dir)).manifestDigest());

    Registries offline = new Registries(new RegistryOptions(registries.options().mirrors(),
        registries.options().insecureRegistries(), CredentialSource.NONE, true, false), BuildEvents.NONE);
    RegistryRuntimeResolver empty = new RegistryRuntimeResolver(offline, new BlobCache(dir.resolve("empty-cache")),
        BuildEvents.NONE);
    RuntimeImageException e = assertThrows(RuntimeImageException.class, () -> empty.resolve(ImageSource.parse(RUNTIME, dir)));
    assertTrue(e.getMessage().contains("is not in the cache") && e.getMessage().contains("offline"), e.getMessage());

    Files.write(cache.blobPath(runtimeLayer), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
    RuntimeImageException corrupt = assertThrows(RuntimeImageException.class,
        () -> new RegistryRuntimeResolver(offline, cache, BuildEvents.NONE).resolve(ImageSource.parse(RUNTIME, dir)));
    assertTrue(corrupt.getMessage().contains("runtime layer"), corrupt.getMessage());
    assertFalse(Files.exists(cache.blobPath(runtimeLayer)), "a damaged cache entry is removed, never used");
  }
}
