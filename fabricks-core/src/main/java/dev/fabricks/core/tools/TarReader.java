package dev.fabricks.core.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads just enough of the tar format (ustar, GNU long names) to take one file out of a release archive. */
final class TarReader {
  private static final int BLOCK = 512;

  private TarReader() {}

  /** Copies the first regular file whose base name is {@code name} to {@code target}. */
  static boolean extract(InputStream in, String name, Path target) throws IOException {
    byte[] header = new byte[BLOCK];
    String longName = null;
    while (readFully(in, header)) {
      if (isZero(header)) {
        return false;
      }
      String entry = longName != null ? longName : text(header, 345, 155).isEmpty()
          ? text(header, 0, 100) : text(header, 345, 155) + "/" + text(header, 0, 100);
      longName = null;
      long size = Long.parseLong(text(header, 124, 12).isEmpty() ? "0" : text(header, 124, 12), 8);
      char type = (char) header[156];
      long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
      if (type == 'L') {
        byte[] nameBytes = in.readNBytes((int) padded);
        longName = new String(nameBytes, 0, (int) size, StandardCharsets.UTF_8).replace("\0", "");
        continue;
      }
      String base = entry.substring(entry.lastIndexOf('/') + 1);
      if ((type == '0' || type == 0) && base.equals(name)) {
        try (OutputStream out = Files.newOutputStream(target)) {
          copy(in, out, size);
        }
        return true;
      }
      in.skipNBytes(padded);
    }
    return false;
  }

  private static void copy(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long left = size;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("the archive ends inside a file");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static boolean readFully(InputStream in, byte[] block) throws IOException {
    int n = in.readNBytes(block, 0, block.length);
    return n == block.length;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII).trim();
  }
}
