package dev.fabricks.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource({
      // a pattern without '/' matches at any depth
      "*.py, main.py, true",
      "*.py, a/b/main.py, true",
      "*.py, main.pyc, false",
      "*.py, py/readme.md, false",
      "*.pyc, a/__pycache__/m.cpython-312.pyc, true",
      // '*' and '?' stay within one segment
      "src/*.py, src/a.py, true",
      "src/*.py, src/sub/a.py, false",
      "?.md, a.md, true",
      "?.md, ab.md, false",
      "?.md, d/a.md, true",
      "a?c, a/c, false",
      // '**' crosses segments; '**/' may match nothing
      "**/*.py, main.py, true",
      "**/*.py, a/b/c.py, true",
      "**/*.py, a/b/c.txt, false",
      "src/**, src/a/b.txt, true",
      "src/**, other/src/a.txt, false",
      "a/**/z.txt, a/z.txt, true",
      "a/**/z.txt, a/b/c/z.txt, true",
      "**, anything/at/all, true",
      // a slash inside anchors the pattern at the root
      "docs/api, docs/api/index.html, true",
      "docs/api, x/docs/api/index.html, false",
      "/main.py, main.py, true",
      "/main.py, sub/main.py, false",
      // a folder pattern matches what is inside the folder, at any depth unless anchored
      "src/, src/a.py, true",
      "src/, lib/src/a.py, true",
      "src/, src, false",
      "src/, srcx/a.py, false",
      "/target/, target/app.jar, true",
      "/target/, sub/target/app.jar, false",
      "__pycache__/, pkg/__pycache__/m.pyc, true",
      // a file pattern that names a folder matches everything in it
      "build, build/out/x.o, true",
      "build, builder/x.o, false",
      // braces pick one alternative
      "'{a,b}.txt', a.txt, true",
      "'{a,b}.txt', b.txt, true",
      "'{a,b}.txt', c.txt, false",
      "'{a,b}.txt', ab.txt, false",
      "'*.{py,pyi}', x/m.pyi, true",
      "'{a,b', a, true",
      "'a}', a}, true",
      "'x,y', 'x,y', true",
      // everything else is literal
      "a+b(c).txt, a+b(c).txt, true",
      "a.txt, abtxt, false",
      "[ab].txt, a.txt, false",
      "[ab].txt, [ab].txt, true",
      // default excludes
      ".env, .env, true",
      ".env, conf/.env, true",
      ".env, env, false",
      ".env.*, .env.local, true",
      ".env.*, .envrc, false",
      "id_rsa*, home/.ssh/id_rsa.pub, true",
      "/pom.xml, pom.xml, true",
      "/pom.xml, module/pom.xml, false",
      "node_modules/.cache/, node_modules/.cache/x/y, true",
  })
  void matchesFile(String pattern, String path, boolean matches) {
    assertEquals(matches, Glob.compile(pattern).matchesFile(path));
  }

  @ParameterizedTest(name = "{0} ~ folder {1} -> {2}")
  @CsvSource({
      "src/, src, true",
      "src/, a/src, true",
      "/target/, target, true",
      "/target/, a/target, false",
      ".git/, .git, true",
      "*.py, lib.py, true",
      "src/*, src/a, true",
      "src/*, src, false",
  })
  void matchesFolder(String pattern, String path, boolean matches) {
    assertEquals(matches, Glob.compile(pattern).matchesFolder(path));
  }

  @Test
  void keepsItsText() {
    assertEquals("src/**/*.py", Glob.compile("src/**/*.py").toString());
  }
}
