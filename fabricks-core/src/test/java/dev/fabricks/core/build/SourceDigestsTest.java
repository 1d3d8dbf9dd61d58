package dev.fabricks.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.config.SourceSpec;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.source.SourceFile;
import dev.fabricks.core.source.SourceTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files the digests of a source tree are read from, counted by the hasher that reads them. */
class SourceDigestsTest {
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final Instant LONG_AGO = NOW.minusSeconds(3600);

  @TempDir Path dir;
  Path root;
  Path record;
  final List<Path> reads = new ArrayList<>();
  Instant now = NOW;

  @BeforeEach
  void files() throws Exception {
    root = Files.createDirectories(dir.resolve("app"));
    record = dir.resolve("work/source-digests.bin");
    write("main.js", "console.log(1);\n", LONG_AGO);
    write("lib/a.js", "module.exports = 'a';\n", LONG_AGO);
    write("data/text.txt", "some text", LONG_AGO);
  }

  private void write(String path, String content, Instant modified) throws Exception {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, FileTime.from(modified));
  }

  /** Writes new bytes of the same length into the same file (same inode) and puts its old time back. */
  private void replaceKeepingStamp(String path, String content) throws Exception {
    Path file = root.resolve(path);
    FileTime modified = Files.getLastModifiedTime(file);
    assertEquals(Files.size(file), content.length());
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, modified);
  }

  private SourceDigests digests() {
    return new SourceDigests(record, file -> {
      reads.add(file);
      return Digest.of(file);
    }, Clock.fixed(now, ZoneOffset.UTC));
  }

  private SourceTree tree() throws Exception {
    return SourceTree.scan(new SourceSpec(root, "main.js", List.of("**"), List.of(), true));
  }

  private SourceDigests.Result compute() throws Exception {
    reads.clear();
    return digests().compute(root, tree());
  }

  private static List<Digest> read(SourceTree tree) throws Exception {
    List<Digest> result = new ArrayList<>();
    for (SourceFile file : tree.files()) {
      result.add(Digest.of(file.file()));
    }
    return result;
  }

  @Test
  void aSecondRunReadsNoFileAndGivesTheSameDigests() throws Exception {
    SourceDigests.Result first = compute();
    assertEquals(3, first.filesRead());
    assertEquals(3, reads.size());
    assertEquals(read(tree()), first.digests());
    assertTrue(Files.isRegularFile(record));
    FileTime written = Files.getLastModifiedTime(record);

    now = NOW.plusSeconds(60);
    SourceDigests.Result second = compute();
    assertEquals(List.of(), reads, "unchanged old files are trusted by their stamps");
    assertEquals(0, second.filesRead());
    assertEquals(0, second.bytesRead());
    assertEquals(first.digests(), second.digests());
    assertEquals(first.contents(), second.contents());
    assertEquals(written, Files.getLastModifiedTime(record), "an unchanged record is not written again");
  }

  @Test
  void anOldStampIsTrustedEvenOverNewBytesButAStampInsideTheRaceWindowIsNot() throws Exception {
    write("data/text.txt", "some text", NOW.minus(SourceDigests.RACE_WINDOW).minusMillis(1));
    Digest old = compute().digests().get(0);
    replaceKeepingStamp("data/text.txt", "SOME TEXT");
    SourceDigests.Result trusted = compute();
    assertEquals(List.of(), reads, "just outside the window the record is trusted without reading the file");
    assertEquals(old, trusted.digests().get(0), "so new bytes under an old stamp are not seen (as in git and make)");

    write("data/text.txt", "some text", NOW.minus(SourceDigests.RACE_WINDOW));
    compute();
    replaceKeepingStamp("data/text.txt", "SOME TEXT");
    SourceDigests.Result result = compute();
    assertEquals(List.of(root.resolve("data/text.txt")), reads, "inside the window the file is read on every build");
    assertEquals(Digest.of(root.resolve("data/text.txt")), result.digests().get(0));
    assertNotEquals(old, result.digests().get(0));
  }

  @Test
  void aSameSizeChangeRightAfterARecordWithTheOldTimePutBackIsSeen() throws Exception {
    write("data/text.txt", "some text", NOW.minusMillis(5)); // written a moment before the build
    SourceDigests.Result before = compute();
    replaceKeepingStamp("data/text.txt", "SOME TEXT");
    now = NOW.plusSeconds(1);
    SourceDigests.Result after = compute();
    assertEquals(List.of(root.resolve("data/text.txt")), reads);
    assertNotEquals(before.digests().get(0), after.digests().get(0));
    assertEquals(Digest.of(root.resolve("data/text.txt")), after.digests().get(0));
  }

  @Test
  void aRecentFileIsTrustedFromTheFirstRunThatStartsOutsideItsWindow() throws Exception {
    write("lib/a.js", "module.exports = 'b';\n", NOW.minusSeconds(1));
    compute();
    assertEquals(List.of(root.resolve("lib/a.js")), listOf(compute()), "still inside the window");
    now = NOW.plus(SourceDigests.RACE_WINDOW);
    assertEquals(List.of(root.resolve("lib/a.js")), listOf(compute()), "the record's since was inside the window");
    now = now.plusSeconds(1);
    assertEquals(List.of(), listOf(compute()), "trusted once a record taken after the window says so");
  }

  private List<Path> listOf(SourceDigests.Result result) {
    assertEquals(reads.size(), result.filesRead());
    return List.copyOf(reads);
  }

  @Test
  void changedAddedAndRenamedFilesAreReadAndARemovedOneLeavesTheRecord() throws Exception {
    Digest before = compute().contents();
    write("lib/a.js", "module.exports = 'changed';\n", NOW.minusSeconds(100));
    write("lib/new.js", "1;\n", LONG_AGO);
    Files.move(root.resolve("data/text.txt"), root.resolve("data/renamed.txt")); // same inode, size and time
    SourceDigests.Result result = compute();
    assertEquals(List.of(root.resolve("data/renamed.txt"), root.resolve("lib/a.js"), root.resolve("lib/new.js")),
        reads.stream().sorted().toList());
    assertEquals(read(tree()), result.digests());
    assertNotEquals(before, result.contents());

    Files.delete(root.resolve("lib/new.js"));
    compute();
    assertEquals(List.of(), reads);
    String text = new String(Files.readAllBytes(record), StandardCharsets.ISO_8859_1);
    assertTrue(!text.contains("lib/new.js") && text.contains("lib/a.js"), "the record holds the current files only");
  }

  @Test
  void aDamagedRecordMeansReadingEveryFile() throws Exception {
    compute();
    byte[] good = Files.readAllBytes(record);
    byte[] body = Arrays.copyOf(good, good.length - 4);
    List<byte[]> damaged = new ArrayList<>(List.of(new byte[0], "not a record".getBytes(StandardCharsets.UTF_8),
        Arrays.copyOf(good, good.length / 2), Arrays.copyOf(good, good.length - 1), Arrays.copyOf(good, good.length + 1),
        sealed(Arrays.copyOf(body, body.length / 2)), sealed(Arrays.copyOf(body, body.length + 1))));
    for (int at : new int[] {0, 3, good.length / 3, good.length / 2, good.length - 40, good.length - 3, good.length - 1}) {
      byte[] flipped = good.clone();
      flipped[at] ^= 0x10;
      damaged.add(flipped);
    }
    for (int i = 0; i < damaged.size(); i++) {
      Files.write(record, damaged.get(i));
      // new bytes under the old stamp: trusting the record would give the old digest
      replaceKeepingStamp("data/text.txt", i % 2 == 0 ? "SOME TEXT" : "some text");
      SourceDigests.Result result = compute();
      assertEquals(3, result.filesRead(), "record " + i);
      assertEquals(read(tree()), result.digests(), "record " + i);
      assertEquals(0, compute().filesRead(), "the record is written anew: " + i);
    }
  }

  /** {@code body} with the seal a record ends with: its CRC-32C. */
  private static byte[] sealed(byte[] body) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(body);
    return java.nio.ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
  }

  @Test
  void aRecordOfAnotherSourceFolderIsNotTrusted() throws Exception {
    compute();
    Path copy = dir.resolve("copy");
    Files.move(root, copy); // the same files, inodes and times under another path
    root = copy;
    assertEquals(3, compute().filesRead());
  }

  @Test
  void aFileThatChangedItsSizeSinceTheScanIsReported() throws Exception {
    SourceTree tree = tree();
    assertTrue(digests().compute(root, tree).sizesAsScanned());
    write("lib/a.js", "module.exports = 'a longer one';\n", LONG_AGO); // a save under way
    SourceDigests.Result result = digests().compute(root, tree);
    assertFalse(result.sizesAsScanned());
    assertEquals(Digest.of(root.resolve("lib/a.js")), result.digests().get(1), "the digest is of the bytes on disk");
    assertTrue(digests().compute(root, tree()).sizesAsScanned());
  }

  @Test
  void aRecordFromTheFutureIsNotTrusted() throws Exception {
    now = NOW.plusSeconds(3600);
    compute();
    now = NOW;
    assertEquals(3, compute().filesRead(), "the clock went back");
  }

  @Test
  void withTheRealClockAFileWrittenJustBeforeTheRecordIsNeverTrusted() throws Exception {
    Path file = root.resolve("data/text.txt");
    Files.writeString(file, "some text");
    SourceDigests real = new SourceDigests(record);
    Digest before = real.compute(root, tree()).digests().get(0);
    replaceKeepingStamp("data/text.txt", "SOME TEXT");
    SourceDigests.Result after = real.compute(root, tree());
    assertEquals(1, after.filesRead());
    assertNotEquals(before, after.digests().get(0));
    assertEquals(Digest.of(file), after.digests().get(0));
  }
}
