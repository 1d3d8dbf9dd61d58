package dev.fabricks.core.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fabricks.core.build.BuildResult;
import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.ImageReference;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.testing.TestRegistry;
import dev.fabricks.core.testing.TestApps;
import dev.fabricks.core.testing.TestTools;
import dev.fabricks.core.tools.ProcessRunner;
import dev.fabricks.core.tools.ToolInvocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    BuildResult built = TestApps.jsApp(dir, TestApps.runtimeLayout(dir), "files", "console.log('as files');\n");
    try (TestRegistry registry = TestRegistry.start(dir.resolve("registry"))) {
      TestApps.pusher(registry).push(built.layout(), built.manifestDigest(),
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
