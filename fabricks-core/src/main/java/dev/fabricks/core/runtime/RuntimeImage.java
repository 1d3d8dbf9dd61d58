package dev.fabricks.core.runtime;

import dev.fabricks.core.image.Digest;
import dev.fabricks.core.oci.Descriptor;
import java.nio.file.Path;

/**
 * A resolved runtime image: the manifest it came from, its one runtime layer, and where the
 * layer's verified bytes are on disk.
 *
 * @param reference what the user wrote in {@code [from] image}
 * @param manifestDigest digest of the runtime image's manifest
 * @param layer the runtime layer's descriptor, annotations included, reused as layer 0 of apps
 * @param layerFile the layer's bytes, already checked against {@code layer.digest()}
 */
public record RuntimeImage(String reference, Digest manifestDigest, Descriptor layer, Path layerFile) {

  /** True when the runtime came from an OCI image layout on disk ({@code oci:<folder>}). */
  public boolean local() {
    return reference.startsWith(dev.fabricks.core.image.ImageSource.LAYOUT_PREFIX);
  }

  /**
   * How artifacts name this runtime: the registry reference as written, or, for a local layout,
   * {@code <name>@<manifest digest>} (e.g. {@code node:0.1.0@sha256:...}), so that where a checkout
   * lives never reaches an artifact or its digest.
   */
  public String artifactName() {
    if (!local()) {
      return reference;
    }
    return (name().isEmpty() ? "runtime" : name()) + "@" + manifestDigest;
  }

  /** The runtime's name and version, e.g. {@code python:3.14}, from the layer's annotation. */
  public String name() {
    return layer.annotations().getOrDefault(dev.fabricks.core.image.MediaTypes.ANNOTATION_RUNTIME, "");
  }

  /** What the build must do to an app's files for this runtime, from the layer's annotation; empty for nothing. */
  public String preparation() {
    return layer.annotations().getOrDefault(dev.fabricks.core.image.MediaTypes.ANNOTATION_PREPARATION, "");
  }
}
