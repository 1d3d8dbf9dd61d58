package dev.fabricks.core.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabricks.core.FabricksException;
import dev.fabricks.core.build.BuildResult;
import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.ImageReference;
import dev.fabricks.core.oci.CanonicalJson;
import dev.fabricks.core.registry.RawManifest;
import dev.fabricks.core.registry.Registries;
import dev.fabricks.core.testing.TestApps;
import dev.fabricks.core.testing.TestRegistry;
import dev.fabricks.core.testing.TestTools;
import dev.fabricks.core.tools.ProcessRunner;
import dev.fabricks.core.tools.ToolInvocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CNCF Wasm view of an app, pushed beside the artifact, is pulled by a real consumer of that
 * format (wkg, the Bytecode Alliance's package tool, which refuses anything but one
 * {@code application/wasm} layer under a {@code application/vnd.wasm.config.v0+json} config) and
 * the pulled component runs.
 */
class WasmViewTest {
  @TempDir Path dir;

  @Test
  void wkgPullsTheComposedComponentAndItRuns() throws Exception {
    ProcessRunner runner = new ProcessRunner(BuildEvents.NONE);
    BuildResult built = TestApps.jsApp(dir, TestApps.runtimeLayout(dir), "hello", "console.log('hello from the wasm view');\n");

    try (TestRegistry registry = TestRegistry.start(dir.resolve("registry"))) {
      Registries registries = TestApps.registries(registry);
      ArtifactPusher pusher = new ArtifactPusher(registries, BuildEvents.NONE);
      ImageReference target = ImageReference.parse(registry.host() + "/apps/hello:1.0.0");
      PushOptions options = PushOptions.NONE.withWasmView("1.0.0-wasm", built.component());
      PushResult pushed = pusher.push(built.layout(), built.manifestDigest(), target, List.of(), options);
      assertEquals(built.manifestDigest(), pushed.digest(), "the artifact itself is unchanged");

      RawManifest view = registries.open(registry.host()).pullManifest("apps/hello", "1.0.0-wasm",
          List.of("application/vnd.oci.image.manifest.v1+json")).orElseThrow();
      assertEquals(pushed.wasmDigest(), view.digest());
      JsonNode manifest = CanonicalJson.parse(view.bytes());
      assertEquals(WasmView.CONFIG, manifest.path("config").path("mediaType").asText());
      assertEquals(1, manifest.path("layers").size());
      assertEquals(WasmView.LAYER, manifest.path("layers").get(0).path("mediaType").asText());

      Path pulled = dir.resolve("pulled.wasm");
      ProcessRunner.Result wkg = runner.run(new ToolInvocation(TestTools.testTool("wkg"), List.of("oci", "pull",
          "--insecure", registry.host(), registry.host() + "/apps/hello:1.0.0-wasm", "-o", pulled.toString()), null));
      assertArrayEquals(Files.readAllBytes(built.component()), Files.readAllBytes(pulled), "wkg wrote " + wkg.stderr());

      ProcessRunner.Result run = runner.run(new ToolInvocation(Path.of(TestTools.python()),
          List.of(TestTools.runComponentScript().toString(), pulled.toString()), null));
      assertEquals("hello from the wasm view\n", run.stdout());

      JsonNode configDescriptor = manifest.path("config");
      Path configFile = dir.resolve("config.json");
      registries.open(registry.host()).pullBlob("apps/hello", Digest.parse(configDescriptor.path("digest").asText()),
          configDescriptor.path("size").asLong(), configFile);
      byte[] config = Files.readAllBytes(configFile);
      JsonNode wasmConfig = CanonicalJson.parse(config);
      assertEquals("wasip2", wasmConfig.path("os").asText());
      assertEquals("2026-01-01T00:00:00Z", wasmConfig.path("created").asText());
      assertEquals(built.world().imports().size(), wasmConfig.path("component").path("imports").size());
      assertTrue(wasmConfig.path("component").path("exports").toString().contains("wasi:cli/run@"), wasmConfig.toString());

      FabricksException clash = assertThrows(FabricksException.class, () -> pusher.push(built.layout(),
          built.manifestDigest(), target, List.of(), PushOptions.NONE.withWasmView("1.0.0", built.component())));
      assertTrue(clash.getMessage().contains("is also a tag of the artifact itself"), clash.getMessage());
    }
  }
}
