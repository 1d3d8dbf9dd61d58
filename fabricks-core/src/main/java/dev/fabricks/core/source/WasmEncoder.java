package dev.fabricks.core.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The few pieces of the WebAssembly binary encoding that {@link SourceLayerModule} needs. */
final class WasmEncoder extends ByteArrayOutputStream {

  WasmEncoder u32(long value) {
    writeUnsignedLeb(this, value);
    return this;
  }

  WasmEncoder s32(int value) {
    long v = value;
    while (true) {
      int b = (int) (v & 0x7f);
      v >>= 7;
      boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
      write(done ? b : b | 0x80);
      if (done) {
        return this;
      }
    }
  }

  WasmEncoder op(int... opcodes) {
    for (int opcode : opcodes) {
      write(opcode);
    }
    return this;
  }

  WasmEncoder i32Const(int value) {
    write(0x41);
    return s32(value);
  }

  WasmEncoder name(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    u32(bytes.length);
    writeBytes(bytes);
    return this;
  }

  WasmEncoder bytes(byte[] bytes) {
    writeBytes(bytes);
    return this;
  }

  /** Writes this buffer as a section with the given id. */
  void writeSection(OutputStream out, int id) throws IOException {
    out.write(id);
    writeUnsignedLeb(out, size());
    writeTo(out);
  }

  static void writeUnsignedLeb(OutputStream out, long value) {
    try {
      long v = value;
      do {
        int b = (int) (v & 0x7f);
        v >>>= 7;
        out.write(v != 0 ? b | 0x80 : b);
      } while (v != 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static int unsignedLebSize(long value) {
    int n = 1;
    for (long v = value >>> 7; v != 0; v >>>= 7) {
      n++;
    }
    return n;
  }
}
