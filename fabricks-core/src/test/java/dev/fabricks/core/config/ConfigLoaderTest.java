package dev.fabricks.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.config.Capabilities.Mount;
import dev.fabricks.core.image.ImageSource;
import dev.fabricks.core.oci.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
  /** Lines 1-5: [from], image, blank, [source], entrypoint. Appended lines start at 6. */
  private static final String BASE = "[from]\nimage = \"python:3.12\"\n\n[source]\nentrypoint = \"main.py\"\n";
  private static final String FROM = "[from]\nimage = \"python:3.12\"\n";
  private static final String SOURCE = "[source]\nentrypoint = \"main.py\"\n";

  @TempDir Path dir;
  /** The project folder: holds fabricks.toml and main.py; {@code dir} itself is "outside". */
  private Path project;

  @FunctionalInterface
  interface Setup {
    void apply(Path project) throws IOException;
  }

  record Bad(String toml, Setup setup, String message, int line, String key) {}

  @BeforeEach
  void project() throws IOException {
    project = Files.createDirectories(dir.resolve("project"));
    Files.writeString(project.resolve("main.py"), "print('hi')\n");
  }

  private static Arguments bad(String name, String toml, String message, int line, String key) {
    return bad(name, toml, p -> {}, message, line, key);
  }

  private static Arguments bad(String name, String toml, Setup setup, String message, int line, String key) {
    return Arguments.of(Named.of(name, new Bad(toml, setup, message, line, key)));
  }

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        // syntax, reported by the TOML parser
        bad("syntax error", "[from]\nimage = \"python\"\n[source\nentrypoint = \"main.py\"\n",
            "invalid TOML: ", 3, ""),
        bad("value without a key", BASE + "= 3\n", "invalid TOML: ", 6, ""),
        bad("unterminated string", "[from]\nimage = \"python\n", "invalid TOML: ", 2, ""),
        // unknown keys
        bad("unknown top-level key", "name = \"app\"\n" + BASE,
            "unknown key `name` at the top level; the keys allowed there are capabilities, from, source", 1, "name"),
        bad("top-level key close to a table", "sources = 1\n" + BASE,
            "unknown key `sources` at the top level; did you mean `source`?", 1, "sources"),
        bad("misspelled entrypoint", FROM + "[source]\nentrypont = \"main.py\"\n",
            "unknown key `entrypont` in [source]; did you mean `entrypoint`?", 4, "source.entrypont"),
        bad("node-modules neither reachable nor all", FROM + "[source]\nentrypoint = \"main.py\"\nnode-modules = \"some\"\n",
            "[source] node-modules must be \"reachable\"", 5, "source.node-modules"),
        bad("keep that is no list", FROM + "[source]\nentrypoint = \"main.py\"\nkeep = \"node_modules/x/\"\n",
            "keep", 5, "source.keep"),
        bad("unknown key in [from]", "[from]\nimage = \"python\"\nimages = \"x\"\n" + SOURCE,
            "unknown key `images` in [from]; did you mean `image`?", 3, "from.images"),
        bad("transposed key lists the allowed keys", "[from]\nimage = \"python\"\nimgae = \"x\"\n" + SOURCE,
            "unknown key `imgae` in [from]; the keys allowed there are image", 3, "from.imgae"),
        bad("misspelled listen", BASE + "[capabilities.network]\nlisen = [80]\n",
            "unknown key `lisen` in [capabilities.network]; did you mean `listen`?", 7, "capabilities.network.lisen"),
        bad("unknown key in a mount", BASE + "[[capabilities.filesystem]]\npath = \"/a\"\n[[capabilities.filesystem]]\npth = \"/data\"\n",
            "unknown key `pth` in [capabilities.filesystem]; did you mean `path`?", 9, "capabilities.filesystem.pth"),
        // [from]
        bad("missing [from]", SOURCE, "the [from] table is missing", 0, "from"),
        bad("[from] not a table", "from = \"python\"\n" + SOURCE,
            "`from` must be a table ([from]), not the string \"python\"", 1, "from"),
        bad("missing image", "[from]\n\n" + SOURCE, "missing required key `image` in [from]", 1, "from"),
        bad("image not a string", "[from]\nimage = 3\n" + SOURCE,
            "[from] image must be a string, not the number 3", 2, "from.image"),
        bad("image is a list", "[from]\nimage = [\"python\"]\n" + SOURCE,
            "[from] image must be a string, not a list", 2, "from.image"),
        bad("empty image", "[from]\nimage = \"\"\n" + SOURCE, "[from] image is empty", 2, "from.image"),
        bad("uppercase repository", "[from]\nimage = \"Foo/Bar:tag\"\n" + SOURCE,
            "invalid image reference `Foo/Bar:tag` in [from] image: 'Foo/Bar' is not a valid repository name: 'Foo' must be lowercase",
            2, "from.image"),
        bad("space in tag", "[from]\nimage = \"repo:bad tag\"\n" + SOURCE,
            "invalid image reference `repo:bad tag` in [from] image: 'bad tag' is not a valid tag", 2, "from.image"),
        bad("short digest", "[from]\nimage = \"repo@sha256:short\"\n" + SOURCE,
            "invalid image reference `repo@sha256:short` in [from] image: 'sha256:short' is not a valid digest", 2,
            "from.image"),
        bad("oci: without a path", "[from]\nimage = \"oci:\"\n" + SOURCE,
            "invalid image reference `oci:` in [from] image: the layout path is missing", 2, "from.image"),
        bad("oci: with an empty tag", "[from]\nimage = \"oci:layout:\"\n" + SOURCE,
            "the tag after ':' is empty", 2, "from.image"),
        // [source]
        bad("missing [source]", FROM, "the [source] table is missing", 0, "source"),
        bad("missing entrypoint", FROM + "[source]\npath = \".\"\n",
            "missing required key `entrypoint` in [source]", 3, "source"),
        bad("entrypoint missing on disk", FROM + "[source]\nentrypoint = \"nope.py\"\n",
            "[source] entrypoint `nope.py` does not exist in", 4, "source.entrypoint"),
        bad("entrypoint absolute", FROM + "[source]\nentrypoint = \"/etc/hostname\"\n",
            "[source] entrypoint `/etc/hostname` is an absolute path", 4, "source.entrypoint"),
        bad("entrypoint with a drive letter", FROM + "[source]\nentrypoint = 'C:\\app\\main.py'\n",
            "[source] entrypoint `C:\\app\\main.py` is an absolute path", 4, "source.entrypoint"),
        bad("entrypoint outside the path", FROM + "[source]\nentrypoint = \"../outside.py\"\n",
            p -> Files.writeString(p.resolveSibling("outside.py"), "x"),
            "[source] entrypoint `../outside.py` lies outside the source path `.`", 4, "source.entrypoint"),
        bad("entrypoint a symlink to a file outside", FROM + "[source]\nentrypoint = \"link.py\"\n",
            p -> Files.createSymbolicLink(p.resolve("link.py"), Files.writeString(p.resolveSibling("outside.py"), "x")),
            "[source] entrypoint `link.py` is a symbolic link to ", 4, "source.entrypoint"),
        bad("entrypoint a folder", FROM + "[source]\nentrypoint = \"lib\"\n",
            p -> Files.createDirectories(p.resolve("lib")),
            "[source] entrypoint `lib` is not a regular file", 4, "source.entrypoint"),
        bad("source path missing", FROM + "[source]\npath = \"src\"\nentrypoint = \"main.py\"\n",
            "[source] path `src` is not a folder", 4, "source.path"),
        bad("source path a file", FROM + "[source]\npath = \"main.py\"\nentrypoint = \"main.py\"\n",
            "[source] path `main.py` is not a folder", 4, "source.path"),
        bad("source path a number", FROM + "[source]\npath = 3\nentrypoint = \"main.py\"\n",
            "[source] path must be a non-empty string, not the number 3", 4, "source.path"),
        bad("include not a list", BASE + "include = \"**\"\n",
            "[source] include must be a list of strings, e.g. include = [\"a\", \"b\"], not the string \"**\"", 6,
            "source.include"),
        bad("include with a non-string", BASE + "include = [\"**\", 3]\n",
            "[source] include must hold strings only, but has the number 3", 6, "source.include"),
        bad("exclude with ..", BASE + "exclude = [\"../secrets\"]\n",
            "[source] exclude pattern `../secrets` contains `..`", 6, "source.exclude"),
        bad("include with an empty pattern", BASE + "include = [\" \"]\n",
            "[source] include has an empty pattern", 6, "source.include"),
        bad("default-excludes not boolean", BASE + "default-excludes = \"yes\"\n",
            "[source] default-excludes must be true or false, not the string \"yes\"", 6, "source.default-excludes"),
        // [capabilities]
        bad("capabilities not a table", "capabilities = [1]\n" + BASE,
            "`capabilities` must be a table ([capabilities]), not a list", 1, "capabilities"),
        bad("network not a table", BASE + "[capabilities]\nnetwork = 1\n",
            "`capabilities.network` must be a table ([capabilities.network]), not the number 1", 7, "capabilities.network"),
        bad("listen not a list", BASE + "[capabilities.network]\nlisten = 80\n",
            "[capabilities.network] listen must be a list of ports, e.g. listen = [8080], not the number 80", 7,
            "capabilities.network.listen"),
        bad("listen port 0", BASE + "[capabilities.network]\nlisten = [8080, 0]\n",
            "[capabilities.network] listen has the number 0, which is not a TCP port", 7, "capabilities.network.listen"),
        bad("listen port 70000", BASE + "[capabilities.network]\nlisten = [70000]\n",
            "[capabilities.network] listen has the number 70000, which is not a TCP port", 7,
            "capabilities.network.listen"),
        bad("listen port as a string", BASE + "[capabilities.network]\nlisten = [\"80\"]\n",
            "[capabilities.network] listen has the string \"80\", which is not a TCP port", 7,
            "capabilities.network.listen"),
        bad("listen port beyond 64 bits wraps to 80", BASE + "[capabilities.network]\nlisten = [18446744073709551696]\n",
            "[capabilities.network] listen has the number 18446744073709551696, which is not a TCP port", 7,
            "capabilities.network.listen"),
        bad("connect without port", BASE + "[capabilities.network]\nconnect = [\"localhost\"]\n",
            "[capabilities.network] connect has `localhost` without a port", 7, "capabilities.network.connect"),
        bad("connect with a bad host", BASE + "[capabilities.network]\nconnect = [\"bad host:80\"]\n",
            "connect has `bad host:80` whose host `bad host` is not a host name", 7, "capabilities.network.connect"),
        bad("connect with port x", BASE + "[capabilities.network]\nconnect = [\"api.example.com:x\"]\n",
            "connect has `api.example.com:x` whose port `x` is not 1 to 65535 or *", 7, "capabilities.network.connect"),
        bad("connect with port 0", BASE + "[capabilities.network]\nconnect = [\"a.example:0\"]\n",
            "whose port `0` is not 1 to 65535 or *", 7, "capabilities.network.connect"),
        bad("env name starting with a digit", BASE + "[capabilities]\nenv = [\"HOME\", \"1BAD\"]\n",
            "[capabilities] env has `1BAD`, which is not an environment variable name", 7, "capabilities.env"),
        bad("filesystem not a list", BASE + "[capabilities]\nfilesystem = \"/data\"\n",
            "capabilities.filesystem must be a list of tables, not the string \"/data\"", 7, "capabilities.filesystem"),
        bad("filesystem a single table", BASE + "[capabilities.filesystem]\npath = \"/data\"\n",
            "capabilities.filesystem must be a list of tables, not a table", 6, "capabilities.filesystem"),
        bad("filesystem path relative", BASE + "[[capabilities.filesystem]]\npath = \"data\"\n",
            "[[capabilities.filesystem]] path `data` must be an absolute guest path without `..`", 7,
            "capabilities.filesystem.path"),
        bad("filesystem path with ..", BASE + "[[capabilities.filesystem]]\npath = \"/data/../etc\"\n",
            "[[capabilities.filesystem]] path `/data/../etc` must be an absolute guest path without `..`", 7,
            "capabilities.filesystem.path"),
        bad("filesystem mode rx", BASE + "[[capabilities.filesystem]]\npath = \"/data\"\nmode = \"rx\"\n",
            "[[capabilities.filesystem]] mode `rx` is not \"ro\" (read-only) or \"rw\" (read-write)", 8,
            "capabilities.filesystem.mode"),
        bad("duplicate mount, reported at the second", BASE
                + "[[capabilities.filesystem]]\npath = \"/data\"\n\n[[capabilities.filesystem]]\nmode = \"rw\"\npath = \"/data\"\n",
            "[[capabilities.filesystem]] path `/data` is mounted twice", 11, "capabilities.filesystem.path"),
        bad("second mount relative, reported at the second", BASE
                + "[[capabilities.filesystem]]\npath = \"/data\"\n\n[[capabilities.filesystem]]\npath = \"cache\"\n",
            "[[capabilities.filesystem]] path `cache` must be an absolute guest path", 10, "capabilities.filesystem.path"),
        bad("second mount bad mode, reported at the second", BASE
                + "[[capabilities.filesystem]]\npath = \"/a\"\nmode = \"ro\"\n\n[[capabilities.filesystem]]\npath = \"/b\"\nmode = \"wr\"\n",
            "[[capabilities.filesystem]] mode `wr` is not", 12, "capabilities.filesystem.mode"),
        bad("second mount without path, reported at its header", BASE
                + "[[capabilities.filesystem]]\npath = \"/a\"\n\n[[capabilities.filesystem]]\nmode = \"ro\"\n",
            "missing required key `path` in [capabilities.filesystem]", 9, "capabilities.filesystem"),
        // the file itself
        bad("not UTF-8", null, p -> Files.write(p.resolve("fabricks.toml"),
                new byte[] {'#', ' ', (byte) 0xC3, (byte) 0x28, '\n'}),
            "the file is not valid UTF-8; TOML files must be UTF-8", 0, ""),
        bad("file missing", null, "the file does not exist", 0, ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigs")
  void badConfigIsExplained(Bad bad) throws IOException {
    Path file = project.resolve("fabricks.toml");
    if (bad.toml() != null) {
      Files.writeString(file, bad.toml());
    }
    bad.setup().apply(project);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, null));
    String message = e.getMessage();
    assertTrue(message.contains(bad.message()), () -> "expected `" + bad.message() + "` in:\n" + message);
    assertEquals(bad.line(), e.line(), () -> "line of: " + message);
    assertEquals(bad.key(), e.key(), () -> "key of: " + message);
    String prefix = file.toAbsolutePath().normalize() + (bad.line() > 0 ? ":" + bad.line() : "") + ": ";
    assertTrue(message.startsWith(prefix), () -> "expected to start with `" + prefix + "`:\n" + message);
    assertEquals(file.toAbsolutePath().normalize(), e.file());
  }

  @Test
  void badConfigsAreManyAndDistinct() {
    List<Arguments> all = badConfigs().toList();
    assertTrue(all.size() >= 30, "at least 30 bad inputs: " + all.size());
    assertEquals(all.size(), all.stream().map(a -> ((Named<?>) a.get()[0]).getName()).distinct().count());
  }

  @Test
  void defaults() throws Exception {
    Path file = write(BASE);
    FabricksConfig config = ConfigLoader.load(file, null);
    assertEquals(file, config.file());
    ImageSource.Registry from = assertInstanceOf(ImageSource.Registry.class, config.from());
    assertEquals("python:3.12", from.text());
    assertEquals("docker.io/library/python:3.12", from.reference().toString());
    SourceSpec source = config.source();
    assertEquals(project, source.root());
    assertEquals("main.py", source.entrypoint());
    assertEquals(List.of("**"), source.include());
    assertEquals(List.of(), source.exclude());
    assertTrue(source.defaultExcludes());
    assertEquals(SourceSpec.DEFAULT_EXCLUDES, source.effectiveExcludes());
    assertFalse(source.allNodeModules(), "node_modules: only what the entrypoint reaches, by default");
    assertEquals(List.of(), source.keep());
    assertEquals(Capabilities.NONE, config.capabilities());
    assertEquals("{\"env\":[],\"filesystem\":[],\"network\":{\"connect\":[],\"listen\":[]}}",
        new String(CanonicalJson.bytes(config.capabilities().toJson()), StandardCharsets.UTF_8));
  }

  @Test
  void nodeModulesAndKeep() throws Exception {
    Path file = write(FROM + "[source]\nentrypoint = \"main.py\"\nnode-modules = \"all\"\nkeep = [\"node_modules/plugins/\"]\n");
    SourceSpec source = ConfigLoader.load(file, null).source();
    assertTrue(source.allNodeModules());
    assertEquals(List.of("node_modules/plugins/"), source.keep());
  }

  @Test
  void relativeFilePathIsMadeAbsolute() throws Exception {
    Path file = write(BASE);
    Path relative = Path.of("").toAbsolutePath().relativize(file);
    assertEquals(file, ConfigLoader.load(relative, null).file());
  }

  @Test
  void fullConfigRoundTrip() throws Exception {
    Files.createDirectories(project.resolve("src/app"));
    Files.writeString(project.resolve("src/app/server.py"), "x");
    Path file = write("""
        # a full config
        [from]
        image = "fabricks.dev/runtimes/python:3.14@sha256:%s"

        [source]
        path = "src"
        entrypoint = 'app\\server.py'
        include = ["**/*.py", "static/"]
        exclude = ["tests/"]
        default-excludes = false

        [capabilities]
        env = ["HOME", "_X1"]

        [capabilities.network]
        listen = [8080, 1, 65535]
        connect = ["api.example.com:443", "*.example.com:*", "localhost:*", "[::1]:8080", "10.0.0.1:5432", "*:80"]

        [[capabilities.filesystem]]
        path = "/data"

        [[capabilities.filesystem]]
        path = "/tmp"
        mode = "rw"
        """.formatted("a".repeat(64)));
    FabricksConfig config = ConfigLoader.load(file, null);
    ImageSource.Registry from = assertInstanceOf(ImageSource.Registry.class, config.from());
    assertEquals("fabricks.dev", from.reference().registry());
    assertEquals("runtimes/python", from.reference().repository());
    assertEquals("3.14", from.reference().tag());
    assertEquals("sha256:" + "a".repeat(64), from.reference().digest().toString());
    SourceSpec source = config.source();
    assertEquals(project.resolve("src"), source.root());
    assertEquals("app/server.py", source.entrypoint());
    assertEquals(List.of("**/*.py", "static/"), source.include());
    assertEquals(List.of("tests/"), source.exclude());
    assertEquals(false, source.defaultExcludes());
    assertEquals(List.of("tests/"), source.effectiveExcludes());
    Capabilities caps = config.capabilities();
    assertEquals(List.of(8080, 1, 65535), caps.listen());
    assertEquals(List.of("api.example.com:443", "*.example.com:*", "localhost:*", "[::1]:8080", "10.0.0.1:5432", "*:80"),
        caps.connect());
    assertEquals(List.of("HOME", "_X1"), caps.env());
    assertEquals(List.of(new Mount("/data", false), new Mount("/tmp", true)), caps.filesystem());
    assertEquals("{\"env\":[\"HOME\",\"_X1\"],\"filesystem\":[{\"mode\":\"ro\",\"path\":\"/data\"},"
            + "{\"mode\":\"rw\",\"path\":\"/tmp\"}],\"network\":{\"connect\":[\"api.example.com:443\",\"*.example.com:*\","
            + "\"localhost:*\",\"[::1]:8080\",\"10.0.0.1:5432\",\"*:80\"],\"listen\":[8080,1,65535]}}",
        new String(CanonicalJson.bytes(caps.toJson()), StandardCharsets.UTF_8));
  }

  @Test
  void inlineTablesAndDottedKeysWork() throws Exception {
    Path file = write("from = { image = \"oci:layout@sha256:" + "b".repeat(64) + "\" }\n"
        + "source.entrypoint = \"./lib/../main.py\"\n"
        + "capabilities = { filesystem = [{ path = \"/a\", mode = \"rw\" }] }\n");
    FabricksConfig config = ConfigLoader.load(file, null);
    ImageSource.Layout from = assertInstanceOf(ImageSource.Layout.class, config.from());
    assertEquals(project.resolve("layout"), from.directory());
    assertNull(from.tag());
    assertEquals("b".repeat(64), from.digest().hex());
    assertEquals("main.py", config.source().entrypoint());
    assertEquals(List.of(new Mount("/a", true)), config.capabilities().filesystem());
  }

  @Test
  void symlinkedEntrypointInsideTheSourceIsAccepted() throws Exception {
    Files.createSymbolicLink(project.resolve("link.py"), project.resolve("main.py"));
    Path file = write(FROM + "[source]\nentrypoint = \"link.py\"\n");
    assertEquals("link.py", ConfigLoader.load(file, null).source().entrypoint());
  }

  @Test
  void fromOverrideReplacesFrom() throws Exception {
    Path file = write(BASE);
    ImageSource.Layout from = assertInstanceOf(ImageSource.Layout.class,
        ConfigLoader.load(file, "oci:../runtimes/layout:1.0").from());
    assertEquals("oci:../runtimes/layout:1.0", from.text());
    assertEquals(dir.resolve("runtimes/layout"), from.directory());
    assertEquals("1.0", from.tag());
  }

  @Test
  void fromOverrideStandsInForAMissingOrBrokenFrom() throws Exception {
    Path missing = write(SOURCE);
    assertEquals("docker.io/library/node:22", ((ImageSource.Registry) ConfigLoader.load(missing, "node:22").from())
        .reference().toString());
    Path broken = write("[from]\nimage = 3\n" + SOURCE);
    assertInstanceOf(ImageSource.Registry.class, ConfigLoader.load(broken, "node:22").from());
  }

  @Test
  void blankFromOverrideKeepsFrom() throws Exception {
    Path file = write(BASE);
    assertEquals("python:3.12", ConfigLoader.load(file, "  ").from().text());
    assertEquals("python:3.12", ConfigLoader.load(file, null).from().text());
  }

  @Test
  void invalidFromOverrideIsReportedAsFromImage() throws Exception {
    Path file = write(BASE);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, "Bad:tag"));
    assertTrue(e.getMessage().contains("invalid image reference `Bad:tag`"), e.getMessage());
    assertEquals("from.image", e.key());
  }

  @Test
  void emptyFileReportsMissingFrom() throws Exception {
    Path file = write("");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, null));
    assertTrue(e.getMessage().contains("the [from] table is missing"), e.getMessage());
  }

  private Path write(String toml) throws IOException {
    return Files.writeString(project.resolve("fabricks.toml"), toml);
  }
}
