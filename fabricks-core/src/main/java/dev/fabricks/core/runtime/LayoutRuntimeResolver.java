package dev.fabricks.core.runtime;

import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.ImageSource;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.oci.Descriptor;
import dev.fabricks.core.oci.InvalidManifestException;
import dev.fabricks.core.oci.OciLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Resolves {@code oci:<folder>[:<tag>]} runtimes from an OCI image layout on disk, with no network. */
public final class LayoutRuntimeResolver implements RuntimeResolver {
  private final dev.fabricks.core.cache.VerifiedFiles verified;

  public LayoutRuntimeResolver(dev.fabricks.core.cache.VerifiedFiles verified) {
    this.verified = verified;
  }

  @Override
  public RuntimeImage resolve(ImageSource source) throws RuntimeImageException {
    if (!(source instanceof ImageSource.Layout layoutSource)) {
      throw new IllegalArgumentException("not a layout image: " + source.text());
    }
    Path dir = layoutSource.directory();
    if (!Files.isDirectory(dir)) {
      throw new RuntimeImageException("[from] image " + source.text() + ": the folder " + dir
          + " does not exist. Build the runtime image first, or fix the path (relative to fabricks.toml)");
    }
    try {
      OciLayout layout = OciLayout.open(dir);
      Descriptor manifest = select(layout.manifests(), layoutSource);
      byte[] manifestBytes = layout.readBlob(manifest.digest());
      Descriptor layer = RuntimeImages.runtimeLayer(manifestBytes, source.text(), manifest.digest());
      Path layerFile = layout.blobPath(layer.digest());
      if (!Files.isRegularFile(layerFile) || Files.size(layerFile) != layer.size()) {
        throw new RuntimeImageException("[from] image " + source.text() + ": the runtime layer " + layer.digest()
            + " is missing or has the wrong size in " + dir + ". Rebuild the runtime image");
      }
      if (!verified.holds(layerFile, layer.digest())) {
        throw new RuntimeImageException("[from] image " + source.text() + ": the runtime layer in " + layerFile
            + " does not have its digest " + layer.digest() + ": the layout is corrupt. Rebuild the runtime image");
      }
      return new RuntimeImage(source.text(), manifest.digest(), layer, layerFile);
    } catch (InvalidManifestException e) {
      throw new RuntimeImageException("[from] image " + source.text() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new RuntimeImageException("[from] image " + source.text() + ": cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Descriptor select(List<Descriptor> manifests, ImageSource.Layout source) throws RuntimeImageException {
    if (source.digest() != null) {
      return manifests.stream().filter(m -> m.digest().equals(source.digest())).findFirst()
          .orElseThrow(() -> new RuntimeImageException("[from] image " + source.text() + ": the layout " + source.directory()
              + " has no manifest " + source.digest() + ". Check the digest"));
    }
    if (source.tag() != null) {
      return manifests.stream()
          .filter(m -> source.tag().equals(m.annotations().get(MediaTypes.ANNOTATION_REF_NAME)))
          .findFirst()
          .orElseThrow(() -> new RuntimeImageException("[from] image " + source.text() + ": the layout " + source.directory()
              + " has no tag `" + source.tag() + "`; it has " + tags(manifests) + ". Use one of those"));
    }
    if (manifests.size() != 1) {
      throw new RuntimeImageException("[from] image " + source.text() + ": the layout " + source.directory() + " holds "
          + manifests.size() + " manifests " + tags(manifests) + "; name one as oci:<folder>:<tag>");
    }
    return manifests.get(0);
  }

  private static String tags(List<Descriptor> manifests) {
    return manifests.stream()
        .map(m -> m.annotations().getOrDefault(MediaTypes.ANNOTATION_REF_NAME, m.digest().toString()))
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
