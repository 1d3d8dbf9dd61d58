package dev.fabricks.core.build;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricks.core.compose.WitWorld;
import dev.fabricks.core.config.FabricksConfig;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.oci.CanonicalJson;
import dev.fabricks.core.oci.Descriptor;
import dev.fabricks.core.oci.ImageManifest;
import dev.fabricks.core.oci.OciLayout;
import dev.fabricks.core.runtime.RuntimeImage;
import dev.fabricks.core.runtime.RuntimeImageException;
import dev.fabricks.core.source.SourceLayerModule;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes an app's OCI artifact into an image layout: layer 0 is the runtime's layer, byte for byte;
 * layer 1 the source layer; the config says how to run it. Blobs no longer referenced are removed.
 */
final class ArtifactWriter {

  /** What goes into the artifact besides the layers. */
  record Inputs(FabricksConfig config, RuntimeImage runtime, Path sourceLayer, WitWorld world,
      Digest componentDigest, long componentSize, int files, long sourceBytes, BuildRequest request) {}

  Digest write(Path layoutDir, Inputs in) throws IOException, RuntimeImageException {
    OciLayout layout = OciLayout.create(layoutDir);
    Descriptor runtimeLayer = in.runtime().layer();
    Path runtimeBlob = layout.blobPath(runtimeLayer.digest());
    if (!Files.isRegularFile(runtimeBlob) || Files.size(runtimeBlob) != runtimeLayer.size()) {
      Descriptor copied = layout.copyBlob(in.runtime().layerFile(), runtimeLayer.mediaType());
      if (!copied.digest().equals(runtimeLayer.digest())) {
        throw new RuntimeImageException("the runtime layer of " + in.runtime().reference() + " changed on disk while it was"
            + " copied (" + copied.digest() + " instead of " + runtimeLayer.digest() + "). Build again");
      }
    }
    Map<String, String> runtimeNotes = new TreeMap<>(runtimeLayer.annotations());
    runtimeNotes.putIfAbsent(MediaTypes.ANNOTATION_TITLE, MediaTypes.RUNTIME_LAYER_TITLE); // older runtime images lack it
    runtimeLayer = runtimeLayer.withAnnotations(runtimeNotes);
    Descriptor module = layout.copyBlob(in.sourceLayer(), MediaTypes.MODULE_LAYER)
        .withAnnotations(Map.of(MediaTypes.ANNOTATION_ENTRYPOINT, in.config().source().entrypoint(),
            MediaTypes.ANNOTATION_TITLE, MediaTypes.MODULE_LAYER_TITLE));
    Descriptor config = layout.writeBlob(CanonicalJson.bytes(configJson(in)), MediaTypes.APP_CONFIG);

    Map<String, String> annotations = new TreeMap<>();
    annotations.put(MediaTypes.ANNOTATION_TITLE, in.request().name());
    annotations.put(MediaTypes.ANNOTATION_VERSION, in.request().version());
    annotations.put(MediaTypes.ANNOTATION_BASE_NAME, in.runtime().artifactName());
    annotations.put(MediaTypes.ANNOTATION_BASE_DIGEST, in.runtime().manifestDigest().toString());
    in.request().optionalCreated().ifPresent(t -> annotations.put(MediaTypes.ANNOTATION_CREATED,
        DateTimeFormatter.ISO_INSTANT.format(t)));
    ImageManifest manifest = new ImageManifest(MediaTypes.APP_ARTIFACT, config, List.of(runtimeLayer, module), annotations);
    Descriptor written = layout.writeBlob(manifest.toBytes(), MediaTypes.OCI_MANIFEST);
    Descriptor indexed = new Descriptor(written.mediaType(), written.digest(), written.size(),
        Map.of(MediaTypes.ANNOTATION_REF_NAME, in.request().version()), MediaTypes.APP_ARTIFACT);
    layout.writeIndex(List.of(indexed));
    removeUnreferenced(layout, Set.of(runtimeLayer.digest(), module.digest(), config.digest(), written.digest()));
    return written.digest();
  }

  private static ObjectNode configJson(Inputs in) {
    ObjectNode node = CanonicalJson.object();
    node.put("contract", SourceLayerModule.INTERFACE);
    node.put("entrypoint", in.config().source().entrypoint());
    ObjectNode runtime = node.putObject("runtime");
    if (!in.runtime().local()) { // a local layout's path would make the digest depend on the checkout's place
      runtime.put("reference", in.runtime().reference());
    }
    runtime.put("name", in.runtime().name());
    runtime.put("manifestDigest", in.runtime().manifestDigest().toString());
    runtime.put("layerDigest", in.runtime().layer().digest().toString());
    node.set("capabilities", in.config().capabilities().toJson());
    ObjectNode component = node.putObject("component");
    component.put("digest", in.componentDigest().toString());
    component.put("size", in.componentSize());
    ArrayNode imports = component.putArray("imports");
    in.world().imports().forEach(imports::add);
    ArrayNode exports = component.putArray("exports");
    in.world().exports().forEach(exports::add);
    ObjectNode source = node.putObject("source");
    source.put("files", in.files());
    source.put("bytes", in.sourceBytes());
    return node;
  }

  private static void removeUnreferenced(OciLayout layout, Set<Digest> keep) throws IOException {
    Set<String> names = new HashSet<>();
    keep.forEach(d -> names.add(d.hex()));
    Path blobs = layout.root().resolve("blobs").resolve(Digest.ALGORITHM);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(blobs)) {
      for (Path entry : entries) {
        if (!names.contains(entry.getFileName().toString())) {
          Files.deleteIfExists(entry);
        }
      }
    }
  }
}
