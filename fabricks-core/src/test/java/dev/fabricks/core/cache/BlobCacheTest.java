package dev.fabricks.core.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.image.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobCacheTest {
  @TempDir Path dir;

  private Path source(int size) throws IOException {
    byte[] bytes = new byte[size];
    new Random(42).nextBytes(bytes);
    return Files.write(dir.resolve("source.bin"), bytes);
  }

  @Test
  void twoProcessesAndTwoThreadsFillingOneEntryDownloadItOnce() throws Exception {
    Path source = source(3 << 20);
    Path root = dir.resolve("cache");
    Path fetchLog = dir.resolve("fetches.log");
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), CacheFiller.class.getName(),
          root.toString(), source.toString(), fetchLog.toString()).inheritIO().start());
    }
    ExecutorService threads = Executors.newFixedThreadPool(2);
    List<Future<BlobCache.Entry>> results = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      results.add(threads.submit(() -> CacheFiller.fill(root, source, fetchLog)));
    }
    for (Future<BlobCache.Entry> result : results) {
      assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(result.get(60, TimeUnit.SECONDS).path()));
    }
    threads.shutdown();
    for (Process process : processes) {
      assertTrue(process.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, process.exitValue());
    }
    assertEquals(1, Files.readAllLines(fetchLog).size(), "one download for four fillers: " + Files.readString(fetchLog));
    try (Stream<Path> files = Files.walk(root.resolve("blobs"))) {
      assertEquals(1, files.filter(Files::isRegularFile).count(), "no temporary files are left behind");
    }
  }

  @Test
  void aFillerKilledHalfWayLeavesNothingTrusted() throws Exception {
    Path source = source(2 << 20);
    Path root = dir.resolve("cache");
    Path fetchLog = dir.resolve("fetches.log");
    Process filler = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), CacheFiller.class.getName(),
        root.toString(), source.toString(), fetchLog.toString()).inheritIO().start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(fetchLog) && System.nanoTime() < deadline) {
      Thread.sleep(10); // the fetch has begun once the log exists; it then writes half and pauses
    }
    Thread.sleep(100);
    filler.destroyForcibly(); // SIGKILL, in the middle of the fetch
    filler.waitFor(30, TimeUnit.SECONDS);
    BlobCache cache = new BlobCache(root);
    Digest digest = Digest.of(source);
    assertTrue(cache.find(digest, Files.size(source)).isEmpty(), "the half-written blob is not in the cache");
    BlobCache.Entry entry = CacheFiller.fill(root, source, fetchLog);
    assertTrue(entry.fetched(), "the next build fetches it again");
    assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(entry.path()));
    try (Stream<Path> files = Files.walk(root.resolve("blobs"))) {
      assertEquals(List.of(entry.path()), files.filter(Files::isRegularFile).toList(),
          "the killed filler's temporary file is gone too");
    }
  }

  @Test
  void aFetchThatDeliversOtherBytesCachesNothing() throws Exception {
    Path source = source(1000);
    BlobCache cache = new BlobCache(dir.resolve("cache"));
    Digest digest = Digest.of(source);
    IOException e = assertThrows(IOException.class,
        () -> cache.fetchIfAbsent(digest, 1000, target -> Files.write(target, new byte[1000])));
    assertTrue(e.getMessage().contains("does not match " + digest), e.getMessage());
    assertFalse(Files.exists(cache.blobPath(digest)));
    try (Stream<Path> files = Files.walk(cache.root().resolve("blobs"))) {
      assertEquals(0, files.filter(Files::isRegularFile).count());
    }
  }

  @Test
  void aDamagedEntryIsDetectedRemovedAndFetchedAgain() throws Exception {
    Path source = source(5000);
    BlobCache cache = new BlobCache(dir.resolve("cache"));
    Digest digest = Digest.of(source);
    cache.fetchIfAbsent(digest, 5000, target -> Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING));
    byte[] damaged = Files.readAllBytes(cache.blobPath(digest));
    damaged[100] ^= 0x40;
    Files.write(cache.blobPath(digest), damaged);
    assertTrue(cache.find(digest, 5000).isEmpty(), "flipped bits are noticed before use");
    BlobCache.Entry again = cache.fetchIfAbsent(digest, 5000,
        target -> Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING));
    assertTrue(again.fetched());
    assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(again.path()));
  }

  @Test
  void tagsRememberTheirManifest() throws Exception {
    BlobCache cache = new BlobCache(dir.resolve("cache"));
    Digest digest = cache.write("{\"schemaVersion\":2}".getBytes());
    cache.setTag("fabricks.dev", "runtimes/python", "3.14", digest);
    assertEquals(digest, cache.tag("fabricks.dev", "runtimes/python", "3.14").orElseThrow());
    assertTrue(cache.tag("fabricks.dev", "runtimes/python", "3.12").isEmpty());
    assertEquals("{\"schemaVersion\":2}", new String(cache.read(digest).orElseThrow()));
  }
}
