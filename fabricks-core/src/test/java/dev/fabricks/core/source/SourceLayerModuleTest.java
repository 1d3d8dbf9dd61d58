package dev.fabricks.core.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.tools.ProcessRunner;
import dev.fabricks.core.tools.ToolInvocation;
import dev.fabricks.core.testing.TestTools;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceLayerModuleTest {
  @TempDir Path dir;

  private SourceTree tree() throws Exception {
    Files.writeString(dir.resolve("main.py"), "print('hi')\n");
    Files.createDirectories(dir.resolve("pkg"));
    Files.writeString(dir.resolve("pkg/__init__.py"), "");
    Files.write(dir.resolve("pkg/data.bin"), new byte[] {0, 1, 2, (byte) 0xff});
    return SourceTree.of("main.py", List.of(
        new SourceFile("pkg/data.bin", dir.resolve("pkg/data.bin"), 4),
        new SourceFile("main.py", dir.resolve("main.py"), 12),
        new SourceFile("pkg/__init__.py", dir.resolve("pkg/__init__.py"), 0)));
  }

  @Test
  void sameTreeGivesSameBytes() throws Exception {
    SourceTree tree = tree();
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    SourceLayerModule.write(tree, first);
    SourceLayerModule.write(tree, second);
    assertArrayEquals(first.toByteArray(), second.toByteArray());
    assertEquals("main.py", tree.files().get(0).path(), "paths are sorted by bytes");
  }

  @Test
  void theModuleIsItsFrameFollowedByTheFileContentsInOrder() throws Exception {
    SourceTree tree = tree();
    ByteArrayOutputStream module = new ByteArrayOutputStream();
    SourceLayerModule.write(tree, module);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    SourceLayerModule.writeFrame(tree, expected);
    for (SourceFile file : tree.files()) {
      expected.write(Files.readAllBytes(file.file()));
    }
    assertArrayEquals(expected.toByteArray(), module.toByteArray());
  }

  @Test
  void moduleBecomesAValidComponentOfTheContract() throws Exception {
    Path core = dir.resolve("core.wasm");
    try (OutputStream out = Files.newOutputStream(core)) {
      SourceLayerModule.write(tree(), out);
    }
    Path wasmTools = TestTools.wasmTools();
    ProcessRunner runner = new ProcessRunner(BuildEvents.NONE);
    runner.run(new ToolInvocation(wasmTools, List.of("validate", core.toString()), null));
    Path wit = TestTools.contractWit(dir.resolve("wit"));
    Path embedded = dir.resolve("embedded.wasm");
    Path component = dir.resolve("layer.wasm");
    runner.run(new ToolInvocation(wasmTools,
        List.of("component", "embed", wit.toString(), "--world", "user-layer", core.toString(), "-o", embedded.toString()), null));
    runner.run(new ToolInvocation(wasmTools, List.of("component", "new", embedded.toString(), "-o", component.toString()), null));
    String world = runner.run(new ToolInvocation(wasmTools, List.of("component", "wit", component.toString()), null)).stdout();
    assertTrue(world.contains("export fabricks:app/source@0.1.0"), world);
    assertTrue(!world.contains("import "), "a source layer imports nothing:\n" + world);
  }

  @Test
  void readFindsEveryFileAndOnlyThose() throws Exception {
    Path core = dir.resolve("core.wasm");
    try (OutputStream out = Files.newOutputStream(core)) {
      SourceLayerModule.write(tree(), out);
    }
    // Run the core module's read() under the Python wasmtime package, which calls it like a runtime would.
    String script = String.join("\n",
        "import sys, wasmtime",
        "store = wasmtime.Store()",
        "inst = wasmtime.Instance(store, wasmtime.Module.from_file(store.engine, sys.argv[1]), [])",
        "ex = inst.exports(store); mem = ex['memory']",
        "def call_read(path):",
        "    b = path.encode()",
        "    p = ex['cabi_realloc'](store, 0, 0, 1, len(b))",
        "    mem.write(store, b, p)",
        "    r = ex['fabricks:app/source@0.1.0#read'](store, p, len(b))",
        "    raw = mem.read(store, r, r + 12)",
        "    if raw[0] == 0: return None",
        "    ptr = int.from_bytes(raw[4:8], 'little'); n = int.from_bytes(raw[8:12], 'little')",
        "    return mem.read(store, ptr, ptr + n)",
        "for q in sys.argv[2:]:",
        "    v = call_read(q)",
        "    print(q, 'NONE' if v is None else v.hex())",
        "");
    Path py = dir.resolve("read.py");
    Files.writeString(py, script);
    String out = new ProcessRunner(BuildEvents.NONE).run(new ToolInvocation(Path.of(TestTools.python()),
        List.of(py.toString(), core.toString(), "main.py", "pkg/data.bin", "pkg/__init__.py", "pkg", "zzz", "", "main.p"), null)).stdout();
    assertEquals(String.join("\n",
        "main.py " + hex("print('hi')\n"),
        "pkg/data.bin 000102ff",
        "pkg/__init__.py ",
        "pkg NONE",
        "zzz NONE",
        " NONE",
        "main.p NONE", ""), out);
  }

  private static String hex(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      b.append(String.format("%02x", x));
    }
    return b.toString();
  }
}
