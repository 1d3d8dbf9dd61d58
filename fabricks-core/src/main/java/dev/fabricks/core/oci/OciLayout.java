package dev.fabricks.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * An OCI image layout on disk: {@code oci-layout}, {@code index.json} and {@code blobs/sha256/}.
 * Blobs are written through a temporary file and moved into place by digest; the index is replaced
 * atomically.
 */
public final class OciLayout {
  private static final byte[] LAYOUT_FILE = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes();

  private final Path root;

  private OciLayout(Path root) {
    this.root = root;
  }

  /** Opens an existing layout, refusing a folder that is not one. */
  public static OciLayout open(Path root) throws InvalidManifestException {
    if (!Files.isRegularFile(root.resolve("oci-layout")) || !Files.isRegularFile(root.resolve("index.json"))) {
      throw new InvalidManifestException(root + " is not an OCI image layout (it needs oci-layout and index.json)");
    }
    return new OciLayout(root);
  }

  /** Creates the folder and its {@code oci-layout} file if needed; an existing layout is kept. */
  public static OciLayout create(Path root) throws IOException {
    Files.createDirectories(root.resolve("blobs").resolve(Digest.ALGORITHM));
    Path marker = root.resolve("oci-layout");
    if (!Files.exists(marker)) {
      AtomicFiles.write(marker, LAYOUT_FILE);
    }
    return new OciLayout(root);
  }

  public Path root() {
    return root;
  }

  public Path blobPath(Digest digest) {
    return root.resolve("blobs").resolve(Digest.ALGORITHM).resolve(digest.hex());
  }

  /** Reads a small blob (a manifest or config) and checks it has the digest it is stored under. */
  public byte[] readBlob(Digest digest) throws IOException, InvalidManifestException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(blobPath(digest));
    } catch (NoSuchFileException e) {
      throw new InvalidManifestException("blob " + digest + " is missing from the OCI layout " + root);
    }
    if (!Digest.of(bytes).equals(digest)) {
      throw new InvalidManifestException("blob " + digest + " in " + root + " does not match its digest: the layout is corrupt, rebuild it");
    }
    return bytes;
  }

  /** Stores bytes as a blob and describes them. */
  public Descriptor writeBlob(byte[] bytes, String mediaType) throws IOException {
    Digest digest = Digest.of(bytes);
    Path target = blobPath(digest);
    if (!Files.exists(target) || Files.size(target) != bytes.length) {
      AtomicFiles.write(target, bytes);
    }
    return new Descriptor(mediaType, digest, bytes.length);
  }

  /** Copies a file in as a blob, hashing while copying, and describes it. */
  public Descriptor copyBlob(Path file, String mediaType) throws IOException {
    Path temp = AtomicFiles.newTempFile(root.resolve("blobs").resolve(Digest.ALGORITHM).resolve("incoming"));
    try {
      MessageDigest md = Digest.newSha256();
      long size;
      try (InputStream in = Files.newInputStream(file);
          OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), md)) {
        size = in.transferTo(out);
      }
      Digest digest = Digest.fromMessageDigest(md);
      AtomicFiles.moveContentAddressed(temp, blobPath(digest));
      return new Descriptor(mediaType, digest, size);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The manifests the index lists. */
  public List<Descriptor> manifests() throws IOException, InvalidManifestException {
    JsonNode index;
    try {
      index = CanonicalJson.parse(Files.readAllBytes(root.resolve("index.json")));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidManifestException(root.resolve("index.json") + " is not valid JSON: " + e.getOriginalMessage());
    }
    JsonNode array = index == null ? null : index.get("manifests");
    if (array == null || !array.isArray()) {
      throw new InvalidManifestException(root.resolve("index.json") + " has no manifests array");
    }
    List<Descriptor> result = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      result.add(Descriptor.fromJson(array.get(i), root.resolve("index.json") + " manifest " + i));
    }
    return result;
  }

  /** Replaces the index with one that lists exactly these manifests. */
  public void writeIndex(List<Descriptor> manifests) throws IOException {
    ObjectNode index = CanonicalJson.object();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode array = index.putArray("manifests");
    manifests.forEach(m -> array.add(m.toJson()));
    AtomicFiles.write(root.resolve("index.json"), CanonicalJson.bytes(index));
  }
}
