package dev.fabricks.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricks.core.image.Digest;
import java.util.Map;
import java.util.TreeMap;

/** An OCI content descriptor: what a blob is, its digest and size, and its annotations. */
public record Descriptor(
    String mediaType, Digest digest, long size, Map<String, String> annotations, String artifactType) {

  public Descriptor {
    annotations = Map.copyOf(annotations);
  }

  public Descriptor(String mediaType, Digest digest, long size) {
    this(mediaType, digest, size, Map.of(), null);
  }

  public Descriptor withAnnotations(Map<String, String> newAnnotations) {
    return new Descriptor(mediaType, digest, size, newAnnotations, artifactType);
  }

  public ObjectNode toJson() {
    ObjectNode node = CanonicalJson.object();
    node.put("mediaType", mediaType);
    node.put("digest", digest.toString());
    node.put("size", size);
    if (artifactType != null) {
      node.put("artifactType", artifactType);
    }
    if (!annotations.isEmpty()) {
      ObjectNode notes = node.putObject("annotations");
      new TreeMap<>(annotations).forEach(notes::put);
    }
    return node;
  }

  /** Reads a descriptor; {@code what} names it in error messages. */
  public static Descriptor fromJson(JsonNode node, String what) throws InvalidManifestException {
    if (node == null || !node.isObject()) {
      throw new InvalidManifestException(what + " is not a JSON object");
    }
    String mediaType = text(node, "mediaType", what);
    Digest digest = Digest.parseOrNull(text(node, "digest", what));
    if (digest == null) {
      throw new InvalidManifestException(what + " has a digest that is not sha256:<64 hex digits>");
    }
    JsonNode size = node.get("size");
    if (size == null || !size.canConvertToLong() || size.asLong() < 0) {
      throw new InvalidManifestException(what + " has no valid size");
    }
    Map<String, String> annotations = new TreeMap<>();
    JsonNode notes = node.get("annotations");
    if (notes != null && notes.isObject()) {
      notes.fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
    }
    JsonNode artifactType = node.get("artifactType");
    return new Descriptor(mediaType, digest, size.asLong(), annotations,
        artifactType == null ? null : artifactType.asText());
  }

  static String text(JsonNode node, String field, String what) throws InvalidManifestException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new InvalidManifestException(what + " has no '" + field + "'");
    }
    return value.asText();
  }
}
