package dev.fabricks.core.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarReaderTest {
  @TempDir Path dir;

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void extractsTheFirstRegularFileWithTheBaseName() throws IOException {
    byte[] big = new byte[70_000];
    Arrays.fill(big, (byte) 'b');
    byte[] tar = new Tars()
        .folder("wasm-tools-1.263.0-x86_64-linux/")
        .file("wasm-tools-1.263.0-x86_64-linux/README.md", 0644, bytes("readme, 21 bytes long"))
        .file("wasm-tools-1.263.0-x86_64-linux/wasm-tools-not", 0755, bytes("no"))
        .file("wasm-tools-1.263.0-x86_64-linux/big", 0644, big)
        .file("wasm-tools-1.263.0-x86_64-linux/wasm-tools", 0755, bytes("the one"))
        .file("other/wasm-tools", 0755, bytes("the second"))
        .tar();
    Path target = dir.resolve("out");
    assertTrue(TarReader.extract(new ByteArrayInputStream(tar), "wasm-tools", target));
    assertArrayEquals(bytes("the one"), Files.readAllBytes(target));
    Path bigOut = dir.resolve("big");
    assertTrue(TarReader.extract(new ByteArrayInputStream(tar), "big", bigOut));
    assertArrayEquals(big, Files.readAllBytes(bigOut));
  }

  @Test
  void readsGnuLongNames() throws IOException {
    String longFolder = "x".repeat(120) + "/";
    byte[] tar = new Tars()
        .longName(longFolder + "wasm-tools")
        .file(longFolder.substring(0, 90) + "-cut", 0755, bytes("long"))
        .tar();
    Path target = dir.resolve("out");
    assertTrue(TarReader.extract(new ByteArrayInputStream(tar), "wasm-tools", target));
    assertArrayEquals(bytes("long"), Files.readAllBytes(target));
  }

  @Test
  void aFolderWithTheNameIsNotTheFile() throws IOException {
    byte[] tar = new Tars().folder("wasm-tools").entry("wasm-tools", 0755, '2', new byte[0]).tar();
    assertFalse(TarReader.extract(new ByteArrayInputStream(tar), "wasm-tools", dir.resolve("out")));
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void missingFileAndEmptyStreamAnswerFalse() throws IOException {
    byte[] tar = new Tars().file("a/readme", 0644, bytes("r")).tar();
    assertFalse(TarReader.extract(new ByteArrayInputStream(tar), "wasm-tools", dir.resolve("out")));
    assertFalse(TarReader.extract(new ByteArrayInputStream(new byte[0]), "wasm-tools", dir.resolve("out")));
  }

  @Test
  void truncatedArchiveIsAnError() {
    byte[] tar = new Tars().file("wasm-tools", 0755, new byte[2000]).tar();
    byte[] cut = Arrays.copyOf(tar, 512 + 1000);
    IOException e = assertThrows(IOException.class,
        () -> TarReader.extract(new ByteArrayInputStream(cut), "wasm-tools", dir.resolve("out")));
    assertTrue(e.getMessage().contains("the archive ends inside a file"), e.getMessage());
  }
}
