package dev.fabricks.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.runtime.RuntimeImageWriter;
import dev.fabricks.core.testing.TestTools;
import dev.fabricks.core.tools.ProcessRunner;
import dev.fabricks.core.tools.Version;
import dev.fabricks.core.tools.WasmTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds killed with SIGKILL at different moments leave nothing a later build would trust: the
 * next build gives exactly the artifact of an undisturbed build.
 */
class CrashTest {
  @TempDir Path dir;

  @Test
  void aBuildKilledAtAnyMomentIsRepairedByTheNextBuild() throws Exception {
    Path layout = dir.resolve("runtime-oci");
    new RuntimeImageWriter(new WasmTools(TestTools.wasmTools(), new Version(1, 263, 0), new ProcessRunner(BuildEvents.NONE)))
        .write(new RuntimeImageWriter.Request(TestTools.runtimeComponent(), "node:test", "test", layout, null));
    Path app = Files.createDirectories(dir.resolve("app/data"));
    Files.writeString(app.getParent().resolve("main.js"), "console.log('crash test');\n");
    Random random = new Random(1);
    for (int i = 0; i < 40; i++) {
      byte[] bytes = new byte[512 * 1024];
      random.nextBytes(bytes);
      Files.write(app.resolve("blob-" + i + ".bin"), bytes);
    }
    Path config = Files.writeString(app.getParent().resolve("fabricks.toml"),
        "[from]\nimage = \"oci:" + layout + ":test\"\n[source]\nentrypoint = \"main.js\"\n");

    Digest expected = new AppBuilder(BuildEvents.NONE, null)
        .build(BuildRunner.request(config, dir.resolve("reference"), TestTools.wasmTools())).manifestDigest();

    Path out = dir.resolve("app/target/fabricks");
    List<Long> killedAfter = new ArrayList<>();
    for (long delay : new long[] {150, 300, 450, 600, 800, 1000, 1300}) {
      Process build = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), BuildRunner.class.getName(),
          config.toString(), out.toString(), TestTools.wasmTools().toString()).inheritIO().start();
      Thread.sleep(delay);
      if (build.isAlive()) {
        build.destroyForcibly(); // SIGKILL on Linux
        killedAfter.add(delay);
      }
      build.waitFor(30, TimeUnit.SECONDS);
      Files.writeString(app.resolve("blob-0.bin"), "changed " + delay); // each round has new work to do
    }
    assertTrue(killedAfter.size() >= 3, "builds were killed mid-way: " + killedAfter);

    // restore the inputs of the reference build, then build normally
    Random again = new Random(1);
    for (int i = 0; i < 40; i++) {
      byte[] bytes = new byte[512 * 1024];
      again.nextBytes(bytes);
      Files.write(app.resolve("blob-" + i + ".bin"), bytes);
    }
    BuildResult result = new AppBuilder(BuildEvents.NONE, null).build(BuildRunner.request(config, out, TestTools.wasmTools()));
    assertEquals(expected, result.manifestDigest(), "the artifact after the crashes is the undisturbed one");
    assertEquals(Digest.of(dir.resolve("reference/crash.wasm")), Digest.of(result.component()));
    try (var blobs = Files.list(result.layout().resolve("blobs/sha256"))) {
      for (Path blob : blobs.toList()) {
        assertEquals(blob.getFileName().toString(), Digest.of(blob).hex(), "every blob holds what its name says");
      }
    }
    try (var files = Files.walk(out)) {
      List<Path> leftovers = files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
      assertEquals(List.of(), leftovers, "the killed builds' temporary files are gone");
    }
  }
}
