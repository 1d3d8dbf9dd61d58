package dev.fabricks.core.build;

import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.tools.WasmToolsLocator;
import java.nio.file.Path;
import java.time.Instant;

/** Runs one build in its own process, so that a test can kill it at any moment. Arguments: config, output, wasm-tools. */
public final class BuildRunner {
  private BuildRunner() {}

  public static void main(String[] args) throws Exception {
    new AppBuilder(BuildEvents.NONE, null).build(request(Path.of(args[0]), Path.of(args[1]), Path.of(args[2])));
  }

  static BuildRequest request(Path config, Path out, Path wasmTools) {
    return new BuildRequest(config, null, out, "crash", "1.0.0", Instant.parse("2026-01-01T00:00:00Z"),
        new WasmToolsLocator.Settings(wasmTools, null, null, out.resolve("cache")));
  }
}
