import dev.fabricks.core.build.AppBuilder;
import dev.fabricks.core.build.BuildRequest;
import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.runtime.RuntimeImageWriter;
import dev.fabricks.core.tools.ProcessRunner;
import dev.fabricks.core.tools.Version;
import dev.fabricks.core.tools.WasmTools;
import dev.fabricks.core.tools.WasmToolsLocator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * How the cost of a build grows with the source tree: 10, 1,000 and 10,000 files of 10 KiB (up to
 * 100 MB) and 10 files of 10 MiB, source layer plus composition plus artifact, against `cp -r` of
 * the same files (the floor). Memory two ways: the peak heap pools of the build in this JVM
 * (garbage included), and the least heap a fresh JVM needs for it: builds in child JVMs with
 * -Xmx of 8, 12, 16, 24, 32, 48, 64, 96 and 128 MiB, the first that succeeds. Run by bench/scale; prints
 * medians of interleaved runs.
 *
 * <p>{@code ScaleBench build <fabricks.toml> <out> <wasm-tools> <cache>} is one build, for the children.
 */
public final class ScaleBench {
  private static final int[] HEAP_MIB = {8, 12, 16, 24, 32, 48, 64, 96, 128};

  public static void main(String[] args) throws Exception {
    if (args.length == 5 && args[0].equals("build")) {
      build(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Path.of(args[4]));
      return;
    }
    Path runtime = Path.of(args[0]);
    Path wasmTools = Path.of(args[1]);
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path work = Files.createTempDirectory("fabricks-scale");
    Path layout = work.resolve("runtime-oci");
    new RuntimeImageWriter(new WasmTools(wasmTools, new Version(1, 263, 0), new ProcessRunner(BuildEvents.NONE)))
        .write(new RuntimeImageWriter.Request(runtime, "node:bench", "bench", layout, null));
    int[][] cases = {{10, 10 * 1024}, {1_000, 10 * 1024}, {10_000, 10 * 1024}, {10, 10 << 20}};
    System.out.printf("%-8s %-9s %12s %12s %8s %14s %14s %14s%n", "files", "bytes", "build (s)", "cp -r (s)", "ratio",
        "peak heap MiB", "least -Xmx", "largest file");
    for (int[] c : cases) {
      Path app = tree(work.resolve("app-" + c[0] + "-" + c[1]), c[0], c[1], layout);
      List<Double> build = new ArrayList<>();
      List<Double> copy = new ArrayList<>();
      long peak = 0;
      for (int i = 0; i < runs + 1; i++) {
        Path out = work.resolve("out-" + c[0]);
        delete(out);
        Path copyTarget = work.resolve("copy-" + c[0]);
        delete(copyTarget);
        System.gc();
        resetPeaks();
        long start = System.nanoTime();
        build(app.resolve("fabricks.toml"), out, wasmTools, work.resolve("cache"));
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        long heap = peakHeap();
        start = System.nanoTime();
        Process cp = new ProcessBuilder("cp", "-r", app.toString(), copyTarget.toString()).inheritIO().start();
        if (cp.waitFor() != 0) {
          throw new IllegalStateException("cp failed");
        }
        double copySeconds = (System.nanoTime() - start) / 1e9;
        if (i > 0) { // the first round warms the JIT and the page cache
          build.add(buildSeconds);
          copy.add(copySeconds);
          peak = Math.max(peak, heap);
        }
      }
      double b = median(build);
      double cpm = median(copy);
      String least = leastHeap(app.resolve("fabricks.toml"), work.resolve("out-least"), wasmTools, work.resolve("cache"));
      System.out.printf("%-8d %-9s %12.3f %12.3f %7.1fx %14.1f %14s %14s%n", c[0], human((long) c[0] * c[1]), b, cpm,
          b / cpm, peak / 1048576.0, least, human(c[1]));
      delete(app);
    }
    delete(work);
  }

  private static void build(Path config, Path out, Path wasmTools, Path cache) throws Exception {
    new AppBuilder(BuildEvents.NONE, null).build(new BuildRequest(config, null, out, "bench", "1.0.0", Instant.EPOCH,
        new WasmToolsLocator.Settings(wasmTools, null, null, cache)));
  }

  /** The smallest of HEAP_MIB with which a fresh JVM builds the app, e.g. "24 MiB". */
  private static String leastHeap(Path config, Path out, Path wasmTools, Path cache) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int mib : HEAP_MIB) {
      delete(out);
      Process child = new ProcessBuilder(java, "-Xmx" + mib + "m", "-cp", System.getProperty("java.class.path"),
          System.getProperty("scale.source"), "build", config.toString(), out.toString(), wasmTools.toString(),
          cache.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (child.waitFor() == 0) {
        return mib + " MiB";
      }
    }
    return "> " + HEAP_MIB[HEAP_MIB.length - 1] + " MiB";
  }

  private static Path tree(Path root, int files, int size, Path layout) throws Exception {
    Random random = new Random(files);
    byte[] bytes = new byte[Math.min(size, 1 << 16)];
    for (int i = 0; i < files; i++) {
      Path file = root.resolve("pkg" + (i % 100)).resolve("module" + i + ".py");
      Files.createDirectories(file.getParent());
      try (var out = Files.newOutputStream(file)) {
        for (int written = 0; written < size; written += bytes.length) {
          random.nextBytes(bytes);
          out.write(bytes, 0, Math.min(bytes.length, size - written));
        }
      }
    }
    Files.writeString(root.resolve("main.js"), "console.log('bench');\n");
    Files.writeString(root.resolve("fabricks.toml"),
        "[from]\nimage = \"oci:" + layout + ":bench\"\n[source]\nentrypoint = \"main.js\"\n");
    return root;
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.naturalOrder());
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String human(long bytes) {
    return bytes >= 1 << 20 ? String.format("%.0f MiB", bytes / 1048576.0) : String.format("%.0f KiB", bytes / 1024.0);
  }

  private static void delete(Path path) throws Exception {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
