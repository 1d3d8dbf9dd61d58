package dev.fabricks.core.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {
  @TempDir Path dir;

  private static List<String> files(Path root) throws Exception {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void createWritesTheMarkerAndKeepsAnExistingLayout() throws Exception {
    Path root = dir.resolve("oci");
    OciLayout layout = OciLayout.create(root);
    assertEquals(root, layout.root());
    assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(root.resolve("oci-layout")));
    assertTrue(Files.isDirectory(root.resolve("blobs/sha256")));
    Files.writeString(root.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"} ");
    OciLayout.create(root);
    assertEquals("{\"imageLayoutVersion\":\"1.0.0\"} ", Files.readString(root.resolve("oci-layout")), "kept");
  }

  @Test
  void openRefusesAFolderThatIsNotALayout() throws Exception {
    Path root = dir.resolve("oci");
    OciLayout.create(root);
    InvalidManifestException e = assertThrows(InvalidManifestException.class, () -> OciLayout.open(root));
    assertEquals(root + " is not an OCI image layout (it needs oci-layout and index.json)", e.getMessage());
    assertThrows(InvalidManifestException.class, () -> OciLayout.open(dir.resolve("nothing")));
  }

  @Test
  void blobsAreStoredByDigestAndReadBack() throws Exception {
    OciLayout layout = OciLayout.create(dir.resolve("oci"));
    byte[] bytes = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    Descriptor descriptor = layout.writeBlob(bytes, MediaTypes.APP_CONFIG);
    assertEquals(new Descriptor(MediaTypes.APP_CONFIG, Digest.of(bytes), bytes.length), descriptor);
    assertEquals(dir.resolve("oci/blobs/sha256/" + Digest.of(bytes).hex()), layout.blobPath(descriptor.digest()));
    assertArrayEquals(bytes, layout.readBlob(descriptor.digest()));
    assertEquals(descriptor, layout.writeBlob(bytes, MediaTypes.APP_CONFIG), "writing again is harmless");
    assertEquals(List.of("blobs/sha256/" + Digest.of(bytes).hex(), "oci-layout"), files(layout.root()));
  }

  @Test
  void readBlobDetectsAFlippedByte() throws Exception {
    OciLayout layout = OciLayout.create(dir.resolve("oci"));
    byte[] bytes = "manifest bytes".getBytes(StandardCharsets.UTF_8);
    Digest digest = layout.writeBlob(bytes, MediaTypes.OCI_MANIFEST).digest();
    bytes[3] ^= 1;
    Files.write(layout.blobPath(digest), bytes);
    InvalidManifestException e = assertThrows(InvalidManifestException.class, () -> layout.readBlob(digest));
    assertEquals("blob " + digest + " in " + layout.root() + " does not match its digest: the layout is corrupt, rebuild it",
        e.getMessage());
  }

  @Test
  void readBlobReportsAMissingBlob() throws Exception {
    OciLayout layout = OciLayout.create(dir.resolve("oci"));
    Digest digest = Digest.of(new byte[] {9});
    InvalidManifestException e = assertThrows(InvalidManifestException.class, () -> layout.readBlob(digest));
    assertEquals("blob " + digest + " is missing from the OCI layout " + layout.root(), e.getMessage());
  }

  @Test
  void writeBlobReplacesATruncatedBlob() throws Exception {
    OciLayout layout = OciLayout.create(dir.resolve("oci"));
    byte[] bytes = "full content".getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.of(bytes);
    Files.write(layout.blobPath(digest), "full".getBytes(StandardCharsets.UTF_8));
    layout.writeBlob(bytes, "x");
    assertArrayEquals(bytes, layout.readBlob(digest));
  }

  @Test
  void copyBlobHashesWhileCopying() throws Exception {
    OciLayout layout = OciLayout.create(dir.resolve("oci"));
    byte[] bytes = new byte[200_000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    Path file = Files.write(dir.resolve("layer.wasm"), bytes);
    Descriptor descriptor = layout.copyBlob(file, MediaTypes.RUNTIME_LAYER);
    assertEquals(new Descriptor(MediaTypes.RUNTIME_LAYER, Digest.of(bytes), bytes.length), descriptor);
    assertArrayEquals(bytes, Files.readAllBytes(layout.blobPath(descriptor.digest())));
    assertEquals(descriptor, layout.copyBlob(file, MediaTypes.RUNTIME_LAYER), "copying again is harmless");
    assertEquals(List.of("blobs/sha256/" + Digest.of(bytes).hex(), "oci-layout"), files(layout.root()),
        "no temporary files are left");
  }

  @Test
  void writeIndexAndManifestsRoundTrip() throws Exception {
    OciLayout layout = OciLayout.create(dir.resolve("oci"));
    ImageManifest manifest = ImageManifestTest.manifest();
    Descriptor stored = layout.writeBlob(manifest.toBytes(), MediaTypes.OCI_MANIFEST);
    List<Descriptor> manifests = List.of(
        new Descriptor(MediaTypes.OCI_MANIFEST, stored.digest(), stored.size(),
            Map.of(MediaTypes.ANNOTATION_REF_NAME, "3.14"), MediaTypes.APP_ARTIFACT),
        new Descriptor(MediaTypes.OCI_MANIFEST, Digest.of(new byte[] {7}), 7));
    layout.writeIndex(manifests);
    OciLayout opened = OciLayout.open(layout.root());
    assertEquals(manifests, opened.manifests());
    assertEquals(manifest, ImageManifest.parse(opened.readBlob(opened.manifests().get(0).digest()), "m"));
    assertEquals("{\"manifests\":[{\"annotations\":{\"org.opencontainers.image.ref.name\":\"3.14\"},"
            + "\"artifactType\":\"application/vnd.fabricks.app.v1\",\"digest\":\"" + stored.digest() + "\","
            + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":" + stored.size() + "},"
            + "{\"digest\":\"" + Digest.of(new byte[] {7}) + "\",\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"size\":7}],\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"schemaVersion\":2}",
        Files.readString(layout.root().resolve("index.json")));
    layout.writeIndex(List.of());
    assertEquals(List.of(), layout.manifests(), "the index is replaced, not appended to");
  }

  @Test
  void manifestsRefusesABrokenIndex() throws Exception {
    OciLayout layout = OciLayout.create(dir.resolve("oci"));
    Path index = layout.root().resolve("index.json");
    Files.writeString(index, "{\"manifests\":");
    assertTrue(assertThrows(InvalidManifestException.class, layout::manifests).getMessage()
        .startsWith(index + " is not valid JSON"));
    Files.writeString(index, "{\"schemaVersion\":2}");
    assertEquals(index + " has no manifests array",
        assertThrows(InvalidManifestException.class, layout::manifests).getMessage());
    Files.writeString(index, "{\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"sha256:abc\",\"size\":1}]}");
    assertEquals(index + " manifest 0 has a digest that is not sha256:<64 hex digits>",
        assertThrows(InvalidManifestException.class, layout::manifests).getMessage());
  }
}
