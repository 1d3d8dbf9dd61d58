package dev.fabricks.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.FabricksException;
import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.oci.Descriptor;
import dev.fabricks.core.oci.ImageManifest;
import dev.fabricks.core.oci.OciLayout;
import dev.fabricks.core.runtime.RuntimeImageWriter;
import dev.fabricks.core.testing.TestTools;
import dev.fabricks.core.tools.ProcessRunner;
import dev.fabricks.core.tools.Version;
import dev.fabricks.core.tools.WasmTools;
import dev.fabricks.core.tools.WasmToolsLocator;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad inputs given to a whole build: each fails with the part of the message the user must see,
 * and leaves nothing in the output folder or the cache.
 */
class BadInputTest {
  @TempDir static Path shared;
  static String runtime;
  static String container;
  static String noContract;
  static String app;

  /** Sets up a project in {@code root}; the fabricks.toml is written by the case. */
  @FunctionalInterface
  interface Setup {
    void prepare(Path root) throws Exception;
  }

  @BeforeAll
  static void layouts() throws Exception {
    WasmTools tools = new WasmTools(TestTools.wasmTools(), new Version(1, 263, 0), new ProcessRunner(BuildEvents.NONE));
    Path good = shared.resolve("runtime");
    new RuntimeImageWriter(tools).write(new RuntimeImageWriter.Request(TestTools.runtimeComponent(), "node:test", "test",
        good, null));
    runtime = "oci:" + good + ":test";

    // an OCI layout holding a container image
    Path image = shared.resolve("container");
    OciLayout layout = OciLayout.create(image);
    Descriptor config = layout.writeBlob("{\"os\":\"linux\"}".getBytes(), "application/vnd.oci.image.config.v1+json");
    Descriptor layer = layout.writeBlob("tar bytes".getBytes(), "application/vnd.oci.image.layer.v1.tar+gzip");
    Descriptor manifest = layout.writeBlob(new ImageManifest(null, config, List.of(layer), Map.of()).toBytes(),
        MediaTypes.OCI_MANIFEST);
    layout.writeIndex(List.of(manifest.withAnnotations(Map.of(MediaTypes.ANNOTATION_REF_NAME, "1"))));
    container = "oci:" + image + ":1";

    // a "runtime" whose component does not import the contract: a runtime layer holding some other component
    Path other = shared.resolve("no-contract");
    OciLayout otherLayout = OciLayout.create(other);
    Path component = shared.resolve("unrelated.wasm");
    Files.writeString(shared.resolve("unrelated.wat"), "(component)");
    new ProcessRunner(BuildEvents.NONE).run(new dev.fabricks.core.tools.ToolInvocation(TestTools.wasmTools(),
        List.of("parse", shared.resolve("unrelated.wat").toString(), "-o", component.toString()), null));
    Descriptor otherLayer = otherLayout.copyBlob(component, MediaTypes.RUNTIME_LAYER)
        .withAnnotations(Map.of(MediaTypes.ANNOTATION_RUNTIME, "odd:1"));
    Descriptor otherConfig = otherLayout.writeBlob("{}".getBytes(), MediaTypes.RUNTIME_CONFIG);
    Descriptor otherManifest = otherLayout.writeBlob(new ImageManifest(MediaTypes.RUNTIME_ARTIFACT, otherConfig,
        List.of(otherLayer), Map.of()).toBytes(), MediaTypes.OCI_MANIFEST);
    otherLayout.writeIndex(List.of(otherManifest.withAnnotations(Map.of(MediaTypes.ANNOTATION_REF_NAME, "1"))));
    noContract = "oci:" + other + ":1";

    // an app artifact (runtime layer plus module layer) named where a runtime belongs
    Path appLayout = shared.resolve("app-artifact");
    OciLayout apps = OciLayout.create(appLayout);
    Descriptor appRuntime = apps.copyBlob(component, MediaTypes.RUNTIME_LAYER);
    Descriptor appModule = apps.writeBlob("module".getBytes(), MediaTypes.MODULE_LAYER);
    Descriptor appConfig = apps.writeBlob("{}".getBytes(), MediaTypes.APP_CONFIG);
    Descriptor appManifest = apps.writeBlob(new ImageManifest(MediaTypes.APP_ARTIFACT, appConfig,
        List.of(appRuntime, appModule), Map.of()).toBytes(), MediaTypes.OCI_MANIFEST);
    apps.writeIndex(List.of(appManifest.withAnnotations(Map.of(MediaTypes.ANNOTATION_REF_NAME, "1"))));
    app = "oci:" + appLayout + ":1";
  }

  private static String from(String image) {
    return "[from]\nimage = \"" + image + "\"\n";
  }

  private static String good(String extra) {
    return from(runtime) + "[source]\nentrypoint = \"main.js\"\n" + extra;
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    // fabricks.toml syntax and shape
    all.add(Arguments.of("unterminated string", toml("[from]\nimage = \"oci:x\n"), "fabricks.toml:2: invalid TOML"));
    all.add(Arguments.of("table header never closed", toml("[from\nimage = \"x\"\n"), "fabricks.toml:1: invalid TOML"));
    all.add(Arguments.of("duplicate key", toml(good("").replace("[source]", "[source]\nentrypoint = \"a.js\"")),
        "invalid TOML"));
    all.add(Arguments.of("not UTF-8", (Setup) root -> Files.write(root.resolve("fabricks.toml"), new byte[] {(byte) 0xff, 0x5b}),
        "the file is not valid UTF-8"));
    all.add(Arguments.of("empty file", toml(""), "the [from] table is missing"));
    all.add(Arguments.of("misspelled entrypoint", toml(from(runtime) + "[source]\nentrypont = \"main.js\"\n"),
        "unknown key `entrypont` in [source]; did you mean `entrypoint`?"));
    all.add(Arguments.of("misspelled table", toml(good("[capabilites]\nenv = []\n")),
        "unknown key `capabilites` at the top level; did you mean `capabilities`?"));
    all.add(Arguments.of("unknown key in from", toml(from(runtime) + "tag = \"x\"\n[source]\nentrypoint = \"main.js\"\n"),
        "unknown key `tag` in [from]"));
    all.add(Arguments.of("missing [source]", toml(from(runtime)), "the [source] table is missing"));
    all.add(Arguments.of("missing entrypoint", toml(from(runtime) + "[source]\npath = \".\"\n"),
        "missing required key `entrypoint` in [source]"));
    all.add(Arguments.of("missing image", toml("[from]\n[source]\nentrypoint = \"main.js\"\n"),
        "missing required key `image` in [from]"));
    all.add(Arguments.of("image is a number", toml("[from]\nimage = 3\n[source]\nentrypoint = \"main.js\"\n"),
        "[from] image must be a string, not the number 3"));
    all.add(Arguments.of("from is a string", toml("from = \"x\"\n[source]\nentrypoint = \"main.js\"\n"),
        "`from` must be a table ([from])"));
    all.add(Arguments.of("entrypoint is a list", toml(from(runtime) + "[source]\nentrypoint = [\"main.js\"]\n"),
        "[source] entrypoint must be a string, not a list"));
    all.add(Arguments.of("include is a string", toml(good("include = \"*.js\"\n")), "[source] include must be a list of strings"));
    all.add(Arguments.of("exclude holds a number", toml(good("exclude = [1]\n")), "[source] exclude must hold strings only"));
    all.add(Arguments.of("default-excludes is a string", toml(good("default-excludes = \"no\"\n")),
        "[source] default-excludes must be true or false"));
    // image references
    all.add(Arguments.of("uppercase repository", toml(from("Fabricks.dev/Runtimes/Python:3.12") + "[source]\nentrypoint = \"main.js\"\n"),
        "invalid image reference `Fabricks.dev/Runtimes/Python:3.12`"));
    all.add(Arguments.of("space in tag", toml(from("fabricks.dev/python:3 12") + "[source]\nentrypoint = \"main.js\"\n"),
        "is not a valid tag"));
    all.add(Arguments.of("short digest", toml(from("fabricks.dev/python@sha256:abc") + "[source]\nentrypoint = \"main.js\"\n"),
        "'sha256:abc' is not a valid digest"));
    all.add(Arguments.of("md5 digest", toml(from("fabricks.dev/python@md5:" + "a".repeat(32)) + "[source]\nentrypoint = \"main.js\"\n"),
        "is not a valid digest"));
    all.add(Arguments.of("empty layout path", toml(from("oci:") + "[source]\nentrypoint = \"main.js\"\n"), "the layout path is missing"));
    all.add(Arguments.of("layout folder missing", toml(from("oci:nowhere:1") + "[source]\nentrypoint = \"main.js\"\n"),
        "does not exist. Build the runtime image first"));
    all.add(Arguments.of("layout tag missing", toml(good("").replace(":test\"", ":nope\"")), "has no tag `nope`; it has [test]"));
    all.add(Arguments.of("a container image", (Setup) root -> write(root, from(container) + "[source]\nentrypoint = \"main.js\"\n"),
        "is not a Fabricks runtime image: it looks like a container image"));
    all.add(Arguments.of("an app artifact instead of a runtime", (Setup) root -> write(root, from(app)
        + "[source]\nentrypoint = \"main.js\"\n"), "it looks like an artifact of another kind with 2 layer(s)"));
    all.add(Arguments.of("a runtime without the contract", (Setup) root -> write(root, from(noContract)
        + "[source]\nentrypoint = \"main.js\"\n"), "A runtime must import fabricks:app/source@0.1.0"));
    all.add(Arguments.of("registry image with no registry access", toml(from("fabricks.dev/runtimes/python:3.14")
        + "[source]\nentrypoint = \"main.js\"\n"), "names a registry, but this build resolves only local OCI layouts"));
    // the source tree
    all.add(Arguments.of("entrypoint missing on disk", toml(from(runtime) + "[source]\nentrypoint = \"server.js\"\n"),
        "[source] entrypoint `server.js` does not exist"));
    all.add(Arguments.of("entrypoint outside the path", (Setup) root -> {
      Files.createDirectories(root.resolve("src"));
      write(root, from(runtime) + "[source]\npath = \"src\"\nentrypoint = \"../main.js\"\n");
    }, "lies outside the source path `src`"));
    all.add(Arguments.of("entrypoint absolute", toml(from(runtime) + "[source]\nentrypoint = \"/etc/passwd\"\n"),
        "is an absolute path"));
    all.add(Arguments.of("entrypoint is a folder", (Setup) root -> {
      Files.createDirectories(root.resolve("lib"));
      write(root, from(runtime) + "[source]\nentrypoint = \"lib\"\n");
    }, "is not a regular file"));
    all.add(Arguments.of("path is not a folder", toml(from(runtime) + "[source]\npath = \"main.js\"\nentrypoint = \"main.js\"\n"),
        "[source] path `main.js` is not a folder"));
    all.add(Arguments.of("empty source folder", (Setup) root -> {
      Files.createDirectories(root.resolve("empty"));
      write(root, from(runtime) + "[source]\npath = \"empty\"\nentrypoint = \"main.js\"\n");
    }, "[source] entrypoint `main.js` does not exist"));
    all.add(Arguments.of("entrypoint excluded", toml(good("exclude = [\"*.js\"]\n")), "is left out by [source] include/exclude"));
    all.add(Arguments.of("symlink escaping the tree", (Setup) root -> {
      Files.createSymbolicLink(root.resolve("passwd"), Path.of("/etc/passwd"));
      write(root, good(""));
    }, "leads to /etc/passwd, outside the source folder"));
    all.add(Arguments.of("symlinked folder escaping the tree", (Setup) root -> {
      Files.createSymbolicLink(root.resolve("etc"), Path.of("/etc"));
      write(root, good(""));
    }, "leads to /etc, outside the source folder"));
    all.add(Arguments.of("dangling symlink", (Setup) root -> {
      Files.createSymbolicLink(root.resolve("gone.js"), root.resolve("missing.js"));
      write(root, good(""));
    }, "points to nothing"));
    all.add(Arguments.of("symlink loop", (Setup) root -> {
      Files.createDirectories(root.resolve("a"));
      Files.createSymbolicLink(root.resolve("a/loop"), root.resolve("a"));
      write(root, good(""));
    }, "form a loop"));
    all.add(Arguments.of("file name that is not UTF-8", (Setup) root -> {
      new ProcessRunner(BuildEvents.NONE).run(new dev.fabricks.core.tools.ToolInvocation(Path.of(TestTools.python()),
          List.of("-c", "import os,sys; open(os.path.join(sys.argv[1].encode(), b'bad-\\xff.js'), 'w').close()",
              root.toString()), null));
      write(root, good(""));
    }, "is not valid UTF-8"));
    all.add(Arguments.of("path longer than the system allows", (Setup) root -> {
      TestTools.deepPath(root, "d".repeat(250), 17); // 17 x 251 bytes: over PATH_MAX
      write(root, good(""));
    }, "File name too long"));
    all.add(Arguments.of("a file bigger than a layer holds", (Setup) root -> {
      try (RandomAccessFile huge = new RandomAccessFile(root.resolve("huge.bin").toFile(), "rw")) {
        huge.setLength(4L << 30); // sparse: no disk used
      }
      write(root, good(""));
    }, "a source layer holds at most 3072 MiB"));
    // capabilities
    all.add(Arguments.of("port 0", toml(good("[capabilities.network]\nlisten = [0]\n")), "listen has the number 0, which is not a TCP port"));
    all.add(Arguments.of("port 70000", toml(good("[capabilities.network]\nlisten = [70000]\n")), "the number 70000, which is not a TCP port"));
    all.add(Arguments.of("port as text", toml(good("[capabilities.network]\nlisten = [\"80\"]\n")), "listen has the string \"80\""));
    all.add(Arguments.of("listen not a list", toml(good("[capabilities.network]\nlisten = 80\n")), "listen must be a list of ports"));
    all.add(Arguments.of("connect without port", toml(good("[capabilities.network]\nconnect = [\"api.example.com\"]\n")),
        "without a port"));
    all.add(Arguments.of("connect with bad host", toml(good("[capabilities.network]\nconnect = [\"bad host:80\"]\n")),
        "is not a host name, IP address or pattern"));
    all.add(Arguments.of("connect with bad port", toml(good("[capabilities.network]\nconnect = [\"a.example.com:http\"]\n")),
        "whose port `http` is not 1 to 65535 or *"));
    all.add(Arguments.of("env name with a dash", toml(good("[capabilities]\nenv = [\"API-KEY\"]\n")),
        "is not an environment variable name"));
    all.add(Arguments.of("relative mount", toml(good("[[capabilities.filesystem]]\npath = \"data\"\n")),
        "must be an absolute guest path"));
    all.add(Arguments.of("bad mount mode", toml(good("[[capabilities.filesystem]]\npath = \"/data\"\nmode = \"rx\"\n")),
        "mode `rx` is not \"ro\""));
    all.add(Arguments.of("mount twice", toml(good("[[capabilities.filesystem]]\npath = \"/d\"\n[[capabilities.filesystem]]\npath = \"/d\"\n")),
        "is mounted twice"));
    return all.stream();
  }

  private static Setup toml(String text) {
    return root -> write(root, text);
  }

  private static void write(Path root, String text) throws Exception {
    Files.writeString(root.resolve("fabricks.toml"), text);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void failsClearlyAndWritesNothing(String name, Setup setup, String expected, @TempDir Path root) throws Exception {
    Files.writeString(root.resolve("main.js"), "console.log('x');\n");
    setup.prepare(root);
    Path out = root.resolve("target/fabricks");
    Path cache = root.resolve("cache");
    try {
      FabricksException e = assertThrows(FabricksException.class, () -> new AppBuilder(BuildEvents.NONE, null).build(
          new BuildRequest(root.resolve("fabricks.toml"), null, out, "bad", "1.0.0", Instant.EPOCH,
              new WasmToolsLocator.Settings(TestTools.wasmTools(), null, null, cache))));
      assertTrue(e.getMessage().contains(expected), name + ": the message lacks `" + expected + "`:\n" + e.getMessage());
      assertNothingWritten(out, cache);
    } finally {
      try (Stream<Path> children = Files.list(root)) {
        for (Path child : children.toList()) {
          TestTools.removeTree(child); // some cases make paths too long for JUnit's clean-up
        }
      }
    }
  }

  /**
   * A file the build may not read. Root reads every file whatever its mode, so when the tests run
   * as root the build runs in a child process whose capability bounding set lacks DAC override and
   * DAC read search ({@code setpriv}): there, as for any other user, mode 000 means unreadable.
   */
  @Test
  void unreadableFile(@TempDir Path root) throws Exception {
    Files.writeString(root.resolve("main.js"), "console.log('x');\n");
    Path secret = Files.writeString(root.resolve("secret.js"), "module.exports = 'k';\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    write(root, good(""));
    Path out = root.resolve("target/fabricks");
    Path cache = out.resolve("cache"); // where BuildRunner puts it

    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      Path setpriv = Path.of("/usr/bin/setpriv");
      assertTrue(Files.isExecutable(setpriv), "the tests run as root and need setpriv (util-linux) to drop privileges");
      command.addAll(List.of(setpriv.toString(), "--bounding-set", "-dac_override,-dac_read_search"));
    }
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), BuildRunner.class.getName(),
        root.resolve("fabricks.toml").toString(), out.toString(), TestTools.wasmTools().toString()));
    Process build = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(build.waitFor(60, TimeUnit.SECONDS));
    assertEquals(BuildRunner.FAILED, build.exitValue(), output);
    assertTrue(output.contains("cannot read " + secret + " (permission denied). Make it readable, or add `secret.js`"
        + " to [source] exclude"), output);
    assertNothingWritten(out, cache);
  }

  private static void assertNothingWritten(Path out, Path cache) throws Exception {
    assertFalse(Files.exists(out.resolve("image.digest")), "no digest file");
    assertFalse(Files.exists(out.resolve("oci/index.json")), "no OCI layout");
    if (Files.exists(out)) {
      try (Stream<Path> files = Files.list(out)) {
        assertTrue(files.noneMatch(f -> f.toString().endsWith(".wasm")), "no component");
      }
    }
    if (Files.exists(cache)) {
      try (Stream<Path> files = Files.walk(cache)) {
        // records of files found intact (cache/verified) may be written; no blob, tag or tool
        assertTrue(files.filter(Files::isRegularFile).allMatch(f -> cache.relativize(f).startsWith("verified")),
            "nothing but verification records in the cache");
      }
    }
  }
}
