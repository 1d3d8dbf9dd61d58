package dev.fabricks.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.config.SourceSpec;
import dev.fabricks.core.testing.TestTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceTreeTest {
  @TempDir Path dir;
  private Path root;
  /** Outside the source root, but inside the test's temporary folder. */
  private Path outside;

  @BeforeEach
  void folders() throws IOException {
    root = Files.createDirectories(dir.resolve("app"));
    outside = Files.createDirectories(dir.resolve("outside"));
    write("main.py", "print('hi')\n");
  }

  private Path write(String relative, String content) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private SourceTree scan(List<String> include, List<String> exclude, boolean defaults) throws SourceException {
    return SourceTree.scan(new SourceSpec(root, "main.py", include, exclude, defaults));
  }

  private SourceTree scan() throws SourceException {
    return scan(List.of("**"), List.of(), true);
  }

  private static List<String> paths(SourceTree tree) {
    return tree.files().stream().map(SourceFile::path).toList();
  }

  private SourceException fails() {
    return assertThrows(SourceException.class, this::scan);
  }

  @Test
  void keysInsideInstalledPackagesArePackedAndTheAppsOwnAreNot() throws Exception {
    String[] packed = {
        "vendor/certifi/cacert.pem", "site-packages/pkg/tests/server.key", "node_modules/@scope/tls/cert.pem",
        "node_modules/ssh/fixtures/id_rsa", "lib/vendor/trustme/ca.pem"};
    String[] left = {"cert.pem", "app/tls/server.key", "vendor/loose.pem", "keys/id_ed25519"};
    for (String path : packed) {
      write(path, "-----BEGIN CERTIFICATE-----\n");
    }
    for (String path : left) {
      write(path, "secret");
    }
    List<String> expected = new ArrayList<>(List.of(packed));
    expected.add("main.py");
    expected.sort(null);
    assertEquals(expected, paths(scan()));
    assertEquals(packed.length + left.length + 1, scan(List.of("**"), List.of(), false).files().size());
    assertEquals(List.of("main.py"), paths(scan(List.of("**"), List.of("*.pem", "*.key", "id_rsa"), true)),
        "the app's own excludes apply inside packages too");
  }

  @Test
  void nativeExtensionsAreLeftOutWithANoticeNamingThePackage() throws Exception {
    write("vendor/pydantic_core/__init__.py", "from ._pydantic_core import *\n");
    write("vendor/pydantic_core/_pydantic_core.cpython-311-x86_64-linux-gnu.so", "\u007fELF" + "x".repeat(2000));
    write("vendor/numpy.libs/libopenblas64_p-r0.3.so.0.3", "\u007fELF");
    write("node_modules/@napi/addon/build/Release/addon.node", "\u007fELF");
    write("native/speedups.pyd", "MZ");
    SourceTree tree = scan();
    assertEquals(List.of("main.py", "vendor/pydantic_core/__init__.py"), paths(tree));
    List<String> notices = tree.notices();
    assertEquals(4, notices.size(), notices.toString());
    assertTrue(notices.get(0).startsWith("left out 1 native extension file of `@napi/addon`"), notices.get(0));
    assertTrue(notices.stream().anyMatch(n -> n.contains("`pydantic_core` (2.0 KiB)")), notices.toString());
    assertTrue(notices.stream().anyMatch(n -> n.contains("`numpy.libs`")), notices.toString());
    assertTrue(notices.stream().anyMatch(n -> n.contains("`native`")), notices.toString());
    assertTrue(notices.get(0).contains("default-excludes = false"), "says how to pack them anyway");

    SourceTree all = scan(List.of("**"), List.of(), false);
    assertEquals(6, all.files().size());
    assertEquals(List.of(), all.notices());
  }

  @Test
  void defaultExcludesAreNeverPacked() throws Exception {
    String[] excluded = {
        ".git/config", ".git/objects/ab/cdef", "target/app.jar", "__pycache__/main.cpython-312.pyc",
        "pkg/__pycache__/notes.txt", "pkg/mod.pyc", ".env", ".env.local", "pkg/.env", "cert.pem", "tls/server.key",
        "store.p12", "store.jks", "keys/id_rsa", "keys/id_rsa.pub", "id_ed25519", ".DS_Store", ".idea/workspace.xml",
        ".vscode/settings.json", "pom.xml", "fabricks.toml", ".mvn/wrapper/maven-wrapper.properties",
        "node_modules/.cache/x.json", ".hg/store", ".svn/entries"};
    String[] kept = {
        "main.py", "sub/target/keep.txt", "sub/pom.xml", "sub/fabricks.toml", "pkg/env.py", "pkg/__init__.py",
        "environment.env", "node_modules/lib.js", "targets.txt", "docs/.gitignore"};
    for (String path : excluded) {
      write(path, "secret");
    }
    for (String path : kept) {
      write(path, "x");
    }
    SourceTree tree = scan();
    assertEquals(List.of("docs/.gitignore", "environment.env", "main.py", "node_modules/lib.js", "pkg/__init__.py",
        "pkg/env.py", "sub/fabricks.toml", "sub/pom.xml", "sub/target/keep.txt", "targets.txt"), paths(tree));
    assertEquals(kept.length, tree.totalBytes(), "one byte each, main.py included");

    SourceTree everything = scan(List.of("**"), List.of(), false);
    assertEquals(excluded.length + kept.length, everything.files().size(), "default-excludes = false packs them");
  }

  @Test
  void userIncludesChooseFilesAndTheEntrypointIsAlwaysIncluded() throws Exception {
    write("lib/a.py", "");
    write("lib/deep/b.py", "");
    write("lib/readme.md", "");
    write("src/x.txt", "");
    write("other/src/y.txt", "");
    write("a.txt", "");
    write("b.txt", "");
    write("c.txt", "");
    write("1.md", "");
    write("10.md", "");
    assertEquals(List.of("lib/a.py", "lib/deep/b.py", "main.py"), paths(scan(List.of("**/*.py"), List.of(), true)));
    assertEquals(List.of("main.py", "other/src/y.txt", "src/x.txt"), paths(scan(List.of("src/"), List.of(), true)));
    assertEquals(List.of("a.txt", "b.txt", "main.py"), paths(scan(List.of("{a,b}.txt"), List.of(), true)));
    assertEquals(List.of("1.md", "main.py"), paths(scan(List.of("?.md"), List.of(), true)));
    assertEquals(List.of("lib/a.py", "main.py"), paths(scan(List.of("lib/*.py"), List.of(), true)));
  }

  @Test
  void userExcludesLeaveFilesAndFoldersOut() throws Exception {
    write("lib/a.py", "");
    write("tests/test_a.py", "");
    write("lib/tests/test_b.py", "");
    write("a.txt", "");
    write("b.txt", "");
    write("c.txt", "");
    assertEquals(List.of("c.txt", "lib/a.py", "main.py"),
        paths(scan(List.of("**"), List.of("tests/", "{a,b}.txt"), true)));
    assertEquals(List.of("a.txt", "b.txt", "c.txt", "lib/a.py", "lib/tests/test_b.py", "main.py"),
        paths(scan(List.of("**"), List.of("/tests/"), true)));
  }

  @Test
  void entrypointExcludedByAUserPatternIsAnError() throws Exception {
    SourceException e = assertThrows(SourceException.class, () -> scan(List.of("**"), List.of("*.py"), true));
    assertTrue(e.getMessage().contains("the entrypoint `main.py` is left out by [source] include/exclude"), e.getMessage());
  }

  @Test
  void filesAreSortedByTheirUtf8Bytes() throws Exception {
    write("é.txt", "");
    write("a.txt", "");
    write("B.txt", "");
    write("a/b.txt", "");
    write("a-b.txt", "");
    // '-' (0x2d) < '.' (0x2e) < '/' (0x2f): a-b.txt, a.txt, a/b.txt
    assertEquals(List.of("B.txt", "a-b.txt", "a.txt", "a/b.txt", "main.py", "é.txt"), paths(scan()));
  }

  @Test
  void ofSortsByUtf8BytesNotUtf16() {
    // U+FF21 is EF BC A1 in UTF-8, U+1F600 is F0 9F 98 80; in UTF-16 the surrogate D83D sorts first
    String fullwidth = "\uFF21";
    String emoji = "\uD83D\uDE00";
    assertTrue(emoji.compareTo(fullwidth) < 0, "String order differs");
    SourceTree tree = SourceTree.of("a", List.of(
        new SourceFile(emoji, Path.of("e"), 1), new SourceFile(fullwidth, Path.of("f"), 2),
        new SourceFile("é", Path.of("c"), 3), new SourceFile("a", Path.of("a"), 4), new SourceFile("B", Path.of("b"), 5)));
    assertEquals(List.of("B", "a", "é", fullwidth, emoji), paths(tree));
    assertEquals(15, tree.totalBytes());
    assertEquals("a", tree.entrypoint());
  }

  @Test
  void symlinkToAFileInsideIsPacked() throws Exception {
    write("lib/real.py", "real");
    Files.createSymbolicLink(root.resolve("alias.py"), root.resolve("lib/real.py"));
    Files.createSymbolicLink(root.resolve("relative.py"), Path.of("lib/real.py"));
    SourceTree tree = scan();
    assertEquals(List.of("alias.py", "lib/real.py", "main.py", "relative.py"), paths(tree));
    SourceFile alias = tree.files().get(0);
    assertEquals(root.resolve("alias.py"), alias.file());
    assertEquals(4, alias.size(), "the size of the target, not of the link");
  }

  @Test
  void symlinkedFolderInsideIsPackedUnderBothNames() throws Exception {
    write("src/a.py", "");
    Files.createSymbolicLink(root.resolve("lib"), root.resolve("src"));
    assertEquals(List.of("lib/a.py", "main.py", "src/a.py"), paths(scan()));
  }

  @Test
  void symlinkToAFileOutsideIsRefusedNamingTheLink() throws Exception {
    Path secret = Files.writeString(outside.resolve("secret.txt"), "s");
    Path link = Files.createSymbolicLink(root.resolve("leak.txt"), secret);
    SourceException e = fails();
    assertTrue(e.getMessage().contains("the symbolic link " + link + " leads to " + secret.toRealPath()), e.getMessage());
    assertTrue(e.getMessage().contains("add `leak.txt` to [source] exclude"), e.getMessage());
  }

  @Test
  void symlinkToAFolderOutsideIsRefused() throws Exception {
    Files.writeString(outside.resolve("secret.txt"), "s");
    Path link = Files.createSymbolicLink(root.resolve("data"), outside);
    SourceException e = fails();
    assertTrue(e.getMessage().contains("the symbolic link " + link + " leads to " + outside.toRealPath()), e.getMessage());
    assertTrue(e.getMessage().contains("outside the source folder " + root), e.getMessage());
  }

  @Test
  void symlinkOutsideThatIsExcludedIsNotFollowed() throws Exception {
    Files.createSymbolicLink(root.resolve("data"), outside);
    Files.createSymbolicLink(root.resolve("leak.txt"), Files.writeString(outside.resolve("s.txt"), "s"));
    assertEquals(List.of("main.py"), paths(scan(List.of("**"), List.of("data/", "leak.txt"), true)));
  }

  @Test
  void danglingSymlinkIsAnError() throws Exception {
    Path link = Files.createSymbolicLink(root.resolve("gone.txt"), root.resolve("nothing.txt"));
    SourceException e = fails();
    assertTrue(e.getMessage().contains("the symbolic link " + link + " points to nothing"), e.getMessage());
    assertTrue(e.getMessage().contains("add `gone.txt` to [source] exclude"), e.getMessage());
  }

  @Test
  void excludedDanglingSymlinkIsFine() throws Exception {
    Files.createSymbolicLink(root.resolve("gone.txt"), root.resolve("nothing.txt"));
    assertEquals(List.of("main.py"), paths(scan(List.of("**"), List.of("gone.txt"), true)));
  }

  @Test
  void symlinkLoopIsAnError() throws Exception {
    Files.createDirectories(root.resolve("sub"));
    Files.createSymbolicLink(root.resolve("sub/loop"), root);
    assertTrue(fails().getMessage().contains("form a loop"));
  }

  @Test
  void unreadableFileIsRefusedUnlessTheUserCanReadItAnyway() throws Exception {
    Path file = write("private.txt", "p");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    if (Files.isReadable(file)) {
      // root reads files whatever their mode: the file is readable, so it is packed
      assertEquals(List.of("main.py", "private.txt"), paths(scan()));
      assertEquals("p", Files.readString(file));
    } else {
      SourceException e = fails();
      assertTrue(e.getMessage().contains("cannot read " + file + " (permission denied)"), e.getMessage());
      assertTrue(e.getMessage().contains("add `private.txt` to [source] exclude"), e.getMessage());
    }
  }

  @Test
  void unreadableFileThatIsExcludedIsFine() throws Exception {
    Path file = write("private.txt", "p");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    assertEquals(List.of("main.py"), paths(scan(List.of("**"), List.of("private.txt"), true)));
  }

  @Test
  void missingRootIsAnError() {
    SourceException e = assertThrows(SourceException.class,
        () -> SourceTree.scan(new SourceSpec(dir.resolve("nope"), "main.py", List.of("**"), List.of(), true)));
    assertTrue(e.getMessage().contains("cannot read the source folder " + dir.resolve("nope")), e.getMessage());
  }

  @Test
  void pathDeeperThanTheSystemAllowsIsAnErrorNotACrash() throws Exception {
    // A relative path over MAX_PATH_BYTES (4096) makes an absolute path over Linux's PATH_MAX, so the
    // walk fails before SourceTree's own length check; either way the user gets a SourceException.
    String name = "d".repeat(250);
    Path deep = TestTools.deepPath(root, name, SourceTree.MAX_PATH_BYTES / (name.length() + 1) + 1);
    try {
      SourceException e = fails();
      assertTrue(e.getMessage().contains(name), e.getMessage());
      assertTrue(e.getMessage().contains("longer than " + SourceTree.MAX_PATH_BYTES)
          || e.getMessage().contains("File name too long"), e.getMessage());
    } finally {
      TestTools.removeTree(deep); // JUnit cannot delete paths this long
    }
  }

  @Test
  void ofKeepsTheGivenFiles() {
    List<SourceFile> files = new ArrayList<>(List.of(new SourceFile("b", Path.of("b"), 1), new SourceFile("a", Path.of("a"), 1)));
    SourceTree tree = SourceTree.of("a", files);
    files.clear();
    assertEquals(List.of("a", "b"), paths(tree));
    assertThrows(UnsupportedOperationException.class, () -> tree.files().clear());
  }
}
