package dev.fabricks.core.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageManifestTest {
  static final Digest CONFIG = Digest.of(new byte[] {1});
  static final Digest RUNTIME = Digest.of(new byte[] {2});
  static final Digest MODULE = Digest.of(new byte[] {3});

  static ImageManifest manifest() {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(MediaTypes.ANNOTATION_TITLE, "hello");
    annotations.put(MediaTypes.ANNOTATION_ENTRYPOINT, "main.py");
    annotations.put(MediaTypes.ANNOTATION_BASE_NAME, "fabricks.dev/runtimes/python:3.14");
    return new ImageManifest(MediaTypes.APP_ARTIFACT,
        new Descriptor(MediaTypes.APP_CONFIG, CONFIG, 1),
        List.of(new Descriptor(MediaTypes.RUNTIME_LAYER, RUNTIME, 20_000_000_000L, Map.of("z", "1", "a", "2"), null),
            new Descriptor(MediaTypes.MODULE_LAYER, MODULE, 3)),
        annotations);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void canonicalBytesAreStableAndSorted() {
    byte[] bytes = manifest().toBytes();
    assertArrayEquals(bytes, manifest().toBytes());
    assertEquals("{\"annotations\":{\"fabricks.entrypoint\":\"main.py\","
        + "\"org.opencontainers.image.base.name\":\"fabricks.dev/runtimes/python:3.14\","
        + "\"org.opencontainers.image.title\":\"hello\"},"
        + "\"artifactType\":\"application/vnd.fabricks.app.v1\","
        + "\"config\":{\"digest\":\"" + CONFIG + "\",\"mediaType\":\"application/vnd.fabricks.config.v1+json\",\"size\":1},"
        + "\"layers\":[{\"annotations\":{\"a\":\"2\",\"z\":\"1\"},\"digest\":\"" + RUNTIME + "\","
        + "\"mediaType\":\"application/vnd.fabricks.runtime.v1+wasm\",\"size\":20000000000},"
        + "{\"digest\":\"" + MODULE + "\",\"mediaType\":\"application/vnd.fabricks.module.v1+wasm\",\"size\":3}],"
        + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"schemaVersion\":2}", text(bytes));
  }

  @Test
  void annotationOrderDoesNotChangeTheBytes() {
    ImageManifest a = manifest();
    Map<String, String> reversed = new LinkedHashMap<>();
    List<String> keys = List.copyOf(a.annotations().keySet());
    for (int i = keys.size() - 1; i >= 0; i--) {
      reversed.put(keys.get(i), a.annotations().get(keys.get(i)));
    }
    ImageManifest b = new ImageManifest(a.artifactType(), a.config(), a.layers(), reversed);
    assertArrayEquals(a.toBytes(), b.toBytes());
  }

  @Test
  void parseRoundTrips() throws Exception {
    ImageManifest manifest = manifest();
    ImageManifest parsed = ImageManifest.parse(manifest.toBytes(), "test");
    assertEquals(manifest, parsed);
    assertArrayEquals(manifest.toBytes(), parsed.toBytes());
  }

  @Test
  void parseRoundTripsWithoutOptionalParts() throws Exception {
    ImageManifest bare = new ImageManifest(null, new Descriptor(MediaTypes.OCI_EMPTY, CONFIG, 2), List.of(), Map.of());
    String text = text(bare.toBytes());
    assertTrue(!text.contains("artifactType") && !text.contains("annotations"), text);
    ImageManifest parsed = ImageManifest.parse(bare.toBytes(), "test");
    assertEquals(bare, parsed);
    assertNull(parsed.artifactType());
  }

  @Test
  void parseAcceptsAManifestWithoutMediaTypeAndWithExtraFields() throws Exception {
    ObjectNode node = (ObjectNode) CanonicalJson.parse(manifest().toBytes());
    node.remove("mediaType");
    node.put("subject-ish", "ignored");
    assertEquals(manifest().layers(), ImageManifest.parse(CanonicalJson.bytes(node), "test").layers());
  }

  @Test
  void parseRefusesADockerManifest() {
    String docker = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"digest\":\"" + CONFIG
        + "\",\"size\":1},\"layers\":[]}";
    InvalidManifestException e = assertThrows(InvalidManifestException.class,
        () -> ImageManifest.parse(docker.getBytes(StandardCharsets.UTF_8), "python:3.12"));
    assertEquals("python:3.12 has media type application/vnd.docker.distribution.manifest.v2+json, expected "
        + MediaTypes.OCI_MANIFEST, e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "[]|m is not a JSON object",
      "\"text\"|m is not a JSON object",
      "42|m is not a JSON object",
      "{\"schemaVersion\":2|m is not valid JSON",
      "not json|m is not valid JSON",
      "{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"schemaVersion\":2}|m has media type application/vnd.oci.image.index.v1+json",
      "{\"schemaVersion\":1,\"config\":{},\"layers\":[]}|m is not an OCI manifest (schemaVersion must be 2)",
      "{\"config\":{},\"layers\":[]}|m is not an OCI manifest (schemaVersion must be 2)",
      "{\"schemaVersion\":2,\"layers\":[]}|m config is not a JSON object",
      "{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:00\",\"size\":1},\"layers\":[]}|m config has no 'mediaType'",
      "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:00\",\"size\":1},\"layers\":[]}|m config has a digest that is not sha256:<64 hex digits>",
      "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"DIGEST\",\"size\":-1},\"layers\":[]}|m config has no valid size",
      "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"DIGEST\"},\"layers\":[]}|m config has no valid size",
      "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"DIGEST\",\"size\":1}}|m has no layers array",
      "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"DIGEST\",\"size\":1},\"layers\":{}}|m has no layers array",
      "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"DIGEST\",\"size\":1},\"layers\":[{\"mediaType\":\"x\",\"digest\":\"DIGEST\",\"size\":1},7]}|m layer 1 is not a JSON object",
  })
  void parseRefusesOtherJson(String json, String message) {
    byte[] bytes = json.replace("DIGEST", CONFIG.toString()).getBytes(StandardCharsets.UTF_8);
    InvalidManifestException e = assertThrows(InvalidManifestException.class, () -> ImageManifest.parse(bytes, "m"));
    assertTrue(e.getMessage().startsWith(message), () -> "expected `" + message + "` at the start of: " + e.getMessage());
  }

  @Test
  void recordsAreImmutableCopies() {
    java.util.ArrayList<Descriptor> layers = new java.util.ArrayList<>(manifest().layers());
    ImageManifest manifest = new ImageManifest(null, manifest().config(), layers, Map.of());
    layers.clear();
    assertEquals(2, manifest.layers().size());
    assertThrows(UnsupportedOperationException.class, () -> manifest.layers().clear());
  }
}
