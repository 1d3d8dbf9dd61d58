package dev.fabricks.core.build;

import dev.fabricks.core.cache.FileStamp;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.io.AtomicFiles;
import dev.fabricks.core.source.SourceException;
import dev.fabricks.core.source.SourceFile;
import dev.fabricks.core.source.SourceTree;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The content digest of every file of a source tree, reading only the files that changed. A record
 * in the build's work folder keeps each packed file's path, {@link FileStamp} (size, modification
 * time, file key) and digest; a file whose stamp is still the recorded one is trusted to hold the
 * recorded digest without being read, the way {@link dev.fabricks.core.cache.VerifiedFiles} trusts
 * the runtime cache's blobs. New and changed files are read and hashed, and the record is written
 * again (atomically). A record that is missing, unreadable, of another format or of another source
 * folder counts as empty: every file is read, so a bad record costs time, never a wrong digest. The
 * record is binary and ends with the CRC-32C of what comes before it, so a damaged one is known
 * for one and reading 4,000 entries takes milliseconds in a JVM that has just started.
 *
 * <p>The race this guards against: a file written again soon enough after it was stamped and hashed
 * can keep its modification time, because file systems keep times at some granularity (ext4, xfs
 * and btrfs store nanoseconds but take them from the kernel's clock tick, a few milliseconds; HFS+
 * and ext3 keep 1 s, FAT 2 s), and with the same size its whole stamp, although its bytes changed. So every record carries {@code since}, this clock's
 * time just before the files were stamped and hashed, and a file is trusted only when its recorded
 * modification time lies more than {@link #RACE_WINDOW} (3 s) before the {@code since} of the record
 * it comes from. Any write after {@code since} gives a file a modification time of at least {@code
 * since} less the granularity (2 s at most), which is later than every trusted time, so a trusted
 * stamp can not belong to bytes written after they were hashed. A file modified less than 3 s before
 * a build is read again on the next one, and trusted once a record written by a build that started
 * more than 3 s after its modification holds it. Entries carried into a new record
 * stay trusted: their times lie even further before its later {@code since}. This assumes that the
 * file system's clock does not lag this clock by more than the spare second (a network file system
 * whose server's clock lags more can defeat it, as it defeats make) and that the clock does not jump
 * back (a record whose {@code since} lies in the future is dropped).
 */
final class SourceDigests {
  /** The record's format; a record of another one is not read. */
  static final String FORMAT = "fabricks-source-digests-1";
  /** How long before a record's {@code since} a file must have been modified last to be trusted. */
  static final Duration RACE_WINDOW = Duration.ofSeconds(3);

  private static final int DIGEST_BYTES = 32;
  private static final int SEAL_BYTES = 4;

  /** Reads a file and returns its digest. */
  interface Hasher {
    Digest digest(Path file) throws IOException;
  }

  /** What {@link #compute} found. */
  static final class Result {
    private final Digest contents;
    private final byte[][] digests;
    private final int filesRead;
    private final long bytesRead;

    private final boolean sizesAsScanned;

    private Result(Digest contents, byte[][] digests, int filesRead, long bytesRead, boolean sizesAsScanned) {
      this.contents = contents;
      this.digests = digests;
      this.filesRead = filesRead;
      this.bytesRead = bytesRead;
      this.sizesAsScanned = sizesAsScanned;
    }

    /**
     * The digest of every file's path and content digest, in the order of the tree's files: with
     * the module's frame, it names the module's bytes.
     */
    Digest contents() {
      return contents;
    }

    /** Each file's content digest, in the order of the tree's files. */
    List<Digest> digests() {
      return Arrays.stream(digests).map(d -> new Digest(HexFormat.of().formatHex(d))).toList();
    }

    /** How many files were read; the others were trusted by their stamps. */
    int filesRead() {
      return filesRead;
    }

    /** How many bytes the files that were read hold. */
    long bytesRead() {
      return bytesRead;
    }

    /**
     * Whether every file still had the size the tree was scanned with; if not, a file changed
     * since the scan, and a layer written from the tree would not hold the digested bytes.
     */
    boolean sizesAsScanned() {
      return sizesAsScanned;
    }
  }

  private record Entry(FileStamp stamp, byte[] digest) {}

  /** The trusted entries of a record by path, and how many entries it held in all. */
  private record Known(Map<String, Entry> trusted, int size) {
    static final Known NONE = new Known(Map.of(), -1);
  }

  private final Path recordFile;
  private final Hasher hasher;
  private final Clock clock;

  SourceDigests(Path recordFile) {
    this(recordFile, Digest::of, Clock.systemUTC());
  }

  SourceDigests(Path recordFile, Hasher hasher, Clock clock) {
    this.recordFile = recordFile;
    this.hasher = hasher;
    this.clock = clock;
  }

  /** The digests of {@code tree}'s files, which lie under {@code root}; updates the record when it changed. */
  Result compute(Path root, SourceTree tree) throws IOException, SourceException {
    Instant since = clock.instant(); // taken before any file is stamped: see the class comment
    String rootText = root.toAbsolutePath().normalize().toString();
    Known known = read(rootText, since);
    List<SourceFile> files = tree.files();
    Entry[] entries = new Entry[files.size()];
    ByteArrayOutputStream contents = new ByteArrayOutputStream(files.size() * 96);
    contents.writeBytes(String.valueOf(files.size()).getBytes(StandardCharsets.UTF_8));
    int filesRead = 0;
    long bytesRead = 0;
    boolean sizesAsScanned = true;
    for (int i = 0; i < entries.length; i++) {
      SourceFile file = files.get(i);
      try {
        FileStamp stamp = FileStamp.read(file.file());
        sizesAsScanned &= stamp.size() == file.size();
        Entry entry = known.trusted().get(file.path());
        if (entry == null || !entry.stamp().equals(stamp)) {
          entry = new Entry(stamp, HexFormat.of().parseHex(hasher.digest(file.file()).hex()));
          filesRead++;
          bytesRead += stamp.size();
        }
        entries[i] = entry;
      } catch (IOException e) {
        throw new SourceException("cannot read " + file.file() + ": " + e.getMessage() + ". Make it readable, or add `"
            + file.path() + "` to [source] exclude", e);
      }
      contents.write(0);
      contents.writeBytes(file.path().getBytes(StandardCharsets.UTF_8));
      contents.write(0);
      contents.writeBytes(entries[i].digest());
    }
    if (filesRead > 0 || known.size() != files.size()) {
      write(rootText, since, files, entries);
    }
    byte[][] digests = Arrays.stream(entries).map(Entry::digest).toArray(byte[][]::new);
    return new Result(Digest.of(contents.toByteArray()), digests, filesRead, bytesRead, sizesAsScanned);
  }

  private Known read(String root, Instant now) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(recordFile);
    } catch (NoSuchFileException e) {
      return Known.NONE;
    } catch (IOException e) {
      return Known.NONE; // unreadable: read every file, and write a new record
    }
    int length = bytes.length - SEAL_BYTES;
    if (length < 0 || seal(bytes, length) != ByteBuffer.wrap(bytes, length, SEAL_BYTES).getInt()) {
      return Known.NONE; // cut short or damaged
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, length))) {
      if (!FORMAT.equals(in.readUTF()) || !root.equals(in.readUTF())) {
        return Known.NONE;
      }
      Instant since = Instant.ofEpochSecond(in.readLong(), in.readInt());
      if (since.isAfter(now)) {
        return Known.NONE; // the clock went back: times in the record can not be compared with new ones
      }
      Instant trustedBefore = since.minus(RACE_WINDOW);
      int count = in.readInt();
      Map<String, Entry> trusted = new HashMap<>();
      for (int i = 0; i < count; i++) {
        String path = in.readUTF();
        long size = in.readLong();
        Instant modified = Instant.ofEpochSecond(in.readLong(), in.readInt());
        FileStamp stamp = new FileStamp(size, modified, in.readUTF());
        byte[] digest = in.readNBytes(DIGEST_BYTES);
        if (modified.isBefore(trustedBefore)) {
          trusted.put(path, new Entry(stamp, digest));
        }
      }
      if (in.read() != -1) {
        return Known.NONE;
      }
      return new Known(trusted, count);
    } catch (IOException | RuntimeException e) {
      return Known.NONE; // a well-sealed record of another layout
    }
  }

  private void write(String root, Instant since, List<SourceFile> files, Entry[] entries) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + files.size() * 128);
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.writeUTF(FORMAT);
      out.writeUTF(root);
      out.writeLong(since.getEpochSecond());
      out.writeInt(since.getNano());
      out.writeInt(files.size());
      for (int i = 0; i < entries.length; i++) {
        FileStamp stamp = entries[i].stamp();
        out.writeUTF(files.get(i).path());
        out.writeLong(stamp.size());
        out.writeLong(stamp.modified().getEpochSecond());
        out.writeInt(stamp.modified().getNano());
        out.writeUTF(stamp.fileKey());
        out.write(entries[i].digest());
      }
    }
    byte[] body = buffer.toByteArray();
    byte[] seal = ByteBuffer.allocate(SEAL_BYTES).putInt(seal(body, body.length)).array();
    AtomicFiles.write(recordFile, out -> {
      out.write(body);
      out.write(seal);
    });
  }

  /** The CRC-32C of the first {@code length} bytes: it finds damage, not forgery (nobody forges a cache). */
  private static int seal(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }
}
