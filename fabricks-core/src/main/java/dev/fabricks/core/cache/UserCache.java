package dev.fabricks.core.cache;

import java.nio.file.Path;

/** The user-wide cache shared by all builds: downloaded tools now, pulled runtime blobs with registries. */
public final class UserCache {
  private UserCache() {}

  /** {@code $XDG_CACHE_HOME/fabricks}, else {@code ~/.cache/fabricks}. */
  public static Path defaultDirectory() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "fabricks");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "fabricks");
  }
}
