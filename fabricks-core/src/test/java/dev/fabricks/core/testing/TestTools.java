package dev.fabricks.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Where the real tools that tests use are; the project's setup script installs them. */
public final class TestTools {
  private TestTools() {}

  public static Path wasmTools() {
    String explicit = System.getProperty("fabricks.test.wasmTools");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    Optional<Path> found = onPath("wasm-tools");
    if (found.isPresent()) {
      return found.get();
    }
    Path cargo = Path.of(System.getProperty("user.home"), ".cargo", "bin", "wasm-tools");
    if (Files.isExecutable(cargo)) {
      return cargo;
    }
    throw new IllegalStateException("wasm-tools is needed by this test: run scripts/setup first");
  }

  /**
   * Makes {@code dir/name/name/.../f.txt}, {@code depth} folders deep, with relative steps (the
   * whole path may exceed what one system call accepts). Returns the first folder.
   */
  public static Path deepPath(Path dir, String name, int depth) throws IOException, InterruptedException {
    String script = "import os, sys\nos.chdir(sys.argv[1])\nfor _ in range(int(sys.argv[3])):\n"
        + "    os.mkdir(sys.argv[2])\n    os.chdir(sys.argv[2])\nopen('f.txt', 'w').write('x')\n";
    Process mkdirs = new ProcessBuilder(python(), "-c", script, dir.toString(), name, String.valueOf(depth))
        .redirectErrorStream(true).start();
    String output = new String(mkdirs.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!mkdirs.waitFor(30, TimeUnit.SECONDS) || mkdirs.exitValue() != 0) {
      throw new IOException("could not make a deep path under " + dir + ": " + output);
    }
    return dir.resolve(name);
  }

  /** Removes a tree that Java cannot walk (paths longer than the system's limit); rm can. */
  public static void removeTree(Path tree) throws IOException, InterruptedException {
    new ProcessBuilder("rm", "-rf", tree.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * A tool that scripts/install-test-tools installs (crane, cosign, wkg), at the pinned version
   * that script names; {@code -Dfabricks.test.<name>} points at another.
   */
  public static Path testTool(String name) throws IOException, InterruptedException {
    String explicit = System.getProperty("fabricks.test." + name);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    Path script = Path.of(System.getProperty("fabricks.test.installTools", "../scripts/install-test-tools"));
    Process print = new ProcessBuilder(script.toString(), "--print", name).redirectErrorStream(true).start();
    String path = new String(print.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (print.waitFor() != 0 || !Files.isExecutable(Path.of(path))) {
      throw new IllegalStateException(name + " is needed by this test (" + path + "): run scripts/setup first");
    }
    return Path.of(path);
  }

  /**
   * The fabricks-host executable: {@code $FABRICKS_HOST}, else what fabricks-host/build builds (a
   * no-op when it is up to date), as scripts/fabricks_host.py finds it.
   */
  public static Path host() throws IOException, InterruptedException {
    String explicit = System.getenv("FABRICKS_HOST");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    Path build = Path.of(System.getProperty("fabricks.test.installTools", "../scripts/install-test-tools"))
        .getParent().getParent().resolve("fabricks-host/build");
    Process process = new ProcessBuilder(build.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("fabricks-host/build failed: run scripts/setup first");
    }
    return Path.of(output.substring(output.lastIndexOf('\n') + 1));
  }

  /** The JavaScript runtime component built by runtimes/node/build. */
  public static Path runtimeComponent() {
    Path path = Path.of(System.getProperty("fabricks.test.runtime", "../runtimes/node/target/node-runtime.wasm"));
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(path + " is missing: run scripts/setup (it builds runtimes/node) first");
    }
    return path;
  }

  /** The script that runs a wasi:cli/run component under the wasmtime Python package. */
  public static Path runComponentScript() {
    return Path.of(System.getProperty("fabricks.test.runComponent", "../scripts/run-component.py"));
  }

  public static String python() {
    return onPath("python3").map(Path::toString).orElse("python3");
  }

  /** Copies the contract's WIT out of the core jar's resources into {@code dir}. */
  public static Path contractWit(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (InputStream in = TestTools.class.getResourceAsStream("/dev/fabricks/core/layer/wit/source.wit")) {
      Files.copy(in, dir.resolve("source.wit"));
    }
    return dir;
  }

  /** The mode of a file written the normal way under this process's umask, e.g. {@code rw-r--r--} for 022. */
  public static String normalFileMode() throws IOException, InterruptedException {
    Process shell = new ProcessBuilder("sh", "-c", "umask").start();
    int umask = Integer.parseInt(new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip(), 8);
    shell.waitFor();
    int mode = 0666 & ~umask;
    StringBuilder text = new StringBuilder();
    for (int shift = 6; shift >= 0; shift -= 3) {
      int bits = mode >> shift;
      text.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
    }
    return text.toString();
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String entry : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(entry, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
