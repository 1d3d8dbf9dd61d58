package dev.fabricks.core.cache;

import dev.fabricks.core.image.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Remembers that a file was hashed and found to hold its digest, keyed by what the file system
 * says about it (its {@link FileStamp}: size, modification time to the nanosecond, file key). A
 * file whose bytes were rewritten since has another modification time and is hashed again; an
 * unchanged one is trusted without reading its bytes, so a 38 MiB runtime layer is not hashed on
 * every build. Like git's index, this does not catch bits that rot on disk without any write.
 */
public final class VerifiedFiles {
  private final Path stamps;

  public VerifiedFiles(Path stamps) {
    this.stamps = stamps;
  }

  /** Whether {@code file} holds {@code digest}; hashes it only when it changed since it was last checked. */
  public boolean holds(Path file, Digest digest) throws IOException {
    FileStamp fileStamp;
    try {
      fileStamp = FileStamp.read(file);
    } catch (NoSuchFileException e) {
      return false;
    }
    String stamp = digest + " " + fileStamp + " " + file.toAbsolutePath().normalize();
    Path stampFile = stamps.resolve(Digest.of(stamp.getBytes(StandardCharsets.UTF_8)).hex());
    if (Files.exists(stampFile)) {
      return true;
    }
    if (!Digest.of(file).equals(digest)) {
      return false;
    }
    // Written in place, not through a temporary file: the stamp's name is the claim and it is made
    // only after the hash matched, so a stamp cut short by a kill still says something true, and a
    // killed build leaves no temporary file in this shared folder that nobody may remove.
    Files.createDirectories(stamps);
    Files.write(stampFile, stamp.getBytes(StandardCharsets.UTF_8));
    return true;
  }
}
