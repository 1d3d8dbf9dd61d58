package dev.fabricks.core.cache;

import dev.fabricks.core.image.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Fills one cache entry, slowly, and notes each real fetch in a log file: run as a separate
 * process by {@link BlobCacheTest} to show that processes share one download.
 * Arguments: cache root, source file, fetch log.
 */
public final class CacheFiller {
  private CacheFiller() {}

  public static void main(String[] args) throws Exception {
    fill(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
  }

  static BlobCache.Entry fill(Path root, Path source, Path fetchLog) throws Exception {
    byte[] bytes = Files.readAllBytes(source);
    return new BlobCache(root).fetchIfAbsent(Digest.of(bytes), bytes.length, target -> {
      Files.writeString(fetchLog, ProcessHandle.current().pid() + " " + Thread.currentThread().getName() + "\n",
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      // written in two halves with a pause, so that a reader of a half-written file would be caught
      Files.write(target, java.util.Arrays.copyOf(bytes, bytes.length / 2));
      try {
        Thread.sleep(400);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Files.write(target, bytes);
    });
  }
}
