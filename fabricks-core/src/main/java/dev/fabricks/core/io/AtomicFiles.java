package dev.fabricks.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Writes files so that readers see either the old content or the whole new content, never a part:
 * every write goes to a temporary file in the same folder, which is then moved into place.
 */
public final class AtomicFiles {

  /** Writes what {@code body} produces; on failure the temporary file is removed. */
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  /** The names {@link #newTempFile} gives: a dot, the target's name, a dot, a number, {@code .tmp}. */
  private static final Pattern TEMP_NAME = Pattern.compile("\\..+\\.[0-9]+\\.tmp");

  private AtomicFiles() {}

  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  public static void write(Path target, Body body) throws IOException {
    Path temp = newTempFile(target);
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        body.writeTo(out);
      }
      moveIntoPlace(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * A fresh temporary file beside {@code target}, whose name says what it is for. It is created
   * with the user's normal permissions (0666 less the umask: 0644 under umask 022), not the 0600
   * of {@link Files#createTempFile}, because it becomes the file that other users, containers and
   * tools read.
   */
  public static Path newTempFile(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    for (int attempt = 0; ; attempt++) {
      Path temp = parent.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong()) + ".tmp");
      try {
        return Files.createFile(temp);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }

  /**
   * Deletes the temporary files {@link #newTempFile} made for {@code target} that are still there:
   * left by a process that was killed before it could move or delete them. Call it only where no
   * other writer of {@code target} can be at work (under its lock, or in a build's own output).
   */
  public static void removeLeftovers(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    if (!Files.isDirectory(parent)) {
      return;
    }
    String prefix = "." + target.getFileName() + ".";
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, p -> {
      String name = p.getFileName().toString();
      return name.startsWith(prefix) && name.endsWith(".tmp");
    })) {
      for (Path entry : entries) {
        Files.deleteIfExists(entry);
      }
    }
  }

  /**
   * Deletes every temporary file {@link #newTempFile} made under {@code dir} and its subfolders,
   * except under {@code keep} (a shared folder inside it, or null). Call it only on a folder that
   * one writer owns, as a build owns its output folder.
   */
  public static void removeLeftoversUnder(Path dir, Path keep) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    Path skip = keep == null ? null : keep.toAbsolutePath().normalize();
    Files.walkFileTree(dir.toAbsolutePath().normalize(), new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attrs) {
        return folder.equals(skip) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
          throws IOException {
        if (attrs.isRegularFile() && TEMP_NAME.matcher(file.getFileName().toString()).matches()) {
          Files.deleteIfExists(file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Moves {@code source} over {@code target}, atomically where the file system can. */
  public static void moveIntoPlace(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Moves {@code source} to a content-addressed {@code target}. A target that already exists holds
   * the same bytes by construction, so it is kept and the source is dropped.
   */
  public static void moveContentAddressed(Path source, Path target) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(source);
    } catch (AtomicMoveNotSupportedException e) {
      if (!Files.exists(target)) {
        Files.move(source, target);
      } else {
        Files.deleteIfExists(source);
      }
    }
  }

  /** Removes a folder and everything in it; nothing when it does not exist. Links are removed, not followed. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
