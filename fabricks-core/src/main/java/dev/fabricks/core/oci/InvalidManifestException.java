package dev.fabricks.core.oci;

import dev.fabricks.core.FabricksException;

/** A manifest, index or descriptor that does not have the shape the OCI specs require. */
public final class InvalidManifestException extends FabricksException {
  private static final long serialVersionUID = 1L;

  public InvalidManifestException(String message) {
    super(message);
  }
}
