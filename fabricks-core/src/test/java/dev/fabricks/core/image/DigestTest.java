package dev.fabricks.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestTest {
  /** sha256 of "abc" (FIPS 180-2 test vector). */
  static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void hashesBytesAndFilesAlike(@TempDir Path dir) throws Exception {
    byte[] bytes = "abc".getBytes(StandardCharsets.US_ASCII);
    assertEquals("sha256:" + ABC, Digest.of(bytes).toString());
    assertEquals(Digest.of(bytes), Digest.of(Files.write(dir.resolve("f"), bytes)));
    byte[] big = new byte[(1 << 16) * 3 + 7];
    big[100_000] = 1;
    assertEquals(Digest.of(big), Digest.of(Files.write(dir.resolve("big"), big)), "across read buffers");
  }

  @Test
  void parsesOnlyLowercaseSha256() {
    assertEquals(new Digest(ABC), Digest.parse("sha256:" + ABC));
    assertNull(Digest.parseOrNull(null));
    assertNull(Digest.parseOrNull(ABC));
    assertNull(Digest.parseOrNull("sha256:" + ABC.toUpperCase()));
    assertNull(Digest.parseOrNull("sha512:" + ABC));
    assertNull(Digest.parseOrNull("sha256:" + ABC + "0"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:xyz"));
    assertTrue(e.getMessage().contains("'sha256:xyz'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Digest("abc"));
  }

  @Test
  void shortFormAndOrder() {
    Digest digest = new Digest(ABC);
    assertEquals("sha256:ba7816bf8f01", digest.shortForm());
    assertTrue(new Digest("0".repeat(64)).compareTo(digest) < 0);
    assertEquals(0, digest.compareTo(Digest.parse(digest.toString())));
  }
}
