package dev.fabricks.core.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.js.ModuleTransform.Kind;
import dev.fabricks.core.js.ModuleTransform.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the transform writes; how the result behaves is tested under node by runtimes/node/test/esm.test.mjs. */
class ModuleTransformTest {
  private static long lines(String s) {
    return s.chars().filter(c -> c == '\n').count();
  }

  @Test
  void declarationsBecomeAPrefixOnTheFirstLineAndLinesStay() {
    String src = "import {\n  a,\n  b as c,\n} from './x.js';\nexport const d = a + c;\nexport default function () {}\n";
    Result r = ModuleTransform.transform(src, Kind.AUTO);
    assertTrue(r.esm());
    assertTrue(r.live());
    assertEquals(lines(src), lines(r.code()));
    String first = r.code().substring(0, r.code().indexOf('\n'));
    assertTrue(first.startsWith("\"use strict\";__fx.exp({\"d\":()=>d,\"default\":()=>__fabricks_default});"), first);
    assertTrue(first.contains("const __fabricks_m0=__fx.imp('./x.js');__fx.bind(__fabricks_m0,[\"a\",\"a\",\"b\",\"c\"]);"), first);
    assertEquals(List.of("./x.js"), r.imports());
    assertEquals(ModuleTransform.apply(src, r.edits()), r.code());
  }

  @Test
  void requestsOfEveryKindAreCollected() {
    Result r = ModuleTransform.transform("export * from 'a';\nexport { x } from \"b\";\nimport 'c';\n"
        + "const d = () => import('d');\nconst e = require('e'), f = require.resolve('f');\nobj.require('no');\n",
        Kind.AUTO);
    assertEquals(List.of("a", "b", "c", "d"), r.imports());
    assertEquals(List.of("e", "f"), r.requires());
    assertFalse(r.computed());
    assertTrue(ModuleTransform.transform("const m = require(name);", Kind.AUTO).computed());
    assertTrue(ModuleTransform.transform("import(`./${x}.js`);", Kind.AUTO).computed());
  }

  @Test
  void commonJsStaysCommonJs() {
    String src = "const x = require('y');\nmodule.exports = () => import('z');\nconst s = 'import x from \"q\"';";
    Result r = ModuleTransform.transform(src, Kind.AUTO);
    assertFalse(r.esm());
    assertTrue(r.code().contains("__fx.dyn('z')"));
    Result plain = ModuleTransform.transform("module.exports = 1;", Kind.AUTO);
    assertEquals("module.exports = 1;", plain.code());
    assertTrue(plain.edits().isEmpty(), "nothing to change: no edits, so nothing goes into the manifest");
    Result declared = ModuleTransform.transform("export const a = 1;", Kind.COMMONJS);
    assertFalse(declared.esm(), ".cjs files are never ES modules");
  }

  @Test
  void modulesWithoutDeclarationsAreStrictWhenDeclaredModules() {
    Result r = ModuleTransform.transform("x = 1;", Kind.MODULE);
    assertTrue(r.esm());
    assertEquals("\"use strict\";x = 1;", r.code());
  }

  @Test
  void unicodePropertyAndSetRegexLiteralsGoToTheLoader() {
    Result r = ModuleTransform.transform("const a = /[\\p{L}\\p{N}]+/gu, b = /[\\w--\\d]/v, c = /\\p{L}/;", Kind.AUTO);
    assertEquals("const a = __fx.re(\"[\\\\p{L}\\\\p{N}]+\",\"gu\"), b = __fx.re(\"[\\\\w--\\\\d]\",\"v\"), c = /\\p{L}/;",
        r.code());
  }

  @Test
  void importMethodsAndMembersAreNoDeclarations() {
    Result r = ModuleTransform.transform("class C { import() { return 1; } }\nconst o = { import: 1 }; o.import; o.export;",
        Kind.AUTO);
    assertFalse(r.esm());
    assertTrue(r.edits().isEmpty());
  }

  @Test
  void malformedDeclarationsNameTheirLine() {
    JsSyntaxException e = assertThrows(JsSyntaxException.class,
        () -> ModuleTransform.transform("\n\nimport { a } \"x\";", Kind.AUTO));
    assertEquals(3, e.line());
  }

  @Test
  void stringLiteralValuesAreDecoded() {
    assertEquals("a'b\n\u00e9" + Character.toString(0x1F600), ModuleTransform.stringValue("'a\\'b\\n\\xe9\\u{1F600}'"));
    assertEquals("\"q\\\\\\u2028\"", ModuleTransform.jsString("q\\\u2028"));
  }
}
