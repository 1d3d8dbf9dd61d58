package dev.fabricks.core.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricks.core.FabricksException;
import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.event.Sizes;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.ImageReference;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.io.AtomicFiles;
import dev.fabricks.core.oci.CanonicalJson;
import dev.fabricks.core.oci.Descriptor;
import dev.fabricks.core.oci.ImageManifest;
import dev.fabricks.core.oci.OciLayout;
import dev.fabricks.core.registry.BlobPush;
import dev.fabricks.core.registry.OciRegistry;
import dev.fabricks.core.registry.Registries;
import dev.fabricks.core.sign.CosignSignature;
import dev.fabricks.core.sign.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pushes an artifact exactly as it was built: the manifest bytes in the OCI layout are the bytes
 * sent, and the digest the registry reports must be theirs. Each blob is checked first; the
 * runtime layer is mounted from the runtime's repository when both live in the same registry.
 */
public final class ArtifactPusher {
  private final Registries registries;
  private final BuildEvents events;

  public ArtifactPusher(Registries registries, BuildEvents events) {
    this.registries = registries;
    this.events = events;
  }

  /**
   * @param layoutDir the OCI layout the build wrote
   * @param manifestDigest the manifest to push (from {@code image.digest})
   * @param target where to push; its tag (default {@code latest}) is pushed with {@code extraTags}
   */
  public PushResult push(Path layoutDir, Digest manifestDigest, ImageReference target, List<String> extraTags)
      throws FabricksException, IOException {
    return push(layoutDir, manifestDigest, target, extraTags, PushOptions.NONE);
  }

  /** Pushes as above, with {@code options}. */
  public PushResult push(Path layoutDir, Digest manifestDigest, ImageReference target, List<String> extraTags,
      PushOptions options) throws FabricksException, IOException {
    if (target.digest() != null) {
      throw new FabricksException("<to><image> " + target + " names a digest; name a tag instead (the digest is the"
          + " artifact's own, " + manifestDigest + ")");
    }
    if (options.wasmTag() != null) {
      checkWasmTag(options.wasmTag(), target, extraTags);
    }
    SigningKey signingKey = options.signingKey() == null ? null : SigningKey.read(options.signingKey());
    OciLayout layout = OciLayout.open(layoutDir);
    byte[] manifestBytes = layout.readBlob(manifestDigest);
    ImageManifest manifest = ImageManifest.parse(manifestBytes, "the manifest " + manifestDigest + " in " + layoutDir);
    OciRegistry registry = registries.open(target.registry());
    String image = registries.serving(target.registry()) + "/" + target.repository();
    events.info("pushing " + manifestDigest.shortForm() + " to " + image);
    String mountFrom = options.runtimeRepository() != null
        ? placeRuntime(registry, layout, manifest, options.runtimeRepository(), target)
        : mountSource(runtimeReference(layout, manifest), target);

    Map<Descriptor, BlobPush> outcomes = new LinkedHashMap<>();
    List<Descriptor> blobs = new ArrayList<>(manifest.layers());
    blobs.add(manifest.config());
    for (Descriptor blob : blobs) {
      Path file = layout.blobPath(blob.digest());
      if (!Files.isRegularFile(file) || Files.size(file) != blob.size()) {
        throw new FabricksException("the blob " + blob.digest() + " of " + manifestDigest + " is missing from " + layoutDir
            + ". Run mvn package again before pushing");
      }
      boolean runtimeLayer = MediaTypes.RUNTIME_LAYER.equals(blob.mediaType());
      BlobPush outcome = registry.pushBlob(target.repository(), blob.digest(), blob.size(), file,
          runtimeLayer ? mountFrom : null);
      outcomes.put(blob, outcome);
      events.info(String.format("  %-8s %s %s (%s)", outcome.name().toLowerCase(), blob.digest().shortForm(),
          kind(blob.mediaType()), Sizes.human(blob.size())));
    }
    Set<String> tags = new LinkedHashSet<>();
    tags.add(target.tag());
    for (String tag : extraTags) {
      if (tag != null && !tag.isBlank()) {
        tags.add(tag.strip());
      }
    }
    for (String tag : tags) {
      Digest reported = registry.pushManifest(target.repository(), tag, manifestBytes, MediaTypes.OCI_MANIFEST);
      if (!reported.equals(manifestDigest)) {
        throw new FabricksException("the registry stored " + image + ":" + tag + " as " + reported + ", not " + manifestDigest);
      }
      events.info("  tagged   " + image + ":" + tag);
    }
    Digest wasmDigest = null;
    long wasmUploaded = 0;
    if (options.wasmTag() != null) {
      WasmPush wasm = pushWasmView(registry, layout, manifest, target, image, options);
      wasmDigest = wasm.digest();
      wasmUploaded = wasm.uploaded();
    }
    if (signingKey != null) {
      CosignSignature signature = sign(registry, target, image, manifestDigest, signingKey);
      keepInLayout(layout, manifestDigest, signature);
      if (wasmDigest != null) {
        sign(registry, target, image, wasmDigest, signingKey);
      }
    }
    PushResult result = new PushResult(image, manifestDigest, List.copyOf(tags), outcomes, options.wasmTag(), wasmDigest);
    events.info("pushed " + image + "@" + manifestDigest + " (" + Sizes.human(result.bytesUploaded()) + " uploaded"
        + (wasmUploaded > 0 ? ", and " + Sizes.human(wasmUploaded) + " for the Wasm view" : "") + ")");
    return result;
  }

  private static void checkWasmTag(String tag, ImageReference target, List<String> extraTags) throws FabricksException {
    try {
      ImageReference.parse(target.registry() + "/" + target.repository() + ":" + tag);
    } catch (IllegalArgumentException e) {
      throw new FabricksException("<to><wasmTag> (-Dfabricks.to.wasmTag) `" + tag + "` is not a valid tag: "
          + e.getMessage() + ". Use letters, digits, '.', '_' and '-', such as 1.0.0-wasm");
    }
    if (tag.equals(target.tag()) || extraTags.stream().anyMatch(t -> t != null && tag.equals(t.strip()))) {
      throw new FabricksException("<to><wasmTag> (-Dfabricks.to.wasmTag) `" + tag + "` is also a tag of the artifact"
          + " itself; the Wasm view needs a tag of its own, such as " + tag + "-wasm");
    }
  }

  /** Pushes the composed component as a CNCF Wasm OCI artifact under {@code options.wasmTag()}. */
  private record WasmPush(Digest digest, long uploaded) {}

  private WasmPush pushWasmView(OciRegistry registry, OciLayout layout, ImageManifest manifest, ImageReference target,
      String image, PushOptions options) throws FabricksException, IOException {
    if (!MediaTypes.APP_CONFIG.equals(manifest.config().mediaType())) {
      throw new FabricksException("the Wasm view (-Dfabricks.to.wasmTag) is made for apps; this artifact is a "
          + manifest.config().mediaType() + ". Leave wasmTag unset for runtime images");
    }
    Path component = options.component();
    WasmView view = WasmView.of(manifest, CanonicalJson.parse(layout.readBlob(manifest.config().digest())),
        component.getFileName().toString());
    if (!Files.isRegularFile(component) || Files.size(component) != view.layer().size()
        || !Digest.of(component).equals(view.layer().digest())) {
      throw new FabricksException("the composed component " + component + " is missing or is not the one the artifact"
          + " records (" + view.layer().digest() + "). Run mvn package again before pushing");
    }
    BlobPush layerOutcome = registry.pushBlob(target.repository(), view.layer().digest(), view.layer().size(), component, null);
    pushBytes(registry, target.repository(), view.config());
    Digest expected = Digest.of(view.manifest());
    Digest reported = registry.pushManifest(target.repository(), options.wasmTag(), view.manifest(), MediaTypes.OCI_MANIFEST);
    if (!reported.equals(expected)) {
      throw new FabricksException("the registry stored " + image + ":" + options.wasmTag() + " as " + reported
          + ", not " + expected);
    }
    events.info(String.format("  %-8s %s component (%s)", layerOutcome.name().toLowerCase(), view.layer().digest().shortForm(),
        Sizes.human(view.layer().size())));
    events.info("  tagged   " + image + ":" + options.wasmTag() + " (CNCF Wasm artifact, " + expected.shortForm() + ")");
    return new WasmPush(expected, layerOutcome == BlobPush.UPLOADED ? view.layer().size() : 0);
  }

  /** Signs {@code signed} and pushes the signature where cosign looks for it: the {@code sha256-<hex>.sig} tag. */
  private CosignSignature sign(OciRegistry registry, ImageReference target, String image, Digest signed, SigningKey key)
      throws FabricksException, IOException {
    CosignSignature signature = CosignSignature.sign(signed, image, key);
    pushBytes(registry, target.repository(), signature.payload());
    pushBytes(registry, target.repository(), signature.config());
    String tag = CosignSignature.tag(signed);
    Digest reported = registry.pushManifest(target.repository(), tag, signature.manifest(), MediaTypes.OCI_MANIFEST);
    if (!reported.equals(Digest.of(signature.manifest()))) {
      throw new FabricksException("the registry stored the signature " + image + ":" + tag + " as " + reported
          + ", not " + Digest.of(signature.manifest()));
    }
    events.info("  signed   " + image + ":" + tag + " (cosign, key-based)");
    return signature;
  }

  /** Adds the signature to the local layout, tagged as in the registry, for hosts that verify layouts. */
  private static void keepInLayout(OciLayout layout, Digest signed, CosignSignature signature) throws IOException,
      FabricksException {
    layout.writeBlob(signature.payload(), CosignSignature.PAYLOAD_TYPE);
    layout.writeBlob(signature.config(), "application/vnd.oci.image.config.v1+json");
    layout.writeBlob(signature.manifest(), MediaTypes.OCI_MANIFEST);
    List<Descriptor> index = new ArrayList<>();
    String tag = CosignSignature.tag(signed);
    for (Descriptor existing : layout.manifests()) {
      if (!tag.equals(existing.annotations().get(MediaTypes.ANNOTATION_REF_NAME))) {
        index.add(existing);
      }
    }
    index.add(signature.indexEntry(signed));
    layout.writeIndex(index);
  }

  private static void pushBytes(OciRegistry registry, String repository, byte[] bytes) throws IOException,
      FabricksException {
    Path file = Files.createTempFile("fabricks-blob", ".json");
    try {
      Files.write(file, bytes);
      registry.pushBlob(repository, Digest.of(bytes), bytes.length, file, null);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Writes what was pushed, for scripts and deploy pipelines. */
  public static void writeRecord(PushResult result, Path file) throws IOException {
    ObjectNode node = CanonicalJson.object();
    node.put("image", result.image());
    node.put("digest", result.digest().toString());
    ArrayNode tags = node.putArray("tags");
    result.tags().forEach(tags::add);
    ArrayNode blobs = node.putArray("blobs");
    result.blobs().forEach((blob, outcome) -> blobs.addObject()
        .put("digest", blob.digest().toString()).put("mediaType", blob.mediaType())
        .put("size", blob.size()).put("outcome", outcome.name().toLowerCase()));
    if (result.wasmTag() != null) {
      node.putObject("wasm").put("tag", result.wasmTag()).put("digest", result.wasmDigest().toString());
    }
    AtomicFiles.write(file, CanonicalJson.bytes(node));
  }

  /**
   * Makes sure the runtime layer is in {@code repository} of the target registry, uploading it
   * there if it is not (once per registry), and returns that repository as the mount source.
   */
  private String placeRuntime(OciRegistry registry, OciLayout layout, ImageManifest manifest, String repository,
      ImageReference target) throws FabricksException, IOException {
    try {
      ImageReference.parse(target.registry() + "/" + repository);
    } catch (IllegalArgumentException e) {
      throw new FabricksException("<to><runtimeRepository> (-Dfabricks.to.runtimeRepository) `" + repository
          + "` is not a repository name: " + e.getMessage() + ". Name a repository of " + target.registry()
          + " such as runtimes/node");
    }
    if (repository.equals(target.repository())) {
      return null;
    }
    for (Descriptor layer : manifest.layers()) {
      if (MediaTypes.RUNTIME_LAYER.equals(layer.mediaType())) {
        BlobPush outcome = registry.pushBlob(repository, layer.digest(), layer.size(), layout.blobPath(layer.digest()), null);
        events.info(String.format("  %-8s %s runtime layer in %s (%s)", outcome == BlobPush.SKIPPED ? "present" : "uploaded",
            layer.digest().shortForm(), repository, Sizes.human(layer.size())));
      }
    }
    return repository;
  }

  /** The registry reference of the runtime as the config records it, or null for a local runtime. */
  private static String runtimeReference(OciLayout layout, ImageManifest manifest) throws IOException, FabricksException {
    if (!MediaTypes.APP_CONFIG.equals(manifest.config().mediaType())) {
      return null;
    }
    JsonNode reference = CanonicalJson.parse(layout.readBlob(manifest.config().digest())).path("runtime").get("reference");
    return reference == null || !reference.isTextual() ? null : reference.asText();
  }

  /** The runtime's repository, when the runtime came from the registry the artifact goes to. */
  private String mountSource(String base, ImageReference target) {
    if (base == null) {
      return null;
    }
    try {
      ImageReference runtime = ImageReference.parse(base);
      if (registries.serving(runtime.registry()).equals(registries.serving(target.registry()))
          && !runtime.repository().equals(target.repository())) {
        return runtime.repository();
      }
    } catch (IllegalArgumentException e) {
      events.debug("the base image " + base + " is not a registry reference; no mount");
    }
    return null;
  }

  private static String kind(String mediaType) {
    return switch (mediaType) {
      case MediaTypes.RUNTIME_LAYER -> "runtime layer";
      case MediaTypes.MODULE_LAYER -> "source layer";
      case MediaTypes.APP_CONFIG, MediaTypes.RUNTIME_CONFIG -> "config";
      default -> mediaType;
    };
  }
}
