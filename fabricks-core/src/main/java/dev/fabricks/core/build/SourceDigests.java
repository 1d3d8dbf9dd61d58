package dev.fabricks.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricks.core.cache.FileStamp;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.io.AtomicFiles;
import dev.fabricks.core.oci.CanonicalJson;
import dev.fabricks.core.source.SourceException;
import dev.fabricks.core.source.SourceFile;
import dev.fabricks.core.source.SourceTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The content digest of every file of a source tree, reading only the files that changed. A record
 * in the build's work folder keeps each packed file's path, {@link FileStamp} (size, modification
 * time, file key) and digest; a file whose stamp is still the recorded one is trusted to hold the
 * recorded digest without being read, the way {@link dev.fabricks.core.cache.VerifiedFiles} trusts
 * the runtime cache's blobs. New and changed files are read and hashed, and the record is written
 * again (atomically). A record that is missing, unreadable, of another format or of another source
 * folder counts as empty: every file is read, so a bad record costs time, never a wrong digest.
 *
 * <p>The race this guards against: a file written again soon enough after it was stamped and hashed
 * can keep its modification time, because file systems keep times at some granularity (from a
 * nanosecond on ext4, xfs and btrfs to 1 s on HFS+ and ext3 and 2 s on FAT), and with the same size
 * its whole stamp, although its bytes changed. So every record carries {@code since}, this clock's
 * time just before the files were stamped and hashed, and a file is trusted only when its recorded
 * modification time lies more than {@link #RACE_WINDOW} (3 s) before the {@code since} of the record
 * it comes from. Any write after {@code since} gives a file a modification time of at least {@code
 * since} less the granularity (2 s at most), which is later than every trusted time, so a trusted
 * stamp can not belong to bytes written after they were hashed. A file modified less than 3 s before
 * a build is read on that build and trusted from the next one on. Entries carried into a new record
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

  /** Reads a file and returns its digest. */
  interface Hasher {
    Digest digest(Path file) throws IOException;
  }

  /**
   * @param digests the content digests, in the order of the tree's files
   * @param filesRead how many files were read to get them; the others were trusted by their stamps
   * @param bytesRead how many bytes those files hold
   */
  record Result(List<Digest> digests, int filesRead, long bytesRead) {}

  private record Entry(FileStamp stamp, Digest digest) {}

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
    List<Digest> digests = new ArrayList<>(files.size());
    List<Entry> entries = new ArrayList<>(files.size());
    int filesRead = 0;
    long bytesRead = 0;
    for (SourceFile file : files) {
      FileStamp stamp;
      Digest digest;
      try {
        stamp = FileStamp.read(file.file());
        Entry entry = known.trusted().get(file.path());
        if (entry != null && entry.stamp().equals(stamp)) {
          digest = entry.digest();
        } else {
          digest = hasher.digest(file.file());
          filesRead++;
          bytesRead += stamp.size();
        }
      } catch (IOException e) {
        throw new SourceException("cannot read " + file.file() + ": " + e.getMessage() + ". Make it readable, or add `"
            + file.path() + "` to [source] exclude", e);
      }
      digests.add(digest);
      entries.add(new Entry(stamp, digest));
    }
    if (filesRead > 0 || known.size() != files.size()) {
      write(rootText, since, files, entries);
    }
    return new Result(List.copyOf(digests), filesRead, bytesRead);
  }

  private Known read(String root, Instant now) {
    JsonNode node;
    try {
      node = CanonicalJson.parse(Files.readAllBytes(recordFile));
    } catch (NoSuchFileException e) {
      return Known.NONE;
    } catch (IOException | RuntimeException e) {
      return Known.NONE; // unreadable or not JSON: read every file, and write a new record
    }
    try {
      if (!FORMAT.equals(node.path("format").asText()) || !root.equals(node.path("root").asText())) {
        return Known.NONE;
      }
      Instant since = Instant.parse(node.get("since").asText());
      if (since.isAfter(now)) {
        return Known.NONE; // the clock went back: times in the record can not be compared with new ones
      }
      Instant trustedBefore = since.minus(RACE_WINDOW);
      JsonNode array = node.get("files");
      if (array == null || !array.isArray()) {
        return Known.NONE;
      }
      Map<String, Entry> trusted = new HashMap<>();
      for (JsonNode item : array) {
        if (!item.isArray() || item.size() != 5 || !item.get(0).isTextual() || !item.get(1).canConvertToLong()) {
          return Known.NONE;
        }
        FileStamp stamp = new FileStamp(item.get(1).asLong(), Instant.parse(item.get(2).asText()), item.get(3).asText());
        Digest digest = Digest.parse(item.get(4).asText());
        if (stamp.modified().isBefore(trustedBefore)) {
          trusted.put(item.get(0).asText(), new Entry(stamp, digest));
        }
      }
      return new Known(trusted, array.size());
    } catch (RuntimeException e) {
      return Known.NONE; // a field missing or malformed
    }
  }

  private void write(String root, Instant since, List<SourceFile> files, List<Entry> entries) throws IOException {
    ObjectNode node = CanonicalJson.object();
    node.put("format", FORMAT);
    node.put("root", root);
    node.put("since", since.toString());
    ArrayNode array = node.putArray("files");
    for (int i = 0; i < files.size(); i++) {
      Entry entry = entries.get(i);
      array.addArray().add(files.get(i).path()).add(entry.stamp().size()).add(entry.stamp().modified().toString())
          .add(entry.stamp().fileKey()).add(entry.digest().toString());
    }
    AtomicFiles.write(recordFile, CanonicalJson.bytes(node));
  }
}
