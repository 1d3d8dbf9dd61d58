package dev.fabricks.core.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.FabricksException;
import dev.fabricks.core.build.BuildResult;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.ImageReference;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.registry.BlobPush;
import dev.fabricks.core.testing.TestRegistry;
import dev.fabricks.core.testing.TestApps;
import dev.fabricks.core.testing.TestTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apps built on a local {@code oci:} runtime, pushed into several repositories of one registry,
 * upload the runtime layer once when the push names the runtime's repository: counted in the
 * registry's own access log.
 */
class LocalRuntimeUploadTest {
  @TempDir Path dir;

  @Test
  void threeAppsOnALocalRuntimeUploadItsLayerOnceAndMountItThreeTimes() throws Exception {
    Path runtimeLayout = TestApps.runtimeLayout(dir);
    Digest layer = Digest.of(TestTools.runtimeComponent());
    try (TestRegistry registry = TestRegistry.start(dir.resolve("registry"))) {
      ArtifactPusher pusher = TestApps.pusher(registry);
      PushOptions options = PushOptions.NONE.withRuntimeRepository("runtimes/node");
      for (String name : List.of("one", "two", "three")) {
        BuildResult built = TestApps.jsApp(dir, runtimeLayout, name, "console.log('" + name + "');\n");
        PushResult pushed = pusher.push(built.layout(), built.manifestDigest(),
            ImageReference.parse(registry.host() + "/apps/" + name), List.of(), options);
        BlobPush outcome = pushed.blobs().entrySet().stream()
            .filter(e -> e.getKey().mediaType().equals(MediaTypes.RUNTIME_LAYER)).findFirst().orElseThrow().getValue();
        assertEquals(BlobPush.MOUNTED, outcome, name);
      }
      List<String> uploads = registry.requests("PUT", layer.hex());
      assertEquals(1, uploads.size(), "the runtime layer is uploaded once:\n" + String.join("\n", uploads));
      assertTrue(uploads.get(0).contains("/v2/runtimes/node/blobs/uploads/"), uploads.get(0));
      assertEquals(3, registry.requests("POST", "blobs/uploads/?mount=" + layer + "&from=runtimes/node").size(),
          "one mount per app repository:\n" + registry.log());

      FabricksException bad = assertThrows(FabricksException.class, () -> pusher.push(dir.resolve("one/target/fabricks/oci"),
          Digest.parse(Files.readString(dir.resolve("one/target/fabricks/image.digest")).strip()),
          ImageReference.parse(registry.host() + "/apps/one"), List.of(), PushOptions.NONE.withRuntimeRepository("Runtimes/Node")));
      assertTrue(bad.getMessage().contains("<to><runtimeRepository> (-Dfabricks.to.runtimeRepository) `Runtimes/Node`"
          + " is not a repository name"), bad.getMessage());
    }
  }
}
