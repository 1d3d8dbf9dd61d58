package dev.fabricks.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricks.core.image.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An OCI image manifest, as Fabricks writes and reads it. */
public record ImageManifest(
    String artifactType, Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {

  public ImageManifest {
    layers = List.copyOf(layers);
    annotations = Map.copyOf(annotations);
  }

  /** The canonical bytes of this manifest: these bytes are what is hashed, written and pushed. */
  public byte[] toBytes() {
    ObjectNode node = CanonicalJson.object();
    node.put("schemaVersion", 2);
    node.put("mediaType", MediaTypes.OCI_MANIFEST);
    if (artifactType != null) {
      node.put("artifactType", artifactType);
    }
    node.set("config", config.toJson());
    ArrayNode layerArray = node.putArray("layers");
    layers.forEach(layer -> layerArray.add(layer.toJson()));
    if (!annotations.isEmpty()) {
      ObjectNode notes = node.putObject("annotations");
      new TreeMap<>(annotations).forEach(notes::put);
    }
    return CanonicalJson.bytes(node);
  }

  /** Reads an OCI image manifest; other JSON is refused with a message that says what it is. */
  public static ImageManifest parse(byte[] bytes, String what) throws InvalidManifestException {
    JsonNode node;
    try {
      node = CanonicalJson.parse(bytes);
    } catch (IOException e) {
      throw new InvalidManifestException(what + " is not valid JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new InvalidManifestException(what + " is not a JSON object");
    }
    JsonNode mediaType = node.get("mediaType");
    if (mediaType != null && !MediaTypes.OCI_MANIFEST.equals(mediaType.asText())) {
      throw new InvalidManifestException(what + " has media type " + mediaType.asText()
          + ", expected " + MediaTypes.OCI_MANIFEST);
    }
    JsonNode schema = node.get("schemaVersion");
    if (schema == null || schema.asInt() != 2) {
      throw new InvalidManifestException(what + " is not an OCI manifest (schemaVersion must be 2)");
    }
    Descriptor config = Descriptor.fromJson(node.get("config"), what + " config");
    JsonNode layerArray = node.get("layers");
    if (layerArray == null || !layerArray.isArray()) {
      throw new InvalidManifestException(what + " has no layers array");
    }
    List<Descriptor> layers = new ArrayList<>();
    for (int i = 0; i < layerArray.size(); i++) {
      layers.add(Descriptor.fromJson(layerArray.get(i), what + " layer " + i));
    }
    Map<String, String> annotations = new TreeMap<>();
    JsonNode notes = node.get("annotations");
    if (notes != null && notes.isObject()) {
      notes.fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
    }
    JsonNode artifactType = node.get("artifactType");
    return new ImageManifest(artifactType == null ? null : artifactType.asText(), config, layers, annotations);
  }
}
