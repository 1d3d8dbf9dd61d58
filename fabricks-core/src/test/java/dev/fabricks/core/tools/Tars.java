package dev.fabricks.core.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Writes minimal ustar archives for tests. */
final class Tars {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** A regular file (type '0'). */
  Tars file(String name, int mode, byte[] content) {
    return entry(name, mode, '0', content);
  }

  Tars folder(String name) {
    return entry(name, 0755, '5', new byte[0]);
  }

  /** A GNU long-name record ('L') that names the entry after it. */
  Tars longName(String name) {
    return entry("././@LongLink", 0644, 'L', (name + "\0").getBytes(StandardCharsets.UTF_8));
  }

  Tars entry(String name, int mode, char type, byte[] content) {
    byte[] header = new byte[512];
    put(header, 0, name.length() > 100 ? name.substring(0, 100) : name, 100);
    put(header, 100, String.format("%07o", mode), 8);
    put(header, 108, "0000000", 8);
    put(header, 116, "0000000", 8);
    put(header, 124, String.format("%011o", content.length), 12);
    put(header, 136, "00000000000", 12);
    header[156] = (byte) type;
    put(header, 257, "ustar", 6);
    put(header, 263, "00", 2);
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum), 7);
    out.writeBytes(header);
    out.writeBytes(content);
    out.writeBytes(new byte[(512 - content.length % 512) % 512]);
    return this;
  }

  /** The archive, ended by two zero blocks. */
  byte[] tar() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    copy.writeBytes(out.toByteArray());
    copy.writeBytes(new byte[1024]);
    return copy.toByteArray();
  }

  byte[] tarGz() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(gz)) {
      zip.write(tar());
    }
    return gz.toByteArray();
  }

  private static void put(byte[] header, int offset, String text, int length) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, Math.min(bytes.length, length));
  }
}
