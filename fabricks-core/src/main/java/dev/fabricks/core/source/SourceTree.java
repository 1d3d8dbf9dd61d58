package dev.fabricks.core.source;

import dev.fabricks.core.config.SourceSpec;
import dev.fabricks.core.event.Sizes;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The files of a {@link SourceSpec}, chosen by its globs and sorted by the UTF-8 bytes of their
 * paths, so the same tree always gives the same layer. Symbolic links are followed only while they
 * stay inside the source root.
 */
public final class SourceTree {
  /** The longest path we pack; longer ones are refused rather than cut. */
  public static final int MAX_PATH_BYTES = 4096;

  /** Names of compiled native code: loadable by a native process only, never by WebAssembly. */
  private static final Pattern NATIVE_CODE = Pattern.compile(".*\\.(?:so(?:\\.\\d+)*|pyd|dylib|dll|node)");

  private final String entrypoint;
  private final List<SourceFile> files;
  private final List<String> notices;

  private SourceTree(String entrypoint, List<SourceFile> files, List<String> notices) {
    this.entrypoint = entrypoint;
    this.files = List.copyOf(files);
    this.notices = List.copyOf(notices);
  }

  /** What the scan left out that a user would want to know about (native extensions), one line each. */
  public List<String> notices() {
    return notices;
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
    return new SourceTree(entrypoint, sorted, List.of());
  }

  public static final Comparator<SourceFile> BY_UTF8_PATH = (a, b) -> Arrays.compareUnsigned(
      a.path().getBytes(StandardCharsets.UTF_8), b.path().getBytes(StandardCharsets.UTF_8));

  /** Walks the source root and chooses the files. */
  public static SourceTree scan(SourceSpec spec) throws SourceException {
    List<Glob> includes = spec.include().stream().map(Glob::compile).toList();
    List<Glob> excludes = spec.effectiveExcludes().stream().map(Glob::compile).toList();
    List<Glob> secrets = spec.effectiveSecretExcludes().stream().map(Glob::compile).toList();
    Map<String, long[]> nativeCode = new TreeMap<>();
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
          if (dependencyPackage(rel) == null && secrets.stream().anyMatch(g -> g.matchesFile(rel))) {
            return FileVisitResult.CONTINUE;
          }
          if (!rel.equals(spec.entrypoint()) && includes.stream().noneMatch(g -> g.matchesFile(rel))) {
            return FileVisitResult.CONTINUE;
          }
          if (spec.defaultExcludes() && NATIVE_CODE.matcher(rel).matches()) {
            long[] countAndBytes = nativeCode.computeIfAbsent(packageOf(rel), k -> new long[2]);
            countAndBytes[0]++;
            countAndBytes[1] += attrs.size();
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
    List<String> notices = new ArrayList<>();
    nativeCode.forEach((pkg, countAndBytes) -> notices.add("left out " + countAndBytes[0] + " native extension file"
        + (countAndBytes[0] == 1 ? "" : "s") + " of `" + pkg + "` (" + Sizes.human(countAndBytes[1]) + "): they are"
        + " compiled for a native OS, and WebAssembly cannot load them (the package has no WASI build), so its import"
        + " fails in the runtime unless the package falls back to pure Python. Use a pure-Python package or version,"
        + " or set [source] default-excludes = false to pack them anyway"));
    return new SourceTree(spec.entrypoint(), chosen, notices);
  }

  /**
   * The installed package a path belongs to: the folder after the last {@link
   * SourceSpec#DEPENDENCY_FOLDERS} segment ({@code @scope/name} under node_modules), or null.
   */
  static String dependencyPackage(String rel) {
    String[] segments = rel.split("/");
    for (int i = segments.length - 2; i >= 0; i--) {
      if (SourceSpec.DEPENDENCY_FOLDERS.contains(segments[i]) && i + 1 < segments.length - 1) {
        boolean scoped = segments[i].equals("node_modules") && segments[i + 1].startsWith("@") && i + 2 < segments.length - 1;
        return scoped ? segments[i + 1] + "/" + segments[i + 2] : segments[i + 1];
      }
    }
    return null;
  }

  /**
   * The package a native file belongs to, for notices: its installed package, else its folder, or
   * the file itself when it lies directly in a dependency folder or at the root.
   */
  private static String packageOf(String rel) {
    String pkg = dependencyPackage(rel);
    if (pkg != null) {
      return pkg;
    }
    int slash = rel.lastIndexOf('/');
    String folder = slash < 0 ? "" : rel.substring(0, slash);
    String last = folder.substring(folder.lastIndexOf('/') + 1);
    return folder.isEmpty() || SourceSpec.DEPENDENCY_FOLDERS.contains(last) ? rel : folder;
  }

  private static String relative(Path root, Path path) {
    return root.relativize(path).toString().replace('\\', '/');
  }
}
