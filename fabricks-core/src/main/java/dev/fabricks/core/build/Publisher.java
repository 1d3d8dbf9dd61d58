package dev.fabricks.core.build;

import dev.fabricks.core.FabricksException;
import dev.fabricks.core.image.Digest;
import java.nio.file.Path;

/** Sends a built artifact somewhere (a registry); the seam that {@code mvn deploy} fills. */
public interface Publisher {
  /** Publishes the manifest {@code manifest} of {@code layout} and returns the digest the target reports. */
  Digest publish(Path layout, Digest manifest) throws FabricksException;
}
