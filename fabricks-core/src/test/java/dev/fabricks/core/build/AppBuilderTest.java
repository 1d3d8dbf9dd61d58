package dev.fabricks.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.oci.CanonicalJson;
import dev.fabricks.core.oci.ImageManifest;
import dev.fabricks.core.runtime.RuntimeImageWriter;
import dev.fabricks.core.testing.RecordedEvents;
import dev.fabricks.core.testing.TestTools;
import dev.fabricks.core.tools.ProcessRunner;
import dev.fabricks.core.tools.ToolInvocation;
import dev.fabricks.core.tools.Version;
import dev.fabricks.core.tools.WasmTools;
import dev.fabricks.core.tools.WasmToolsLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds a real app against the real JavaScript runtime and runs it under wasmtime. */
class AppBuilderTest {
  @TempDir static Path shared;
  @TempDir Path dir;
  static Path runtimeLayout;
  static Digest runtimeLayerDigest;

  @BeforeAll
  static void packageRuntime() throws Exception {
    ProcessRunner runner = new ProcessRunner(BuildEvents.NONE);
    WasmTools tools = new WasmTools(TestTools.wasmTools(), new Version(1, 263, 0), runner);
    runtimeLayout = shared.resolve("runtime-oci");
    new RuntimeImageWriter(tools).write(new RuntimeImageWriter.Request(
        TestTools.runtimeComponent(), "node:test", "test", runtimeLayout, null));
    runtimeLayerDigest = Digest.of(TestTools.runtimeComponent());
  }

  private Path project(Path root, String greeting) throws Exception {
    Files.createDirectories(root.resolve("lib"));
    Files.createDirectories(root.resolve("data"));
    Files.createDirectories(root.resolve(".git"));
    Files.writeString(root.resolve(".git/config"), "secret");
    Files.writeString(root.resolve(".env"), "TOKEN=do-not-pack");
    Files.writeString(root.resolve("data/greeting.txt"), greeting);
    Files.writeString(root.resolve("lib/shout.js"), "module.exports = (s) => s.toUpperCase();\n");
    Files.writeString(root.resolve("main.js"), String.join("\n",
        "const fs = require('fs');",
        "const shout = require('./lib/shout.js');",
        "const text = fs.readFileSync(__dirname + '/data/greeting.txt', 'utf8');",
        "console.log('read through source: ' + shout(text));",
        "console.log('git packed: ' + fs.existsSync('/app/.git/config') + ', env packed: ' + fs.existsSync('/app/.env'));",
        ""));
    Path config = root.resolve("fabricks.toml");
    Files.writeString(config, String.join("\n",
        "[from]",
        "image = \"oci:" + runtimeLayout.toString().replace('\\', '/') + ":test\"",
        "[source]",
        "entrypoint = \"main.js\"",
        "[capabilities.network]",
        "connect = [\"api.example.com:443\"]",
        ""));
    return config;
  }

  private BuildRequest request(Path config, Path out) {
    return new BuildRequest(config, null, out, "hello", "1.0.0", Instant.parse("2026-01-01T00:00:00Z"),
        new WasmToolsLocator.Settings(TestTools.wasmTools(), null, null, dir.resolve("cache")));
  }

  @Test
  void buildsAComponentThatRunsAndAnArtifactOfTwoLayers() throws Exception {
    Path config = project(dir.resolve("app"), "hello from a file");
    BuildResult result = new AppBuilder(BuildEvents.NONE, null).build(request(config, dir.resolve("app/target/fabricks")));

    ProcessRunner.Result run = new ProcessRunner(BuildEvents.NONE).run(new ToolInvocation(Path.of(TestTools.python()),
        List.of(TestTools.runComponentScript().toString(), result.component().toString()), null));
    assertEquals("read through source: HELLO FROM A FILE\ngit packed: false, env packed: false\n", run.stdout());

    assertTrue(result.world().imports().stream().allMatch(i -> i.startsWith("wasi:")), result.world().toString());
    assertTrue(result.world().exports().stream().anyMatch(e -> e.startsWith("wasi:cli/run@")));

    Path layout = result.layout();
    byte[] manifestBytes = Files.readAllBytes(layout.resolve("blobs/sha256/" + result.manifestDigest().hex()));
    ImageManifest manifest = ImageManifest.parse(manifestBytes, "test");
    assertEquals(2, manifest.layers().size());
    assertEquals(MediaTypes.RUNTIME_LAYER, manifest.layers().get(0).mediaType());
    assertEquals("node:test", manifest.layers().get(0).annotations().get(MediaTypes.ANNOTATION_RUNTIME));
    assertEquals(runtimeLayerDigest, manifest.layers().get(0).digest(), "layer 0 is the runtime's bytes");
    assertEquals(runtimeLayerDigest, Digest.of(layout.resolve("blobs/sha256/" + runtimeLayerDigest.hex())));
    assertEquals(MediaTypes.MODULE_LAYER, manifest.layers().get(1).mediaType());
    assertEquals("main.js", manifest.layers().get(1).annotations().get(MediaTypes.ANNOTATION_ENTRYPOINT));
    assertEquals("2026-01-01T00:00:00Z", manifest.annotations().get(MediaTypes.ANNOTATION_CREATED));
    assertEquals(MediaTypes.APP_CONFIG, manifest.config().mediaType());

    JsonNode appConfig = CanonicalJson.parse(Files.readAllBytes(layout.resolve("blobs/sha256/" + manifest.config().digest().hex())));
    assertEquals("main.js", appConfig.get("entrypoint").asText());
    assertEquals(runtimeLayerDigest.toString(), appConfig.get("runtime").get("layerDigest").asText());
    assertEquals("api.example.com:443", appConfig.get("capabilities").get("network").get("connect").get(0).asText());
    assertEquals(0, appConfig.get("capabilities").get("env").size(), "nothing granted that was not asked for");
    assertEquals(Digest.of(result.component()).toString(), appConfig.get("component").get("digest").asText());
    assertEquals(result.manifestDigest() + "\n", Files.readString(dir.resolve("app/target/fabricks/image.digest")));
    assertTrue(Files.readString(layout.resolve("index.json")).contains(result.manifestDigest().toString()));
    assertEquals(MediaTypes.RUNTIME_LAYER_TITLE, manifest.layers().get(0).annotations().get(MediaTypes.ANNOTATION_TITLE));
    assertEquals(MediaTypes.MODULE_LAYER_TITLE, manifest.layers().get(1).annotations().get(MediaTypes.ANNOTATION_TITLE));
    assertNormalPermissions(dir.resolve("app/target/fabricks"));
    assertNormalPermissions(dir.resolve("cache"));
  }

  /** Every file is written with 0666 less the umask (0644 under 022), as other tools would write it. */
  private static void assertNormalPermissions(Path tree) throws Exception {
    String expected = TestTools.normalFileMode();
    List<Path> files;
    try (var walk = Files.walk(tree)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertFalse(files.isEmpty(), "files under " + tree);
    for (Path file : files) {
      assertEquals(expected, java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
          file.toString());
    }
  }

  @Test
  void theSameAppInTwoCheckoutsAtDifferentPathsGivesOneDigestThatNamesNoPath() throws Exception {
    ProcessRunner runner = new ProcessRunner(BuildEvents.NONE);
    WasmTools tools = new WasmTools(TestTools.wasmTools(), new Version(1, 263, 0), runner);
    Digest[] digests = new Digest[2];
    String[] roots = {"checkout-a", "elsewhere/deeper/checkout-b"};
    for (int i = 0; i < 2; i++) {
      Path checkout = dir.resolve(roots[i]);
      Path runtime = checkout.resolve("runtimes/node/target/fabricks/oci");
      new RuntimeImageWriter(tools).write(new RuntimeImageWriter.Request(
          TestTools.runtimeComponent(), "node:test", "test", runtime, null));
      Path config = project(checkout.resolve("apps/hello"), "same");
      Files.writeString(config, Files.readString(config).replaceFirst("image = \"oci:[^\"]*\"",
          "image = \"oci:../../runtimes/node/target/fabricks/oci:test\""));
      BuildRequest request = new BuildRequest(config, null, checkout.resolve("apps/hello/target/fabricks"), "hello",
          "1.0.0", Instant.parse("2026-01-01T00:00:00Z"),
          new WasmToolsLocator.Settings(TestTools.wasmTools(), null, null, dir.resolve("cache-" + i)));
      BuildResult result = new AppBuilder(BuildEvents.NONE, null).build(request);
      digests[i] = result.manifestDigest();
      byte[] manifestBytes = Files.readAllBytes(result.layout().resolve("blobs/sha256/" + result.manifestDigest().hex()));
      ImageManifest manifest = ImageManifest.parse(manifestBytes, "test");
      String configText = Files.readString(result.layout().resolve("blobs/sha256/" + manifest.config().digest().hex()));
      for (String text : List.of(new String(manifestBytes, java.nio.charset.StandardCharsets.UTF_8), configText)) {
        assertFalse(text.contains(dir.toString()), "no absolute path in " + text);
        assertFalse(text.contains("oci:"), "no layout path in " + text);
      }
      Digest runtimeManifest = Digest.parse(manifest.annotations().get(MediaTypes.ANNOTATION_BASE_DIGEST));
      assertEquals("node:test@" + runtimeManifest, manifest.annotations().get(MediaTypes.ANNOTATION_BASE_NAME));
    }
    assertEquals(digests[0], digests[1], "the digest depends on content only");
  }

  @Test
  void twoCleanBuildsGiveTheSameDigestAndUnchangedInputsAreNotComposedAgain() throws Exception {
    Path first = project(dir.resolve("one"), "same");
    Path second = project(dir.resolve("two"), "same");
    AppBuilder builder = new AppBuilder(BuildEvents.NONE, null);
    BuildResult a = builder.build(request(first, dir.resolve("one/target/fabricks")));
    BuildResult b = builder.build(request(second, dir.resolve("two/target/fabricks")));
    assertEquals(a.manifestDigest(), b.manifestDigest());
    assertTrue(a.composed() && b.composed());

    BuildResult again = builder.build(request(first, dir.resolve("one/target/fabricks")));
    assertFalse(again.composed(), "unchanged inputs reuse the composition");
    assertEquals(a.manifestDigest(), again.manifestDigest());

    Files.writeString(dir.resolve("one/data/greeting.txt"), "changed");
    BuildResult changed = builder.build(request(first, dir.resolve("one/target/fabricks")));
    assertTrue(changed.composed());
    assertNotEquals(a.manifestDigest(), changed.manifestDigest());
    long blobs;
    try (var list = Files.list(changed.layout().resolve("blobs/sha256"))) {
      blobs = list.count();
    }
    assertEquals(4, blobs, "only the blobs of the current manifest are kept");
  }

  /** Info lines of the builds, to see how many source files each one read. */
  private final RecordedEvents recording = new RecordedEvents();
  private final List<String> infos = recording.infos;

  private BuildResult build(Path config) throws Exception {
    infos.clear();
    return new AppBuilder(recording, null).build(request(config, config.resolveSibling("target/fabricks")));
  }

  private String sourceLine() {
    return infos.stream().filter(l -> l.startsWith("source files: ")).findFirst().orElseThrow();
  }

  /** Gives every file of the project a modification time an hour ago, well outside the race window. */
  private static void age(Path root) throws Exception {
    FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
    try (var walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(file, old);
      }
    }
  }

  /** New bytes of the same length in the same file, with its modification time put back. */
  private static void replaceKeepingStamp(Path file, String content) throws Exception {
    FileTime modified = Files.getLastModifiedTime(file);
    assertEquals(Files.size(file), content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, modified);
  }

  /** Whether the source layer the build used holds {@code text}: file contents are stored verbatim. */
  private static boolean layerHolds(BuildResult result, String text) throws Exception {
    byte[] layer = Files.readAllBytes(result.component().resolveSibling("work/source-layer.wasm"));
    return new String(layer, java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
  }

  @Test
  void aNoOpBuildReadsNoSourceFile() throws Exception {
    Path config = project(dir.resolve("app"), "greeting-one");
    age(dir.resolve("app"));
    BuildResult first = build(config);
    assertTrue(first.composed());
    assertTrue(sourceLine().startsWith("source files: 3 read"), sourceLine());

    // Were the build to read the file, it would see new bytes and compose again.
    replaceKeepingStamp(dir.resolve("app/data/greeting.txt"), "GREETING-TWO");
    BuildResult again = build(config);
    assertFalse(again.composed(), "the record is trusted: the file was not read");
    assertTrue(sourceLine().startsWith("source files: 0 read (0 B), 3 unchanged by size, modification time and file key"),
        sourceLine());
    assertEquals(first.manifestDigest(), again.manifestDigest());
  }

  @Test
  void aSameSizeEditWithItsTimePutBackInsideTheRaceWindowIsBuilt() throws Exception {
    Path config = project(dir.resolve("app"), "greeting-one"); // written just now: inside the window
    BuildResult first = build(config);
    assertTrue(layerHolds(first, "greeting-one"));

    replaceKeepingStamp(dir.resolve("app/data/greeting.txt"), "GREETING-TWO");
    BuildResult second = build(config);
    assertTrue(second.composed(), sourceLine());
    assertNotEquals(first.manifestDigest(), second.manifestDigest());
    assertTrue(layerHolds(second, "GREETING-TWO") && !layerHolds(second, "greeting-one"));
  }

  @Test
  void anAddedRemovedOrRenamedFileOrAnotherEntrypointIsBuilt() throws Exception {
    Path root = dir.resolve("app");
    Path config = project(root, "greeting-one");
    age(root);
    BuildResult first = build(config);

    Files.writeString(root.resolve("lib/extra.js"), "1;\n");
    BuildResult added = build(config);
    assertTrue(added.composed());
    assertTrue(sourceLine().startsWith("source files: 1 read"), sourceLine());

    Files.delete(root.resolve("lib/extra.js"));
    BuildResult removed = build(config);
    assertTrue(removed.composed(), "the composition on disk is the one with the extra file");
    assertTrue(sourceLine().startsWith("source files: 0 read"), sourceLine());
    assertEquals(first.manifestDigest(), removed.manifestDigest(), "the same files give the same artifact");

    Files.move(root.resolve("data/greeting.txt"), root.resolve("data/hello.txt")); // same bytes, size, time, inode
    BuildResult renamed = build(config);
    assertTrue(renamed.composed());
    assertNotEquals(first.manifestDigest(), renamed.manifestDigest());
    Files.move(root.resolve("data/hello.txt"), root.resolve("data/greeting.txt"));
    assertEquals(first.manifestDigest(), build(config).manifestDigest());

    Files.writeString(config, Files.readString(config).replace("entrypoint = \"main.js\"", "entrypoint = \"lib/shout.js\""));
    BuildResult entrypoint = build(config);
    assertTrue(entrypoint.composed());
    assertTrue(sourceLine().startsWith("source files: 0 read"), sourceLine());
    assertNotEquals(first.manifestDigest(), entrypoint.manifestDigest());
  }

  @Test
  void aDamagedRecordMeansReadingEveryFile() throws Exception {
    Path config = project(dir.resolve("app"), "greeting-one");
    age(dir.resolve("app"));
    BuildResult first = build(config);
    Path record = dir.resolve("app/target/fabricks/work/source-digests.bin");
    assertTrue(Files.isRegularFile(record));

    replaceKeepingStamp(dir.resolve("app/data/greeting.txt"), "GREETING-TWO");
    byte[] bytes = Files.readAllBytes(record);
    Files.write(record, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    BuildResult second = build(config);
    assertTrue(second.composed(), "a half record is not trusted");
    assertTrue(sourceLine().startsWith("source files: 3 read"), sourceLine());
    assertNotEquals(first.manifestDigest(), second.manifestDigest());
    assertTrue(layerHolds(second, "GREETING-TWO") && !layerHolds(second, "greeting-one"));
  }
}
