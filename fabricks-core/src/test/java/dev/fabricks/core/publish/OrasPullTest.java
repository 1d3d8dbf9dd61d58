package dev.fabricks.core.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fabricks.core.build.AppBuilder;
import dev.fabricks.core.build.BuildRequest;
import dev.fabricks.core.build.BuildResult;
import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.ImageReference;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.registry.CredentialSource;
import dev.fabricks.core.registry.Registries;
import dev.fabricks.core.registry.RegistryOptions;
import dev.fabricks.core.runtime.RuntimeImageWriter;
import dev.fabricks.core.testing.TestRegistry;
import dev.fabricks.core.testing.TestTools;
import dev.fabricks.core.tools.ProcessRunner;
import dev.fabricks.core.tools.ToolInvocation;
import dev.fabricks.core.tools.Version;
import dev.fabricks.core.tools.WasmTools;
import dev.fabricks.core.tools.WasmToolsLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pushed app is files to oras: {@code oras pull} writes both layers under their title
 * annotations, and composing them with wasm-tools gives the component the build wrote.
 */
class OrasPullTest {
  @TempDir Path dir;

  @Test
  void orasPullWritesBothLayersAsFilesThatComposeIntoTheComponent() throws Exception {
    ProcessRunner runner = new ProcessRunner(BuildEvents.NONE);
    WasmTools tools = new WasmTools(TestTools.wasmTools(), new Version(1, 263, 0), runner);
    Path runtimeLayout = dir.resolve("runtime-oci");
    new RuntimeImageWriter(tools).write(new RuntimeImageWriter.Request(
        TestTools.runtimeComponent(), "node:test", "test", runtimeLayout, null));
    Path root = Files.createDirectories(dir.resolve("files"));
    Files.writeString(root.resolve("main.js"), "console.log('as files');\n");
    Files.writeString(root.resolve("fabricks.toml"), "[from]\nimage = \"oci:" + runtimeLayout + ":test\"\n"
        + "[source]\nentrypoint = \"main.js\"\n");
    BuildResult built = new AppBuilder(BuildEvents.NONE, null).build(new BuildRequest(root.resolve("fabricks.toml"), null,
        root.resolve("target/fabricks"), "files", "1.0.0", Instant.parse("2026-01-01T00:00:00Z"),
        new WasmToolsLocator.Settings(TestTools.wasmTools(), null, null, dir.resolve("cache"))));
    try (TestRegistry registry = TestRegistry.start(dir.resolve("registry"))) {
      new ArtifactPusher(new Registries(new RegistryOptions(Map.of(), Set.of(registry.host()), CredentialSource.NONE,
          false, false), BuildEvents.NONE), BuildEvents.NONE).push(built.layout(), built.manifestDigest(),
          ImageReference.parse(registry.host() + "/apps/files:1.0.0"), List.of());
      Path pulled = Files.createDirectories(dir.resolve("pulled"));
      runner.run(new ToolInvocation(TestTools.testTool("oras"), List.of("pull", "--plain-http",
          registry.host() + "/apps/files:1.0.0", "-o", pulled.toString()), null));
      try (var files = Files.list(pulled)) {
        assertEquals(List.of(MediaTypes.RUNTIME_LAYER_TITLE, MediaTypes.MODULE_LAYER_TITLE),
            files.map(p -> p.getFileName().toString()).sorted().toList());
      }
      assertArrayEquals(Files.readAllBytes(TestTools.runtimeComponent()),
          Files.readAllBytes(pulled.resolve(MediaTypes.RUNTIME_LAYER_TITLE)));
      Path composed = dir.resolve("composed.wasm");
      runner.run(new ToolInvocation(TestTools.wasmTools(), List.of("compose",
          pulled.resolve(MediaTypes.RUNTIME_LAYER_TITLE).toString(), "-d", pulled.resolve(MediaTypes.MODULE_LAYER_TITLE)
              .toString(), "-o", composed.toString()), null));
      assertArrayEquals(Files.readAllBytes(built.component()), Files.readAllBytes(composed),
          "the pulled layers compose into the component the build wrote");
    }
  }
}
