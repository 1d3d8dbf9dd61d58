package dev.fabricks.core.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.build.AppBuilder;
import dev.fabricks.core.build.BuildRequest;
import dev.fabricks.core.build.BuildResult;
import dev.fabricks.core.cache.BlobCache;
import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.ImageReference;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.oci.Descriptor;
import dev.fabricks.core.publish.ArtifactPusher;
import dev.fabricks.core.publish.PushResult;
import dev.fabricks.core.runtime.RegistryRuntimeResolver;
import dev.fabricks.core.runtime.RuntimeImageWriter;
import dev.fabricks.core.testing.TestRegistry;
import dev.fabricks.core.testing.TestTools;
import dev.fabricks.core.testing.TokenServer;
import dev.fabricks.core.tools.ProcessRunner;
import dev.fabricks.core.tools.Version;
import dev.fabricks.core.tools.WasmTools;
import dev.fabricks.core.tools.WasmToolsLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same publish, build-from-registry, push-with-mount and pull-back story against a second
 * registry implementation (go-containerregistry's, {@code crane registry serve}) and against
 * distribution with the bearer-token flow (a token server fixture signs JWTs; the registry checks
 * them), so the artifact does not depend on one registry's leniency.
 */
class RegistryImplementationsTest {
  @TempDir static Path dir;
  static Path runtimeLayout;
  static Digest runtimeManifest;

  @BeforeAll
  static void packageRuntime() throws Exception {
    WasmTools tools = new WasmTools(TestTools.wasmTools(), new Version(1, 263, 0), new ProcessRunner(BuildEvents.NONE));
    runtimeLayout = dir.resolve("runtime-oci");
    runtimeManifest = new RuntimeImageWriter(tools).write(new RuntimeImageWriter.Request(
        TestTools.runtimeComponent(), "node:test", "test", runtimeLayout, null));
  }

  /** Publishes the runtime, builds an app from it through the registry, pushes it and reads it back. */
  private static void publishBuildPushPull(String host, CredentialSource credentials, String name) throws Exception {
    Registries registries = new Registries(new RegistryOptions(Map.of(), Set.of(host), credentials, false, false),
        BuildEvents.NONE);
    ArtifactPusher pusher = new ArtifactPusher(registries, BuildEvents.NONE);
    String runtime = host + "/runtimes/node:test";
    assertEquals(runtimeManifest, pusher.push(runtimeLayout, runtimeManifest, ImageReference.parse(runtime), List.of()).digest());

    Path root = Files.createDirectories(dir.resolve(name));
    Files.writeString(root.resolve("main.js"), "console.log('hello');\n");
    Files.writeString(root.resolve("fabricks.toml"), "[from]\nimage = \"" + runtime + "\"\n[source]\nentrypoint = \"main.js\"\n");
    BuildResult app = new AppBuilder(BuildEvents.NONE, new RegistryRuntimeResolver(registries,
        new BlobCache(dir.resolve(name + "-cache")), BuildEvents.NONE)).build(new BuildRequest(root.resolve("fabricks.toml"),
        null, root.resolve("target/fabricks"), name, "1.0.0", Instant.parse("2026-01-01T00:00:00Z"),
        new WasmToolsLocator.Settings(TestTools.wasmTools(), null, null, dir.resolve(name + "-cache"))));
    PushResult pushed = pusher.push(app.layout(), app.manifestDigest(), ImageReference.parse(host + "/apps/" + name + ":1.0.0"),
        List.of("latest"));
    Map.Entry<Descriptor, BlobPush> runtimeLayer = pushed.blobs().entrySet().stream()
        .filter(e -> e.getKey().mediaType().equals(MediaTypes.RUNTIME_LAYER)).findFirst().orElseThrow();
    // distribution keeps blobs per repository and mounts; go-containerregistry's registry shares
    // blobs between repositories, so the check already finds it: either way it is not uploaded again
    assertTrue(Set.of(BlobPush.MOUNTED, BlobPush.SKIPPED).contains(runtimeLayer.getValue()),
        "the runtime layer is not uploaded again: " + runtimeLayer.getValue());

    OciRegistry registry = registries.open(host);
    for (String tag : List.of("1.0.0", "latest")) {
      RawManifest pulled = registry.pullManifest("apps/" + name, tag, List.of(MediaTypes.OCI_MANIFEST)).orElseThrow();
      assertArrayEquals(Files.readAllBytes(app.layout().resolve("blobs/sha256/" + app.manifestDigest().hex())), pulled.bytes());
    }
    Path back = dir.resolve(name + "-pulled-layer");
    Descriptor layer = runtimeLayer.getKey();
    registry.pullBlob("apps/" + name, layer.digest(), layer.size(), back);
    assertEquals(layer.digest(), Digest.of(back));
  }

  @Test
  void goContainerRegistryTakesTheArtifactAsDistributionDoes() throws Exception {
    try (TestRegistry crane = TestRegistry.startCrane(dir.resolve("crane"))) {
      publishBuildPushPull(crane.host(), CredentialSource.NONE, "on-crane");
    }
  }

  @Test
  void bearerTokensFromATokenServerCarryPushAndTheMountSourcesPullScope() throws Exception {
    try (TokenServer tokens = TokenServer.start(dir.resolve("tokens"), "deployer", "t0ken-Passw0rd");
        TestRegistry registry = TestRegistry.startWithTokenAuth(dir.resolve("token-registry"), tokens)) {
      RegistryException anonymous = assertThrows(RegistryException.class, () -> new ArtifactPusher(
          new Registries(new RegistryOptions(Map.of(), Set.of(registry.host()), CredentialSource.NONE, false, false),
              BuildEvents.NONE), BuildEvents.NONE)
          .push(runtimeLayout, runtimeManifest, ImageReference.parse(registry.host() + "/runtimes/node:test"), List.of()));
      assertTrue(anonymous.getMessage().contains("refused anonymous access"), anonymous.getMessage());

      publishBuildPushPull(registry.host(),
          host -> Optional.of(new Credentials("deployer", "t0ken-Passw0rd", "test")), "with-tokens");
      assertTrue(tokens.granted().contains("repository:apps/with-tokens:pull,push"), tokens.granted().toString());
      assertTrue(tokens.granted().contains("repository:runtimes/node:pull"), "the mount source's pull scope: "
          + tokens.granted());
      assertTrue(registry.log().contains("authorized request"), "the registry checked tokens itself");
    }
  }
}
