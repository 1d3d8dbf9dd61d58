package dev.fabricks.core.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * Writes the core WebAssembly module of a source layer: the files of a {@link SourceTree} as one
 * data segment, and the functions of the {@code fabricks:app/source} interface in the canonical ABI.
 * The output depends only on the paths and bytes of the files, so it is reproducible, and it is
 * streamed: memory use does not grow with the size of the files.
 *
 * <p>Linear memory, from address 16:
 * <pre>
 *   16  entrypoint() result: ptr, len           24  paths() result: ptr, count
 *   32  files() result: ptr, count              40  read() result: tag, ptr, len
 *   64  files table: N x (name ptr, name len, data ptr, data len), sorted by name
 *       paths table: N x (name ptr, name len)
 *       entrypoint bytes, all names, all file contents
 *       heap for cabi_realloc (read's argument), reset after every read
 * </pre>
 */
public final class SourceLayerModule {
  /** The interface every source layer exports and every runtime imports. */
  public static final String INTERFACE = "fabricks:app/source@0.1.0";

  private static final int RET_ENTRY = 16;
  private static final int RET_PATHS = 24;
  private static final int RET_FILES = 32;
  private static final int RET_READ = 40;
  private static final int TABLE = 64;
  private static final long MAX_MEMORY = 3L << 30;

  private static final int I32 = 0x7f;
  private static final int END = 0x0b;

  private SourceLayerModule() {}

  /** Writes the module for {@code tree} to {@code out}. */
  public static void write(SourceTree tree, OutputStream out) throws IOException, SourceException {
    writeFrame(tree, out);
    writeContents(tree, out);
  }

  /**
   * Writes all of the module but the file contents, which follow it byte for byte in the order of
   * {@link SourceTree#files()}: everything that depends on the entrypoint, the paths, the sizes and
   * this writer's code, without reading a file. This frame and the contents' digests name the
   * module exactly.
   */
  public static void writeFrame(SourceTree tree, OutputStream out) throws IOException, SourceException {
    List<SourceFile> files = tree.files();
    int count = files.size();
    byte[][] names = new byte[count][];
    long namesSize = 0;
    long contentSize = 0;
    for (int i = 0; i < count; i++) {
      names[i] = files.get(i).path().getBytes(StandardCharsets.UTF_8);
      namesSize += names[i].length;
      contentSize += files.get(i).size();
    }
    byte[] entry = tree.entrypoint().getBytes(StandardCharsets.UTF_8);
    long pathsTable = TABLE + 16L * count;
    long entryAt = pathsTable + 8L * count;
    long namesAt = entryAt + entry.length;
    long contentAt = namesAt + namesSize;
    long end = contentAt + contentSize;
    if (end > MAX_MEMORY) {
      throw new SourceException("the source files add up to " + contentSize + " bytes; a source layer holds at most "
          + (MAX_MEMORY >> 20) + " MiB. Exclude large files in [source] exclude");
    }
    int heapBase = (int) ((end + 7) & ~7L);
    long pages = (heapBase + 65535L) / 65536 + 1;

    // Everything in front of the file contents, laid out as described above.
    ByteBuffer head = ByteBuffer.allocate((int) (contentAt - RET_ENTRY)).order(ByteOrder.LITTLE_ENDIAN);
    head.putInt((int) entryAt).putInt(entry.length);
    head.putInt((int) pathsTable).putInt(count);
    head.putInt(TABLE).putInt(count);
    head.position(TABLE - RET_ENTRY);
    long name = namesAt;
    long data = contentAt;
    for (int i = 0; i < count; i++) {
      head.putInt((int) name).putInt(names[i].length).putInt((int) data).putInt((int) files.get(i).size());
      name += names[i].length;
      data += files.get(i).size();
    }
    name = namesAt;
    for (int i = 0; i < count; i++) {
      head.putInt((int) name).putInt(names[i].length);
      name += names[i].length;
    }
    head.put(entry);
    for (byte[] n : names) {
      head.put(n);
    }

    out.write(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
    typeSection().writeSection(out, 1);
    new WasmEncoder().u32(6).u32(0).u32(0).u32(0).u32(1).u32(2).u32(2).writeSection(out, 3);
    new WasmEncoder().u32(1).op(0x00).u32(pages).writeSection(out, 5);
    new WasmEncoder().u32(1).op(I32, 0x01).i32Const(heapBase).op(END).writeSection(out, 6);
    exportSection().writeSection(out, 7);
    codeSection(count, heapBase).writeSection(out, 10);

    long payload = contentAt - RET_ENTRY;
    WasmEncoder segmentHead = new WasmEncoder().u32(1).op(0x00).i32Const(RET_ENTRY).op(END).u32(payload + contentSize);
    out.write(11);
    WasmEncoder.writeUnsignedLeb(out, segmentHead.size() + payload + contentSize);
    segmentHead.writeTo(out);
    out.write(head.array());
  }

  private static void writeContents(SourceTree tree, OutputStream out) throws SourceException {
    byte[] buffer = new byte[1 << 16];
    for (SourceFile file : tree.files()) {
      long copied = 0;
      try (InputStream in = Files.newInputStream(file.file())) {
        for (int n; copied < file.size() && (n = in.read(buffer, 0, (int) Math.min(buffer.length, file.size() - copied))) > 0; ) {
          out.write(buffer, 0, n);
          copied += n;
        }
        if (copied != file.size() || in.read() != -1) {
          throw new SourceException(file.file() + " changed while the source layer was being written. Build again");
        }
      } catch (IOException e) {
        throw new SourceException("cannot read " + file.file() + ": " + e.getMessage(), e);
      }
    }
  }

  private static WasmEncoder typeSection() {
    return new WasmEncoder().u32(3)
        .op(0x60).u32(0).u32(1).op(I32)
        .op(0x60).u32(2).op(I32, I32).u32(1).op(I32)
        .op(0x60).u32(4).op(I32, I32, I32, I32).u32(1).op(I32);
  }

  private static WasmEncoder exportSection() {
    WasmEncoder e = new WasmEncoder().u32(6);
    e.name("memory").op(0x02).u32(0);
    e.name(INTERFACE + "#entrypoint").op(0x00).u32(0);
    e.name(INTERFACE + "#paths").op(0x00).u32(1);
    e.name(INTERFACE + "#files").op(0x00).u32(2);
    e.name(INTERFACE + "#read").op(0x00).u32(3);
    e.name("cabi_realloc").op(0x00).u32(4);
    return e;
  }

  private static WasmEncoder codeSection(int count, int heapBase) {
    WasmEncoder code = new WasmEncoder().u32(6);
    for (int area : new int[] {RET_ENTRY, RET_PATHS, RET_FILES}) {
      body(code, new WasmEncoder().u32(0).i32Const(area).op(END));
    }
    body(code, read(count, heapBase));
    body(code, realloc());
    body(code, compare());
    return code;
  }

  private static void body(WasmEncoder code, WasmEncoder body) {
    code.u32(body.size()).bytes(body.toByteArray());
  }

  // Locals: 0 ptr, 1 len (the path asked for); 2 lo, 3 hi, 4 mid, 5 entry, 6 order.
  private static WasmEncoder read(int count, int heapBase) {
    WasmEncoder f = new WasmEncoder().u32(1).u32(5).op(I32);
    f.i32Const(0).op(0x21, 2).i32Const(count).op(0x21, 3);
    f.op(0x02, 0x40).op(0x03, 0x40); // block $missing, loop $search
    f.op(0x20, 2, 0x20, 3, 0x4f, 0x0d, 1); // lo >= hi: missing
    f.op(0x20, 2, 0x20, 3, 0x6a).i32Const(1).op(0x76, 0x21, 4); // mid = (lo + hi) >>> 1
    f.op(0x20, 4).i32Const(16).op(0x6c).i32Const(TABLE).op(0x6a, 0x21, 5); // entry = TABLE + 16 * mid
    f.op(0x20, 5, 0x28, 2, 0, 0x20, 5, 0x28, 2, 4, 0x20, 0, 0x20, 1, 0x10, 5, 0x22, 6); // order = compare(name, path)
    f.op(0x45, 0x04, 0x40); // if order == 0: found
    f.i32Const(RET_READ).i32Const(1).op(0x3a, 0, 0);
    f.i32Const(RET_READ).op(0x20, 5, 0x28, 2, 8, 0x36, 2, 4);
    f.i32Const(RET_READ).op(0x20, 5, 0x28, 2, 12, 0x36, 2, 8);
    f.i32Const(heapBase).op(0x24, 0);
    f.i32Const(RET_READ).op(0x0f, END);
    f.op(0x20, 6).i32Const(0).op(0x48, 0x04, 0x40); // if order < 0: lo = mid + 1 else hi = mid
    f.op(0x20, 4).i32Const(1).op(0x6a, 0x21, 2);
    f.op(0x05, 0x20, 4, 0x21, 3, END);
    f.op(0x0c, 0, END, END); // br $search; end loop; end block
    f.i32Const(RET_READ).i32Const(0).op(0x3a, 0, 0);
    f.i32Const(heapBase).op(0x24, 0);
    f.i32Const(RET_READ).op(END);
    return f;
  }

  // cabi_realloc(old_ptr 0, old_size 1, align 2, new_size 3); locals 4 ptr, 5 end. A bump allocator.
  private static WasmEncoder realloc() {
    WasmEncoder f = new WasmEncoder().u32(1).u32(2).op(I32);
    f.op(0x23, 0, 0x20, 2, 0x6a).i32Const(1).op(0x6b).i32Const(0).op(0x20, 2, 0x6b, 0x71, 0x21, 4);
    f.op(0x20, 4, 0x20, 3, 0x6a, 0x22, 5, 0x20, 4, 0x49, 0x04, 0x40, 0x00, END); // overflow: trap
    f.op(0x20, 5, 0x3f, 0).i32Const(16).op(0x74, 0x4b, 0x04, 0x40); // end > memory bytes: grow
    f.op(0x20, 5).i32Const(65535).op(0x6a).i32Const(16).op(0x76, 0x3f, 0, 0x6b, 0x40, 0);
    f.i32Const(-1).op(0x46, 0x04, 0x40, 0x00, END, END);
    f.op(0x20, 5, 0x24, 0);
    f.op(0x20, 0, 0x04, 0x40); // copy the old bytes when moving an allocation
    f.op(0x20, 4, 0x20, 0, 0x20, 1, 0x20, 3, 0x20, 1, 0x20, 3, 0x49, 0x1b, 0xfc, 10, 0, 0, END);
    f.op(0x20, 4, END);
    return f;
  }

  // compare(a_ptr 0, a_len 1, b_ptr 2, b_len 3): -1, 0 or 1 by unsigned bytes; locals 4 i, 5 n, 6 x, 7 y.
  private static WasmEncoder compare() {
    WasmEncoder f = new WasmEncoder().u32(1).u32(4).op(I32);
    f.op(0x20, 1, 0x20, 3, 0x20, 1, 0x20, 3, 0x49, 0x1b, 0x21, 5); // n = min(a_len, b_len)
    f.op(0x02, 0x40, 0x03, 0x40);
    f.op(0x20, 4, 0x20, 5, 0x4f, 0x0d, 1);
    f.op(0x20, 0, 0x20, 4, 0x6a, 0x2d, 0, 0, 0x21, 6);
    f.op(0x20, 2, 0x20, 4, 0x6a, 0x2d, 0, 0, 0x21, 7);
    f.op(0x20, 6, 0x20, 7, 0x47, 0x04, 0x40);
    f.i32Const(-1).i32Const(1).op(0x20, 6, 0x20, 7, 0x49, 0x1b, 0x0f, END);
    f.op(0x20, 4).i32Const(1).op(0x6a, 0x21, 4, 0x0c, 0, END, END);
    f.op(0x20, 1, 0x20, 3, 0x4b, 0x20, 1, 0x20, 3, 0x49, 0x6b, END);
    return f;
  }
}
