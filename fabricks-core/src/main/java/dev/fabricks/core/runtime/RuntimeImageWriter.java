package dev.fabricks.core.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricks.core.compose.WitWorld;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.oci.CanonicalJson;
import dev.fabricks.core.oci.Descriptor;
import dev.fabricks.core.oci.ImageManifest;
import dev.fabricks.core.oci.InvalidManifestException;
import dev.fabricks.core.oci.OciLayout;
import dev.fabricks.core.source.SourceLayerModule;
import dev.fabricks.core.tools.ToolException;
import dev.fabricks.core.tools.WasmTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Packages a runtime component as a Fabricks runtime image in an OCI layout: one layer of type
 * {@link MediaTypes#RUNTIME_LAYER} annotated with the runtime's name, and a config that records the
 * contract and the component's world. Other tags already in the layout are kept.
 */
public final class RuntimeImageWriter {

  /**
   * @param component the runtime component
   * @param name the runtime's name and version, e.g. {@code python:3.14}
   * @param tag the tag in the layout's index, e.g. {@code 3.14}
   * @param created the time stamp to record, or null for none
   * @param preparation what the build must do to an app's files for this runtime (e.g. {@code
   *     node-modules-1}), recorded as the layer's {@code fabricks.source.preparation}; empty for none
   */
  public record Request(Path component, String name, String tag, Path layoutDir, Instant created, String preparation) {
    public Request(Path component, String name, String tag, Path layoutDir, Instant created) {
      this(component, name, tag, layoutDir, created, "");
    }
  }

  private final WasmTools tools;

  public RuntimeImageWriter(WasmTools tools) {
    this.tools = tools;
  }

  public Digest write(Request request) throws RuntimeImageException, ToolException, IOException {
    if (!Files.isRegularFile(request.component())) {
      throw new RuntimeImageException("the runtime component " + request.component() + " does not exist. Build it first");
    }
    if (request.preparation() != null && !request.preparation().isEmpty()
        && !request.preparation().equals(dev.fabricks.core.js.NodePreparation.NAME)) {
      throw new RuntimeImageException("unknown source preparation '" + request.preparation() + "': the one this"
          + " version knows is '" + dev.fabricks.core.js.NodePreparation.NAME + "' (JavaScript), or none");
    }
    tools.validate(request.component());
    WitWorld world = WitWorld.parse(tools.wit(request.component()));
    String contract = SourceLayerModule.INTERFACE;
    if (!world.imports().contains(contract)) {
      throw new RuntimeImageException("the component " + request.component() + " does not import " + contract
          + " (it imports " + world.imports() + "), so no source layer can be plugged into it."
          + " Build the runtime against the contract's WIT (wit/source.wit)");
    }
    if (world.exports().stream().noneMatch(e -> e.startsWith("wasi:cli/run@") || e.startsWith("wasi:http/incoming-handler@"))) {
      throw new RuntimeImageException("the component " + request.component() + " exports neither wasi:cli/run nor"
          + " wasi:http/incoming-handler (it exports " + world.exports() + "); no host could start it");
    }
    OciLayout layout = OciLayout.create(request.layoutDir());
    Map<String, String> layerAnnotations = new TreeMap<>(Map.of(MediaTypes.ANNOTATION_RUNTIME, request.name(),
        MediaTypes.ANNOTATION_TITLE, MediaTypes.RUNTIME_LAYER_TITLE));
    if (request.preparation() != null && !request.preparation().isEmpty()) {
      layerAnnotations.put(MediaTypes.ANNOTATION_PREPARATION, request.preparation());
    }
    Descriptor layer = layout.copyBlob(request.component(), MediaTypes.RUNTIME_LAYER).withAnnotations(layerAnnotations);
    ObjectNode configJson = CanonicalJson.object();
    configJson.put("contract", contract);
    configJson.put("name", request.name());
    ArrayNode imports = configJson.putArray("imports");
    world.imports().forEach(imports::add);
    ArrayNode exports = configJson.putArray("exports");
    world.exports().forEach(exports::add);
    Descriptor config = layout.writeBlob(CanonicalJson.bytes(configJson), MediaTypes.RUNTIME_CONFIG);
    Map<String, String> annotations = new TreeMap<>();
    annotations.put(MediaTypes.ANNOTATION_TITLE, request.name());
    annotations.put(MediaTypes.ANNOTATION_VERSION, request.tag());
    if (request.created() != null) {
      annotations.put(MediaTypes.ANNOTATION_CREATED, DateTimeFormatter.ISO_INSTANT.format(request.created()));
    }
    ImageManifest manifest = new ImageManifest(MediaTypes.RUNTIME_ARTIFACT, config, List.of(layer), annotations);
    Descriptor written = layout.writeBlob(manifest.toBytes(), MediaTypes.OCI_MANIFEST);
    List<Descriptor> index = new ArrayList<>();
    try {
      if (Files.exists(request.layoutDir().resolve("index.json"))) {
        for (Descriptor existing : layout.manifests()) {
          if (!request.tag().equals(existing.annotations().get(MediaTypes.ANNOTATION_REF_NAME))) {
            index.add(existing);
          }
        }
      }
    } catch (InvalidManifestException e) {
      throw new RuntimeImageException(e.getMessage() + ". Delete " + request.layoutDir() + " and package again", e);
    }
    index.add(new Descriptor(written.mediaType(), written.digest(), written.size(),
        Map.of(MediaTypes.ANNOTATION_REF_NAME, request.tag()), MediaTypes.RUNTIME_ARTIFACT));
    layout.writeIndex(index);
    return written.digest();
  }
}
