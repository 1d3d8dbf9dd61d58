package dev.fabricks.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricks.core.compose.WitWorld;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.io.AtomicFiles;
import dev.fabricks.core.oci.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the last composition was made from and what it produced, so an unchanged build can skip the
 * wasm-tools steps. Written after the outputs, so a build that died half way is never trusted.
 */
record ComposeState(Digest fingerprint, Digest layerDigest, long layerSize, Digest componentDigest,
    long componentSize, WitWorld world, int files, long bytes) {

  static Optional<ComposeState> read(Path file) {
    try {
      JsonNode node = CanonicalJson.parse(Files.readAllBytes(file));
      return Optional.of(new ComposeState(
          Digest.parse(node.get("fingerprint").asText()),
          Digest.parse(node.get("layerDigest").asText()),
          node.get("layerSize").asLong(),
          Digest.parse(node.get("componentDigest").asText()),
          node.get("componentSize").asLong(),
          new WitWorld(strings(node.get("imports")), strings(node.get("exports"))),
          node.get("files").asInt(),
          node.get("bytes").asLong()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  void write(Path file) throws IOException {
    ObjectNode node = CanonicalJson.object();
    node.put("fingerprint", fingerprint.toString());
    node.put("layerDigest", layerDigest.toString());
    node.put("layerSize", layerSize);
    node.put("componentDigest", componentDigest.toString());
    node.put("componentSize", componentSize);
    ArrayNode imports = node.putArray("imports");
    world.imports().forEach(imports::add);
    ArrayNode exports = node.putArray("exports");
    world.exports().forEach(exports::add);
    node.put("files", files);
    node.put("bytes", bytes);
    AtomicFiles.write(file, CanonicalJson.bytes(node));
  }

  /** Whether the files on disk are still the ones this state describes. */
  boolean matches(Digest expectedFingerprint, Path layer, Path component) throws IOException {
    return fingerprint.equals(expectedFingerprint)
        && Files.isRegularFile(layer) && Files.size(layer) == layerSize
        && Files.isRegularFile(component) && Files.size(component) == componentSize
        && Digest.of(layer).equals(layerDigest);
  }

  private static List<String> strings(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(n -> result.add(n.asText()));
    return result;
  }
}
