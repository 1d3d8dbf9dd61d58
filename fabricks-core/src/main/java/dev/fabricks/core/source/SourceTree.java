package dev.fabricks.core.source;

import dev.fabricks.core.config.SourceSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * The files of a {@link SourceSpec}, chosen by its globs and sorted by the UTF-8 bytes of their
 * paths, so the same tree always gives the same layer. Symbolic links are followed only while they
 * stay inside the source root.
 */
public final class SourceTree {
  /** The longest path we pack; longer ones are refused rather than cut. */
  public static final int MAX_PATH_BYTES = 4096;

  private final String entrypoint;
  private final List<SourceFile> files;

  private SourceTree(String entrypoint, List<SourceFile> files) {
    this.entrypoint = entrypoint;
    this.files = List.copyOf(files);
  }

  public String entrypoint() {
    return entrypoint;
  }

  public List<SourceFile> files() {
    return files;
  }

  public long totalBytes() {
    return files.stream().mapToLong(SourceFile::size).sum();
  }

  /** A tree made of given files, for callers that choose files themselves. */
  public static SourceTree of(String entrypoint, List<SourceFile> files) {
    List<SourceFile> sorted = new ArrayList<>(files);
    sorted.sort(BY_UTF8_PATH);
    return new SourceTree(entrypoint, sorted);
  }

  public static final Comparator<SourceFile> BY_UTF8_PATH = (a, b) -> Arrays.compareUnsigned(
      a.path().getBytes(StandardCharsets.UTF_8), b.path().getBytes(StandardCharsets.UTF_8));

  /** Walks the source root and chooses the files. */
  public static SourceTree scan(SourceSpec spec) throws SourceException {
    List<Glob> includes = spec.include().stream().map(Glob::compile).toList();
    List<Glob> excludes = spec.effectiveExcludes().stream().map(Glob::compile).toList();
    Path root = spec.root();
    Path realRoot;
    try {
      realRoot = root.toRealPath();
    } catch (IOException e) {
      throw new SourceException("cannot read the source folder " + root + ": " + e.getMessage(), e);
    }
    List<SourceFile> chosen = new ArrayList<>();
    List<SourceException> problems = new ArrayList<>();
    try {
      Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
          if (dir.equals(root)) {
            return FileVisitResult.CONTINUE;
          }
          String rel = relative(root, dir);
          if (excludes.stream().anyMatch(g -> g.matchesFolder(rel))) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          if (!insideRoot(dir)) {
            return FileVisitResult.TERMINATE;
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          String rel = relative(root, file);
          if (excludes.stream().anyMatch(g -> g.matchesFile(rel))) {
            return FileVisitResult.CONTINUE;
          }
          if (!rel.equals(spec.entrypoint()) && includes.stream().noneMatch(g -> g.matchesFile(rel))) {
            return FileVisitResult.CONTINUE;
          }
          if (rel.indexOf('\uFFFD') >= 0) {
            // the name's bytes are not UTF-8: the runtime could not be given the name on disk
            problems.add(new SourceException("the file name of " + file + " is not valid UTF-8 (undecodable bytes shown as"
                + " \uFFFD). Rename it to UTF-8, or exclude it in [source] exclude"));
            return FileVisitResult.TERMINATE;
          }
          if (attrs.isSymbolicLink()) {
            // following links, the walk shows a link's own attributes only when its target is missing
            problems.add(new SourceException("the symbolic link " + file + " points to nothing. Remove it or add `"
                + rel + "` to [source] exclude"));
            return FileVisitResult.TERMINATE;
          }
          if (!insideRoot(file)) {
            return FileVisitResult.TERMINATE;
          }
          if (!attrs.isRegularFile()) {
            return FileVisitResult.CONTINUE;
          }
          if (rel.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            problems.add(new SourceException("the path " + file + " is longer than " + MAX_PATH_BYTES
                + " bytes. Shorten it or exclude it in [source] exclude"));
            return FileVisitResult.TERMINATE;
          }
          if (!Files.isReadable(file)) {
            problems.add(new SourceException("cannot read " + file + " (permission denied). Make it readable, or add `"
                + rel + "` to [source] exclude"));
            return FileVisitResult.TERMINATE;
          }
          chosen.add(new SourceFile(rel, file, attrs.size()));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          if (e instanceof FileSystemLoopException) {
            problems.add(new SourceException("symbolic links under " + file + " form a loop. Remove the link or exclude it"));
          } else if (Files.isSymbolicLink(file) && !Files.exists(file)) {
            String rel = relative(root, file);
            if (excludes.stream().anyMatch(g -> g.matchesFile(rel))) {
              return FileVisitResult.CONTINUE;
            }
            problems.add(new SourceException("the symbolic link " + file + " points to nothing. Remove it or add `"
                + rel + "` to [source] exclude"));
          } else {
            String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.toString();
            problems.add(new SourceException("cannot read " + file + ": " + reason + ". Fix that, or add `"
                + relative(root, file) + "` to [source] exclude", e));
          }
          return FileVisitResult.TERMINATE;
        }

        private boolean insideRoot(Path path) throws IOException {
          if (!Files.isSymbolicLink(path)) {
            return true;
          }
          Path real = path.toRealPath();
          if (real.startsWith(realRoot)) {
            return true;
          }
          problems.add(new SourceException("the symbolic link " + path + " leads to " + real
              + ", outside the source folder " + root + ". Copy what it points to into the source folder, or add `"
              + relative(root, path) + "` to [source] exclude"));
          return false;
        }
      });
    } catch (IOException e) {
      throw new SourceException("cannot walk the source folder " + root + ": " + e.getMessage(), e);
    }
    if (!problems.isEmpty()) {
      throw problems.get(0);
    }
    if (chosen.stream().noneMatch(f -> f.path().equals(spec.entrypoint()))) {
      throw new SourceException("the entrypoint `" + spec.entrypoint() + "` is left out by [source] include/exclude"
          + " or by the default excludes. Change the patterns so that it is packed");
    }
    chosen.sort(BY_UTF8_PATH);
    return new SourceTree(spec.entrypoint(), chosen);
  }

  private static String relative(Path root, Path path) {
    return root.relativize(path).toString().replace('\\', '/');
  }
}
