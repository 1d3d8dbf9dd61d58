package dev.fabricks.core.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.oci.CanonicalJson;
import dev.fabricks.core.oci.Descriptor;
import dev.fabricks.core.oci.ImageManifest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CNCF Wasm OCI artifact of an app (the format of wkg, wasmCloud and runwasi): one
 * {@code application/wasm} layer holding the composed component, and a
 * {@code application/vnd.wasm.config.v0+json} config with the component's WIT imports and exports.
 * Made from the app's own manifest and config only, so it is as reproducible as they are.
 *
 * @param config the config blob's bytes
 * @param manifest the manifest's bytes
 * @param layer the descriptor of the component layer
 */
public record WasmView(byte[] config, byte[] manifest, Descriptor layer) {
  /** The CNCF Wasm config media type. */
  public static final String CONFIG = "application/vnd.wasm.config.v0+json";
  /** The CNCF Wasm layer media type. */
  public static final String LAYER = "application/wasm";
  /** {@code created} when the build recorded no time stamp: the config requires one. */
  static final String NO_TIME = "1970-01-01T00:00:00Z";

  /**
   * @param appManifest the app's manifest (its annotations are carried over)
   * @param appConfig the app's config JSON (component digest, size, imports, exports)
   * @param name the component's file name, e.g. {@code hello.wasm}
   */
  public static WasmView of(ImageManifest appManifest, JsonNode appConfig, String name) {
    JsonNode component = appConfig.path("component");
    Digest digest = Digest.parse(component.path("digest").asText());
    long size = component.path("size").asLong();
    String created = appManifest.annotations().getOrDefault(MediaTypes.ANNOTATION_CREATED, NO_TIME);

    ObjectNode config = CanonicalJson.object();
    config.put("created", created);
    config.put("architecture", "wasm");
    config.put("os", "wasip2");
    config.putArray("layerDigests").add(digest.toString());
    ObjectNode world = config.putObject("component");
    ArrayNode imports = world.putArray("imports");
    component.path("imports").forEach(imports::add);
    ArrayNode exports = world.putArray("exports");
    component.path("exports").forEach(exports::add);
    byte[] configBytes = CanonicalJson.bytes(config);

    Descriptor layer = new Descriptor(LAYER, digest, size, Map.of(MediaTypes.ANNOTATION_TITLE, name), null);
    Map<String, String> annotations = new TreeMap<>(appManifest.annotations());
    ImageManifest manifest = new ImageManifest(null, new Descriptor(CONFIG, Digest.of(configBytes), configBytes.length),
        List.of(layer), annotations);
    return new WasmView(configBytes, manifest.toBytes(), layer);
  }
}
