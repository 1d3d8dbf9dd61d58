package dev.fabricks.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputSnapshotTest {
  @TempDir Path root;
  Path config;

  @BeforeEach
  void project() throws Exception {
    Files.createDirectories(root.resolve("runtime"));
    Files.writeString(root.resolve("runtime/index.json"), "{}");
    config = Files.writeString(root.resolve("fabricks.toml"),
        "[from]\nimage = \"oci:runtime:1\"\n[source]\nentrypoint = \"main.py\"\n");
    Files.writeString(root.resolve("main.py"), "print(1)\n");
  }

  private InputSnapshot take() {
    return InputSnapshot.take(config, null);
  }

  @Test
  void unchangedInputsGiveEqualSnapshots() {
    assertEquals(take(), take());
  }

  @Test
  void anEditedSourceFileIsAChange() throws Exception {
    InputSnapshot before = take();
    Files.writeString(root.resolve("main.py"), "print(2)\n");
    Files.setLastModifiedTime(root.resolve("main.py"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
    assertNotEquals(before, take());
  }

  @Test
  void aNewSourceFileIsAChangeButBuildOutputIsNot() throws Exception {
    InputSnapshot before = take();
    Files.createDirectories(root.resolve("target/fabricks"));
    Files.writeString(root.resolve("target/fabricks/app.wasm"), "out");
    assertEquals(before, take());
    Files.writeString(root.resolve("util.py"), "x = 1\n");
    assertNotEquals(before, take());
  }

  @Test
  void aRebuiltLocalRuntimeIsAChange() throws Exception {
    InputSnapshot before = take();
    Files.writeString(root.resolve("runtime/index.json"), "{\"manifests\":[]}");
    assertNotEquals(before, take());
  }

  @Test
  void aBrokenConfigIsAChangeAndCarriesTheProblem() throws Exception {
    InputSnapshot before = take();
    Files.writeString(config, "[from]\nimage = \"oci:runtime:1\"\n[source]\nentrypont = \"main.py\"\n");
    InputSnapshot broken = take();
    assertNotEquals(before, broken);
    assertTrue(broken.entries().stream().anyMatch(e -> e.contains("unknown key `entrypont`")), broken.entries().toString());
  }
}
