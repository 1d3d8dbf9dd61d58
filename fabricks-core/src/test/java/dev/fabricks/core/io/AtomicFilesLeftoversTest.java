package dev.fabricks.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesLeftoversTest {
  @TempDir Path dir;

  @Test
  void removesTheTemporaryFilesOfAKilledWriterButNothingElse() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path cache = Files.createDirectories(out.resolve("cache/verified"));
    Path index = AtomicFiles.newTempFile(out.resolve("oci/index.json"));
    Path blob = AtomicFiles.newTempFile(out.resolve("oci/blobs/sha256/incoming"));
    Path shared = AtomicFiles.newTempFile(cache.resolve("abc"));
    Files.writeString(out.resolve("notes.tmp"), "a user's file");
    Files.writeString(out.resolve(".draft.tmp"), "no number: not ours");
    Files.writeString(out.resolve("oci/index.json"), "{}");

    AtomicFiles.removeLeftoversUnder(out, out.resolve("cache"));

    try (Stream<Path> files = Files.walk(out)) {
      List<String> left = files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString()).sorted().toList();
      assertEquals(List.of(".draft.tmp", "cache/verified/" + shared.getFileName(), "notes.tmp", "oci/index.json"), left);
    }
    assertFalse(Files.exists(index));
    assertFalse(Files.exists(blob));
  }

  @Test
  void aMissingFolderIsNothingToClean() throws Exception {
    AtomicFiles.removeLeftoversUnder(dir.resolve("absent"), null);
  }
}
