package dev.fabricks.core.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fabricks.core.config.SourceSpec;
import dev.fabricks.core.source.SourceFile;
import dev.fabricks.core.source.SourceTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodePreparationTest {
  @TempDir Path dir;
  private Path root;

  private void write(String rel, String text) throws IOException {
    Path file = root.resolve(rel);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @BeforeEach
  void app() throws IOException {
    root = dir.resolve("app");
    write("package.json", "{\"type\":\"module\"}");
    write("main.js", "#!/usr/bin/env node\nimport { a } from 'esm-pkg';\nimport cjs from 'cjs-pkg';\nconsole.log(a, cjs);\n");
    write("templates/page.html", "<p>app data is always packed</p>");
    write("node_modules/esm-pkg/package.json", "{\"type\":\"module\",\"exports\":\"./index.js\"}");
    write("node_modules/esm-pkg/index.js", "export const a = 1;\n");
    write("node_modules/esm-pkg/unused.js", "export const b = 2;\n");
    write("node_modules/esm-pkg/index.d.ts", "export declare const a: number;\n");
    write("node_modules/esm-pkg/README.md", "# esm-pkg\n");
    write("node_modules/esm-pkg/LICENSE", "MIT\n");
    write("node_modules/cjs-pkg/package.json", "{\"main\":\"lib/main.js\"}");
    write("node_modules/cjs-pkg/lib/main.js", "module.exports = require('./helper') + require('optional-missing');\n");
    write("node_modules/cjs-pkg/lib/helper.js", "module.exports = /\\p{L}+/u.source;\n");
    write("node_modules/cjs-pkg/data/table.json", "{\"read\":\"by fs at run time\"}");
    write("node_modules/never/package.json", "{}");
    write("node_modules/never/index.js", "module.exports = 'never reached';\n");
    write("node_modules/never/data.json", "{}");
    write("node_modules/plugin/index.js", "module.exports = 'loaded by a computed require';\n");
  }

  private NodePreparation.Result prepare(NodePreparation.Mode mode, List<String> keep) throws Exception {
    SourceTree tree = SourceTree.scan(new SourceSpec(root, "main.js", List.of("**"), List.of(), true));
    return NodePreparation.prepare(tree, mode, keep, dir.resolve("out"));
  }

  private static Set<String> paths(NodePreparation.Result r) {
    return r.tree().files().stream().map(SourceFile::path).collect(Collectors.toSet());
  }

  @Test
  void packsWhatTheGraphReachesAndTheDataOfReachedPackages() throws Exception {
    NodePreparation.Result r = prepare(NodePreparation.Mode.REACHABLE, List.of());
    Set<String> packed = paths(r);
    for (String p : List.of("main.js", "package.json", "templates/page.html", "node_modules/esm-pkg/index.js",
        "node_modules/esm-pkg/package.json", "node_modules/esm-pkg/LICENSE", "node_modules/cjs-pkg/lib/main.js",
        "node_modules/cjs-pkg/lib/helper.js", "node_modules/cjs-pkg/data/table.json", NodePreparation.MANIFEST)) {
      assertTrue(packed.contains(p), p + " is packed: " + packed);
    }
    for (String p : List.of("node_modules/esm-pkg/unused.js", "node_modules/esm-pkg/index.d.ts",
        "node_modules/esm-pkg/README.md", "node_modules/never/index.js", "node_modules/never/data.json",
        "node_modules/plugin/index.js")) {
      assertFalse(packed.contains(p), p + " is left out");
    }
    assertTrue(r.notices().stream().anyMatch(n -> n.contains("'optional-missing' from node_modules/cjs-pkg/lib/main.js")),
        r.notices().toString());
    assertTrue(r.summary().startsWith("modules: 4 files reached from main.js, 2 ES modules, 3 transformed"), r.summary());
  }

  @Test
  void theManifestListsModulesAndEditsAgainstTheTextWithoutItsShebang() throws Exception {
    NodePreparation.Result r = prepare(NodePreparation.Mode.REACHABLE, List.of());
    SourceFile manifestFile = r.tree().files().stream().filter(f -> f.path().equals(NodePreparation.MANIFEST))
        .findFirst().orElseThrow();
    JsonNode m = new ObjectMapper().readTree(manifestFile.file().toFile());
    assertEquals(1, m.get("format").asInt());
    assertEquals("[\"main.js\",\"node_modules/esm-pkg/index.js\"]", m.get("esm").toString());
    assertEquals("[\"main.js\"]", m.get("live").toString());
    assertEquals("{\"main.js\":[\"esm-pkg\",\"node_modules/esm-pkg/index.js\",\"cjs-pkg\",\"node_modules/cjs-pkg/lib/main.js\"]}",
        m.get("imports").toString());
    assertEquals("{\"node_modules/cjs-pkg/lib/main.js\":[\"./helper\",\"node_modules/cjs-pkg/lib/helper.js\"]}",
        m.get("requires").toString(), "misses are left to the runtime, which throws as node does");
    assertTrue(m.get("edits").has("node_modules/cjs-pkg/lib/helper.js"), "the \\p{L} literal goes to the loader");
    assertFalse(m.get("edits").has("node_modules/cjs-pkg/lib/main.js"), "unchanged CommonJS has no edits");
    JsonNode edits = m.get("edits").get("main.js");
    String text = Files.readString(root.resolve("main.js"));
    String withoutShebang = text.substring(text.indexOf('\n'));
    List<ModuleTransform.Edit> list = new java.util.ArrayList<>();
    for (int k = 0; k < edits.size(); k += 3) {
      int start = edits.get(k).asInt();
      int end = edits.get(k + 1).asInt();
      JsonNode replacement = edits.get(k + 2);
      list.add(new ModuleTransform.Edit(start, end, replacement.isNull() ? null
          : replacement.isInt() ? " ".repeat(end - start) : replacement.asText()));
    }
    String code = ModuleTransform.apply(withoutShebang, list);
    assertTrue(code.startsWith("\"use strict\";const __fabricks_m0=__fx.imp('esm-pkg');"), code);
    String[] lines = code.split("\n", -1);
    assertEquals(text.split("\n", -1).length, lines.length, "the lines stay where they were");
    assertTrue(lines[1].isBlank() && lines[2].isBlank(), "the declarations are blanked");
    assertEquals("console.log(a, cjs);", lines[3]);
  }

  @Test
  void keepAndAllPackWhatNothingReaches() throws Exception {
    assertTrue(paths(prepare(NodePreparation.Mode.REACHABLE, List.of("node_modules/plugin/")))
        .contains("node_modules/plugin/index.js"));
    Set<String> all = paths(prepare(NodePreparation.Mode.ALL, List.of()));
    assertTrue(all.containsAll(List.of("node_modules/never/index.js", "node_modules/esm-pkg/index.d.ts",
        "node_modules/esm-pkg/README.md")));
  }

  @Test
  void packageRoots() {
    assertEquals("node_modules/a", NodePreparation.packageRoot("node_modules/a/b/c.js"));
    assertEquals("node_modules/@s/a", NodePreparation.packageRoot("node_modules/@s/a/c.js"));
    assertEquals("x/node_modules/a/node_modules/b", NodePreparation.packageRoot("x/node_modules/a/node_modules/b/i.js"));
    assertEquals("", NodePreparation.packageRoot("src/my_node_modules/a.js"));
  }
}
