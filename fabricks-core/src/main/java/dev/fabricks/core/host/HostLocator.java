package dev.fabricks.core.host;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds {@code fabricks-host}: an explicit path first, then the folders of a search path, then the
 * artifact {@code dev.fabricks:fabricks-host:VERSION:exe:CLASSIFIER} in the local Maven repository,
 * where {@code scripts/setup} installs it (the way protoc is provided to protobuf builds).
 */
public final class HostLocator {
  public static final String GROUP_ID = "dev.fabricks";
  public static final String ARTIFACT_ID = "fabricks-host";
  public static final String INSTALL_HINT = "run scripts/setup in the Fabricks checkout (it builds the host with cargo and"
      + " installs it into the local Maven repository), or put fabricks-host on PATH";

  private static final String NAME = isWindows() ? "fabricks-host.exe" : "fabricks-host";

  /**
   * Where to look.
   *
   * @param explicit a path the user gave, or null
   * @param searchPath folders to search, separated like {@code PATH}, or null
   * @param localRepository the local Maven repository, or null
   * @param version the host version to look for there
   */
  public record Settings(Path explicit, String searchPath, Path localRepository, String version) {}

  public Path locate(Settings settings) throws HostNotFoundException {
    if (settings.explicit() != null) {
      Path path = settings.explicit().toAbsolutePath();
      if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
        throw new HostNotFoundException("fabricks-host was not found at " + path + " (set by <host> or -Dfabricks.host)."
            + " Point it at the fabricks-host executable, or remove the setting; to get one, " + INSTALL_HINT);
      }
      return path;
    }
    Optional<Path> onPath = searchPath(settings.searchPath());
    if (onPath.isPresent()) {
      return onPath.get();
    }
    Path artifact = settings.localRepository() == null ? null : artifactPath(settings.localRepository(), settings.version());
    if (artifact != null && Files.isRegularFile(artifact)) {
      if (!Files.isExecutable(artifact) && !artifact.toFile().setExecutable(true, false)) {
        throw new HostNotFoundException(artifact + " is not executable; make it so with chmod +x");
      }
      return artifact;
    }
    throw new HostNotFoundException("fabricks-host was not found: not on PATH"
        + (artifact == null ? "" : ", and not in the local Maven repository (" + artifact + ")")
        + ". To get one, " + INSTALL_HINT + "; or set <host> / -Dfabricks.host=/path/to/fabricks-host");
  }

  /** {@code <repo>/dev/fabricks/fabricks-host/<v>/fabricks-host-<v>-<classifier>.exe}. */
  public static Path artifactPath(Path localRepository, String version) {
    return localRepository.resolve(GROUP_ID.replace('.', '/')).resolve(ARTIFACT_ID).resolve(version)
        .resolve(ARTIFACT_ID + "-" + version + "-" + classifier() + ".exe");
  }

  /** The OS and architecture, as protoc's artifacts name them: {@code linux-x86_64}, {@code osx-aarch_64}. */
  public static String classifier() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String osName = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx" : os.startsWith("windows") ? "windows" : os;
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String archName = switch (arch) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch_64";
      default -> arch;
    };
    return osName + "-" + archName;
  }

  private static Optional<Path> searchPath(String searchPath) {
    if (searchPath == null) {
      return Optional.empty();
    }
    for (String entry : searchPath.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        Path candidate = Path.of(entry).resolve(NAME);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  }
}
