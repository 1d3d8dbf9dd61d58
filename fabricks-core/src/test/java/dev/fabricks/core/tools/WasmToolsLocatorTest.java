package dev.fabricks.core.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.testing.TestTools;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasmToolsLocatorTest {
  private static final String HINT = "cargo install --locked wasm-tools@1.263.0";

  @TempDir Path dir;
  private final WasmToolsLocator locator = new WasmToolsLocator(new ProcessRunner(BuildEvents.NONE), BuildEvents.NONE);

  /** An executable {@code folder/wasm-tools} that runs {@code script}. */
  static Path fakeTool(Path folder, String script) throws IOException {
    Files.createDirectories(folder);
    Path tool = Files.writeString(folder.resolve("wasm-tools"), "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    return tool;
  }

  private WasmTools explicit(Path path) throws ToolException {
    return locator.locate(new WasmToolsLocator.Settings(path, null, null, dir.resolve("cache")));
  }

  @Test
  void explicitPathThatDoesNotExist() {
    Path missing = dir.resolve("bin/wasm-tools");
    ToolException e = assertThrows(ToolException.class, () -> explicit(missing));
    assertTrue(e.getMessage().startsWith("wasm-tools was not found at " + missing), e.getMessage());
    assertTrue(e.getMessage().contains(HINT), e.getMessage());
  }

  @Test
  void explicitPathThatIsAFolderOrNotExecutable() throws Exception {
    assertTrue(assertThrows(ToolException.class, () -> explicit(dir)).getMessage().contains(HINT));
    Path plain = Files.writeString(dir.resolve("wasm-tools"), "#!/bin/sh\necho wasm-tools 1.263.0\n");
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
    // root may execute any file with an x bit; this one has none
    assertTrue(assertThrows(ToolException.class, () -> explicit(plain)).getMessage()
        .startsWith("wasm-tools was not found at " + plain));
  }

  @Test
  void tooOldVersionIsRefused() throws Exception {
    Path tool = fakeTool(dir.resolve("old"), "echo 'wasm-tools 1.0.0'");
    ToolException e = assertThrows(ToolException.class, () -> explicit(tool));
    assertTrue(e.getMessage().startsWith("wasm-tools 1.0.0 at " + tool + " (set by <wasmTools> or -Dfabricks.wasmTools)"
        + " is too old: this build needs 1.220.0 or newer"), e.getMessage());
    assertTrue(e.getMessage().endsWith("Upgrade with: " + HINT), e.getMessage());
  }

  @Test
  void garbageVersionIsRefused() throws Exception {
    Path tool = fakeTool(dir.resolve("garbage"), "echo 'hello there'");
    ToolException e = assertThrows(ToolException.class, () -> explicit(tool));
    assertTrue(e.getMessage().contains(tool + " (set by <wasmTools> or -Dfabricks.wasmTools) does not answer --version"
        + " like wasm-tools: hello there"), e.getMessage());
    assertTrue(e.getMessage().contains(HINT), e.getMessage());
  }

  @Test
  void failingVersionIsRefusedEvenWithAVersionNumber() throws Exception {
    Path tool = fakeTool(dir.resolve("fails"), "echo 'wasm-tools 1.263.0'; echo 'broken' >&2; exit 1");
    ToolException e = assertThrows(ToolException.class, () -> explicit(tool));
    assertTrue(e.getMessage().contains("does not answer --version like wasm-tools: wasm-tools 1.263.0\nbroken"),
        e.getMessage());
  }

  @Test
  void newEnoughExplicitToolIsUsed() throws Exception {
    Path tool = fakeTool(dir.resolve("ok"), "echo 'wasm-tools 1.220.0'");
    WasmTools tools = explicit(tool);
    assertEquals(tool.toAbsolutePath(), tools.executable());
    assertEquals(new Version(1, 220, 0), tools.version());
  }

  @Test
  void searchPathFindsTheFirstExecutableInOrder() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path notExecutable = Files.createDirectories(dir.resolve("plain"));
    Files.writeString(notExecutable.resolve("wasm-tools"), "#!/bin/sh\necho wasm-tools 1.300.0\n");
    Path first = fakeTool(dir.resolve("first"), "echo 'wasm-tools 1.263.0 (abc 2025-01-01)'");
    fakeTool(dir.resolve("second"), "echo 'wasm-tools 1.250.0'");
    String searchPath = String.join(File.pathSeparator, empty.toString(), "", notExecutable.toString(),
        first.getParent().toString(), dir.resolve("second").toString());
    WasmTools tools = locator.locate(new WasmToolsLocator.Settings(null, searchPath, null, dir.resolve("cache")));
    assertEquals(first, tools.executable());
    assertEquals(new Version(1, 263, 0), tools.version());
  }

  @Test
  void searchPathResultIsCheckedToo() throws Exception {
    Path old = fakeTool(dir.resolve("old"), "echo 'wasm-tools 1.100.0'");
    ToolException e = assertThrows(ToolException.class,
        () -> locator.locate(new WasmToolsLocator.Settings(null, old.getParent().toString(), null, dir)));
    assertTrue(e.getMessage().contains("(found on PATH) is too old"), e.getMessage());
  }

  @Test
  void explicitPathWinsOverSearchPath() throws Exception {
    Path explicit = fakeTool(dir.resolve("explicit"), "echo 'wasm-tools 1.221.0'");
    Path onPath = fakeTool(dir.resolve("path"), "echo 'wasm-tools 1.263.0'");
    WasmTools tools = locator.locate(
        new WasmToolsLocator.Settings(explicit, onPath.getParent().toString(), null, dir.resolve("cache")));
    assertEquals(explicit, tools.executable());
  }

  @Test
  void realWasmToolsIsNewEnough() throws Exception {
    WasmTools tools = explicit(TestTools.wasmTools());
    assertTrue(tools.version().compareTo(WasmTools.MINIMUM) >= 0, tools.version().toString());
  }
}
