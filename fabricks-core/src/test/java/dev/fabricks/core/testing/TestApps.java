package dev.fabricks.core.testing;

import dev.fabricks.core.build.AppBuilder;
import dev.fabricks.core.build.BuildRequest;
import dev.fabricks.core.build.BuildResult;
import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.publish.ArtifactPusher;
import dev.fabricks.core.registry.CredentialSource;
import dev.fabricks.core.registry.Registries;
import dev.fabricks.core.registry.RegistryOptions;
import dev.fabricks.core.runtime.RuntimeImageWriter;
import dev.fabricks.core.tools.ProcessRunner;
import dev.fabricks.core.tools.Version;
import dev.fabricks.core.tools.WasmTools;
import dev.fabricks.core.tools.WasmToolsLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** One-file JavaScript apps on the test runtime, built for real, and a pusher for a test registry. */
public final class TestApps {
  private TestApps() {}

  /** The test runtime component as an image layout {@code dir/runtime-oci}, tag {@code test}. */
  public static Path runtimeLayout(Path dir) throws Exception {
    WasmTools tools = new WasmTools(TestTools.wasmTools(), new Version(1, 263, 0), new ProcessRunner(BuildEvents.NONE));
    Path layout = dir.resolve("runtime-oci");
    new RuntimeImageWriter(tools).write(new RuntimeImageWriter.Request(
        TestTools.runtimeComponent(), "node:test", "test", layout, null));
    return layout;
  }

  /** Builds {@code dir/name}: a main.js holding {@code program}, on the runtime at {@code runtimeLayout}. */
  public static BuildResult jsApp(Path dir, Path runtimeLayout, String name, String program) throws Exception {
    Path root = Files.createDirectories(dir.resolve(name));
    Files.writeString(root.resolve("main.js"), program);
    Files.writeString(root.resolve("fabricks.toml"), "[from]\nimage = \"oci:" + runtimeLayout + ":test\"\n"
        + "[source]\nentrypoint = \"main.js\"\n");
    return new AppBuilder(BuildEvents.NONE, null).build(new BuildRequest(root.resolve("fabricks.toml"), null,
        root.resolve("target/fabricks"), name, "1.0.0", Instant.parse("2026-01-01T00:00:00Z"),
        new WasmToolsLocator.Settings(TestTools.wasmTools(), null, null, dir.resolve("cache"))));
  }

  /** Clients of {@code registry} over plain HTTP, without credentials. */
  public static Registries registries(TestRegistry registry) {
    return new Registries(new RegistryOptions(Map.of(), Set.of(registry.host()), CredentialSource.NONE, false, false),
        BuildEvents.NONE);
  }

  /** A pusher to {@code registry} over plain HTTP, without credentials. */
  public static ArtifactPusher pusher(TestRegistry registry) {
    return new ArtifactPusher(registries(registry), BuildEvents.NONE);
  }
}
