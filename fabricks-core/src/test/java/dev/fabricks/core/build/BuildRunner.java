package dev.fabricks.core.build;

import dev.fabricks.core.FabricksException;
import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.tools.WasmToolsLocator;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Runs one build in its own process, so that a test can kill it at any moment or run it with fewer
 * privileges. Arguments: config, output, wasm-tools. A failed build prints its message to stderr
 * and exits with 2.
 */
public final class BuildRunner {
  static final int FAILED = 2;

  private BuildRunner() {}

  public static void main(String[] args) throws Exception {
    try {
      new AppBuilder(BuildEvents.NONE, null).build(request(Path.of(args[0]), Path.of(args[1]), Path.of(args[2])));
    } catch (FabricksException e) {
      System.err.println(e.getMessage());
      System.exit(FAILED);
    }
  }

  static BuildRequest request(Path config, Path out, Path wasmTools) {
    return new BuildRequest(config, null, out, "crash", "1.0.0", Instant.parse("2026-01-01T00:00:00Z"),
        new WasmToolsLocator.Settings(wasmTools, null, null, out.resolve("cache")));
  }
}
