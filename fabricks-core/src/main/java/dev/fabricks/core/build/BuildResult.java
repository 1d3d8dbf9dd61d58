package dev.fabricks.core.build;

import dev.fabricks.core.compose.WitWorld;
import dev.fabricks.core.image.Digest;
import java.nio.file.Path;

/**
 * What a build wrote.
 *
 * @param component the composed component, runnable as is
 * @param layout the OCI image layout holding the artifact
 * @param manifestDigest the artifact's manifest digest, also written to {@code image.digest}
 * @param world the composed component's imports and exports
 * @param composed false when the inputs were unchanged and the previous composition was reused
 */
public record BuildResult(
    Path component, Path layout, Digest manifestDigest, WitWorld world, boolean composed, int files, long sourceBytes) {}
