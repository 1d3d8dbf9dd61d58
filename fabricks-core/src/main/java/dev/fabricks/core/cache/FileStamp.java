package dev.fabricks.core.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;

/**
 * What the file system says about a file without reading it: its size, its modification time to
 * the nanosecond where the file system keeps them, and its file key (device and inode on Unix;
 * "null" where there is none). Writing a file's bytes changes its modification time, and replacing
 * it by another file changes its key, so a file whose stamp is the one it had when it was hashed is
 * trusted to hold the same bytes, as git's index and make do. The stamp does not see bytes that
 * change without a write (bit rot), nor a write whose tool puts the old time back on a file of the
 * same size (touch -d, some archive tools): such files are trusted all the same.
 *
 * @param fileKey the file key's text, as {@link BasicFileAttributes#fileKey()} prints it
 */
public record FileStamp(long size, Instant modified, String fileKey) {

  public FileStamp {
    Objects.requireNonNull(modified, "modified");
    Objects.requireNonNull(fileKey, "fileKey");
  }

  public static FileStamp of(BasicFileAttributes attrs) {
    return new FileStamp(attrs.size(), attrs.lastModifiedTime().toInstant(), String.valueOf(attrs.fileKey()));
  }

  /** The stamp of {@code file} now, following symbolic links. */
  public static FileStamp read(Path file) throws IOException {
    return of(Files.readAttributes(file, BasicFileAttributes.class));
  }

  /** {@code size modified fileKey}, e.g. {@code 812 2026-01-01T10:00:00.123456789Z (dev=803,ino=1234)}. */
  @Override
  public String toString() {
    return size + " " + modified + " " + fileKey;
  }
}
