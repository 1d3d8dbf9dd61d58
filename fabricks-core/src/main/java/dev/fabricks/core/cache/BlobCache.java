package dev.fabricks.core.cache;

import dev.fabricks.core.FabricksException;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The user-wide, content-addressed store of pulled blobs and manifests, shared by every build:
 * {@code blobs/sha256/<hex>}, plus {@code refs/<registry>/<repository>/<tag>} files that remember
 * which manifest a tag named when it was resolved.
 *
 * <p>A blob enters only through a temporary file that was checked against its digest, and is
 * moved into place atomically; a blob is checked again before it is used ({@link VerifiedFiles}:
 * hashed again whenever it was written to since), and a damaged one is deleted. Filling the same entry from several threads or processes downloads it once: writers
 * hold a per-digest lock (a lock object in this JVM, a file lock across processes) and look again
 * before fetching.
 */
public final class BlobCache {
  private static final ConcurrentHashMap<String, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  /** Fetches a blob's bytes into a file; the cache verifies them afterwards. */
  @FunctionalInterface
  public interface Fetcher {
    void fetchInto(Path target) throws IOException, FabricksException;
  }

  private final Path root;
  private final VerifiedFiles verified;

  public BlobCache(Path root) {
    this.root = root.toAbsolutePath();
    this.verified = new VerifiedFiles(this.root.resolve("verified"));
  }

  /** Remembers verified files under this cache: for blobs here and for runtime layers in local layouts. */
  public VerifiedFiles verifiedFiles() {
    return verified;
  }

  public Path root() {
    return root;
  }

  public Path blobPath(Digest digest) {
    return root.resolve("blobs").resolve(Digest.ALGORITHM).resolve(digest.hex());
  }

  /**
   * The cached blob, if present with the right size and digest. A damaged entry is deleted, so the
   * next fetch replaces it.
   */
  public Optional<Path> find(Digest digest, long size) throws IOException {
    Path path = blobPath(digest);
    try {
      if (Files.size(path) != size || !verified.holds(path, digest)) {
        Files.deleteIfExists(path);
        return Optional.empty();
      }
      return Optional.of(path);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Reads a small cached blob (a manifest) after checking it; empty when absent or damaged. */
  public Optional<byte[]> read(Digest digest) throws IOException {
    Path path = blobPath(digest);
    try {
      byte[] bytes = Files.readAllBytes(path);
      if (!Digest.of(bytes).equals(digest)) {
        Files.deleteIfExists(path);
        return Optional.empty();
      }
      return Optional.of(bytes);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Stores small bytes (a manifest) under their digest. */
  public Digest write(byte[] bytes) throws IOException {
    Digest digest = Digest.of(bytes);
    Path temp = AtomicFiles.newTempFile(blobPath(digest));
    try {
      Files.write(temp, bytes);
      AtomicFiles.moveContentAddressed(temp, blobPath(digest));
    } finally {
      Files.deleteIfExists(temp);
    }
    return digest;
  }

  /**
   * Returns the cached blob, fetching it first when it is missing or damaged. Concurrent callers
   * for the same digest wait for one fetch.
   *
   * @return the path and whether this call fetched it
   */
  public Entry fetchIfAbsent(Digest digest, long size, Fetcher fetcher) throws IOException, FabricksException {
    Optional<Path> present = find(digest, size);
    if (present.isPresent()) {
      return new Entry(present.get(), false);
    }
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(digest.hex(), k -> new ReentrantLock());
    jvmLock.lock();
    try {
      Path lockFile = root.resolve("locks").resolve(digest.hex() + ".lock");
      Files.createDirectories(lockFile.getParent());
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        present = find(digest, size);
        if (present.isPresent()) {
          return new Entry(present.get(), false);
        }
        Path target = blobPath(digest);
        AtomicFiles.removeLeftovers(target); // of a filler that was killed: the lock is ours now
        Path temp = AtomicFiles.newTempFile(target);
        try {
          fetcher.fetchInto(temp);
          if (Files.size(temp) != size || !Digest.of(temp).equals(digest)) { // new bytes: always hashed
            throw new IOException("the fetched blob does not match " + digest + " (" + size + " bytes); nothing was cached");
          }
          AtomicFiles.moveContentAddressed(temp, target);
          return new Entry(target, true);
        } finally {
          Files.deleteIfExists(temp);
        }
      }
    } finally {
      jvmLock.unlock();
    }
  }

  /** A cached blob and whether the call that returned it downloaded it. */
  public record Entry(Path path, boolean fetched) {}

  /** The manifest digest a tag named when it was last resolved. */
  public Optional<Digest> tag(String registry, String repository, String tag) throws IOException {
    try {
      return Optional.ofNullable(Digest.parseOrNull(Files.readString(refPath(registry, repository, tag)).strip()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  public void setTag(String registry, String repository, String tag, Digest digest) throws IOException {
    AtomicFiles.write(refPath(registry, repository, tag), (digest + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private Path refPath(String registry, String repository, String tag) {
    return root.resolve("refs").resolve(registry.replace(':', '_')).resolve(repository).resolve(tag);
  }
}
