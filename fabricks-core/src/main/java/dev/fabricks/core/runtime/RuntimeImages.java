package dev.fabricks.core.runtime;

import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.oci.Descriptor;
import dev.fabricks.core.oci.ImageManifest;
import dev.fabricks.core.oci.InvalidManifestException;
import java.util.List;
import java.util.stream.Collectors;

/** The rules every runtime image follows, checked the same way wherever it came from. */
public final class RuntimeImages {
  private RuntimeImages() {}

  /** Reads a runtime image's manifest and returns its one runtime layer, or says why it is not one. */
  public static Descriptor runtimeLayer(byte[] manifestBytes, String reference, Digest manifestDigest)
      throws RuntimeImageException {
    ImageManifest manifest;
    try {
      manifest = ImageManifest.parse(manifestBytes, "the manifest of " + reference);
    } catch (InvalidManifestException e) {
      throw new RuntimeImageException(e.getMessage() + ". [from] image must name a Fabricks runtime image");
    }
    List<Descriptor> runtimeLayers = manifest.layers().stream()
        .filter(l -> MediaTypes.RUNTIME_LAYER.equals(l.mediaType()))
        .toList();
    if (runtimeLayers.size() != 1 || manifest.layers().size() != 1) {
      String found = manifest.layers().stream().map(Descriptor::mediaType).distinct().collect(Collectors.joining(", "));
      String what = manifest.config().mediaType().contains("docker.container.image")
          || manifest.config().mediaType().equals("application/vnd.oci.image.config.v1+json")
          ? "a container image" : "an artifact of another kind";
      throw new RuntimeImageException("[from] image " + reference + " (" + manifestDigest + ") is not a Fabricks runtime image:"
          + " it looks like " + what + " with " + manifest.layers().size() + " layer(s) of type [" + found + "],"
          + " while a runtime image has exactly one layer of type " + MediaTypes.RUNTIME_LAYER
          + ". Use a runtime image such as fabricks.dev/runtimes/python:3.14");
    }
    return runtimeLayers.get(0);
  }
}
