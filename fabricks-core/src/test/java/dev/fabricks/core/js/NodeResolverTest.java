package dev.fabricks.core.js;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fabricks.core.js.NodeResolver.Kind;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeResolverTest {
  private static final Map<String, String> FILES = Map.ofEntries(
      Map.entry("package.json", "{\"type\":\"module\",\"imports\":{\"#util\":\"./src/util.js\"}}"),
      Map.entry("src/main.js", ""),
      Map.entry("src/util.js", ""),
      Map.entry("src/lib/index.js", ""),
      Map.entry("data.json", "{}"),
      Map.entry("node_modules/dual/package.json", "{\"exports\":{\".\":{\"import\":\"./esm/i.mjs\",\"require\":\"./cjs/i.cjs\"},"
          + "\"./feature/*\":{\"node\":\"./features/*.js\"},\"./internal/*\":null,\"./package.json\":\"./package.json\"}}"),
      Map.entry("node_modules/dual/esm/i.mjs", ""),
      Map.entry("node_modules/dual/cjs/i.cjs", ""),
      Map.entry("node_modules/dual/features/a.js", ""),
      Map.entry("node_modules/legacy/package.json", "{\"main\":\"lib/entry\"}"),
      Map.entry("node_modules/legacy/lib/entry.js", ""),
      Map.entry("node_modules/legacy/other.js", ""),
      Map.entry("node_modules/@scope/pkg/index.js", ""),
      Map.entry("node_modules/legacy/node_modules/inner/index.js", ""),
      Map.entry("node_modules/events/index.js", ""));

  private final NodeResolver resolver = new NodeResolver(FILES.keySet(), FILES::get);

  private Optional<String> resolve(String request, String from, Kind kind) {
    return resolver.resolve(request, from, kind);
  }

  @Test
  void relativeAndAbsolutePathsWithNodesExtensionsAndFolders() {
    assertEquals(Optional.of("src/util.js"), resolve("./util", "src", Kind.IMPORT));
    assertEquals(Optional.of("src/lib/index.js"), resolve("./lib", "src", Kind.REQUIRE));
    assertEquals(Optional.of("data.json"), resolve("../data.json", "src", Kind.REQUIRE));
    assertEquals(Optional.of("src/main.js"), resolve("/app/src/main.js", "", Kind.IMPORT));
    assertEquals(Optional.of("src/main.js"), resolve("file:///app/src/main.js", "", Kind.IMPORT));
    assertEquals(Optional.empty(), resolve("../../etc/passwd", "src", Kind.REQUIRE));
    assertEquals(Optional.empty(), resolve("/etc/passwd", "src", Kind.REQUIRE));
  }

  @Test
  void exportsPickTheConditionOfTheRequestKind() {
    assertEquals(Optional.of("node_modules/dual/esm/i.mjs"), resolve("dual", "src", Kind.IMPORT));
    assertEquals(Optional.of("node_modules/dual/cjs/i.cjs"), resolve("dual", "src", Kind.REQUIRE));
    assertEquals(Optional.of("node_modules/dual/features/a.js"), resolve("dual/feature/a", "src", Kind.IMPORT));
    assertEquals(Optional.empty(), resolve("dual/internal/x", "src", Kind.IMPORT));
    assertEquals(Optional.empty(), resolve("dual/esm/i.mjs", "src", Kind.IMPORT), "not exported");
    assertEquals(Optional.of("node_modules/dual/package.json"), resolve("dual/package.json", "", Kind.REQUIRE));
  }

  @Test
  void mainScopesNestedNodeModulesAndImports() {
    assertEquals(Optional.of("node_modules/legacy/lib/entry.js"), resolve("legacy", "src", Kind.REQUIRE));
    assertEquals(Optional.of("node_modules/legacy/other.js"), resolve("legacy/other", "src", Kind.REQUIRE));
    assertEquals(Optional.of("node_modules/@scope/pkg/index.js"), resolve("@scope/pkg", "src/lib", Kind.IMPORT));
    assertEquals(Optional.of("node_modules/legacy/node_modules/inner/index.js"),
        resolve("inner", "node_modules/legacy/lib", Kind.REQUIRE));
    assertEquals(Optional.empty(), resolve("inner", "src", Kind.REQUIRE), "only visible from inside legacy");
    assertEquals(Optional.of("src/util.js"), resolve("#util", "src/lib", Kind.IMPORT));
  }

  @Test
  void builtinsAreNoFilesUnlessAPackageOfThatNameIsInstalled() {
    assertEquals(Optional.empty(), resolve("node:fs", "src", Kind.IMPORT));
    assertEquals(Optional.empty(), resolve("fs/promises", "src", Kind.IMPORT));
    assertEquals(Optional.of("node_modules/events/index.js"), resolve("events", "src", Kind.REQUIRE));
    assertEquals("module", resolver.packageType("src/main.js"));
    assertEquals("commonjs", resolver.packageType("node_modules/legacy/lib/entry.js"));
  }
}
