package dev.fabricks.core.tools;

import dev.fabricks.core.event.BuildEvents;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds wasm-tools: an explicit path first, then the folders of a search path, then a
 * download verified by sha256 into the user-wide cache. The first one found must be new enough.
 */
public final class WasmToolsLocator {
  private static final String NAME = isWindows() ? "wasm-tools.exe" : "wasm-tools";

  /**
   * Where to look.
   *
   * @param explicit a path the user gave, or null
   * @param searchPath folders to search, separated like {@code PATH}, or null
   * @param download a verified download to fall back on, or null
   * @param cacheDirectory the user-wide cache, for downloads
   */
  public record Settings(Path explicit, String searchPath, ToolDownload download, Path cacheDirectory) {}

  private final ProcessRunner runner;
  private final BuildEvents events;

  public WasmToolsLocator(ProcessRunner runner, BuildEvents events) {
    this.runner = runner;
    this.events = events;
  }

  public WasmTools locate(Settings settings) throws ToolException {
    if (settings.explicit() != null) {
      Path path = settings.explicit().toAbsolutePath();
      if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
        throw new ToolException("wasm-tools was not found at " + path + " (set by <wasmTools> or -Dfabricks.wasmTools)."
            + " Point it at the wasm-tools executable, or remove the setting to search PATH. Install it with: "
            + WasmTools.INSTALL_HINT);
      }
      return check(path, "set by <wasmTools> or -Dfabricks.wasmTools");
    }
    Optional<Path> onPath = searchPath(settings.searchPath());
    if (onPath.isPresent()) {
      return check(onPath.get(), "found on PATH");
    }
    if (settings.download() != null) {
      Path downloaded = new ToolDownloader(events).fetch(settings.download(), settings.cacheDirectory().resolve("tools"));
      return check(downloaded, "downloaded from " + settings.download().url());
    }
    throw new ToolException("wasm-tools was not found on PATH. Install it with `" + WasmTools.INSTALL_HINT
        + "`, or set <wasmTools> / -Dfabricks.wasmTools=/path/to/wasm-tools, or let the build download it by setting"
        + " <wasmToolsUrl> and <wasmToolsSha256> (-Dfabricks.wasmTools.url, -Dfabricks.wasmTools.sha256)");
  }

  private WasmTools check(Path path, String how) throws ToolException {
    ProcessRunner.Result result = runner.runAllowingFailure(new ToolInvocation(path, List.of("--version"), null));
    Optional<Version> version = Version.find(result.stdout());
    if (result.exitCode() != 0 || version.isEmpty()) {
      throw new ToolException(path + " (" + how + ") does not answer --version like wasm-tools: "
          + (result.stdout() + result.stderr()).strip() + ". Install wasm-tools with: " + WasmTools.INSTALL_HINT);
    }
    if (version.get().compareTo(WasmTools.MINIMUM) < 0) {
      throw new ToolException("wasm-tools " + version.get() + " at " + path + " (" + how + ") is too old: this build needs "
          + WasmTools.MINIMUM + " or newer. Upgrade with: " + WasmTools.INSTALL_HINT);
    }
    events.debug("using wasm-tools " + version.get() + " at " + path + " (" + how + ")");
    return new WasmTools(path, version.get(), runner);
  }

  private static Optional<Path> searchPath(String searchPath) {
    List<Path> folders = new ArrayList<>();
    if (searchPath != null) {
      for (String entry : searchPath.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          folders.add(Path.of(entry));
        }
      }
    }
    for (Path folder : folders) {
      Path candidate = folder.resolve(NAME);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** {@code PATH} followed by cargo's install folder, where {@code cargo install} puts wasm-tools. */
  public static String defaultSearchPath() {
    String cargoHome = System.getenv("CARGO_HOME");
    Path cargoBin = cargoHome != null && !cargoHome.isBlank()
        ? Path.of(cargoHome, "bin") : Path.of(System.getProperty("user.home"), ".cargo", "bin");
    String path = System.getenv("PATH");
    return (path == null || path.isBlank() ? "" : path + File.pathSeparator) + cargoBin;
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase().startsWith("windows");
  }
}
