package dev.fabricks.core.build;

import dev.fabricks.core.tools.WasmToolsLocator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything one build of an app needs, already decided: the front end (Maven) fills it in from
 * the POM and properties, core does the rest.
 *
 * @param configFile the fabricks.toml to read
 * @param fromOverride an image that replaces {@code [from] image}, or null
 * @param outputDirectory where the component and the OCI layout go, e.g. {@code target/fabricks}
 * @param name the artifact's name, e.g. the Maven artifactId
 * @param version the artifact's version, used as the tag in the OCI layout
 * @param created the time stamp recorded in the artifact, or null to record none
 * @param tools where to find wasm-tools
 */
public record BuildRequest(
    Path configFile,
    String fromOverride,
    Path outputDirectory,
    String name,
    String version,
    Instant created,
    WasmToolsLocator.Settings tools) {

  public Optional<Instant> optionalCreated() {
    return Optional.ofNullable(created);
  }
}
