package dev.fabricks.maven;

import dev.fabricks.core.FabricksException;
import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.io.AtomicFiles;
import dev.fabricks.core.runtime.RuntimeImageWriter;
import dev.fabricks.core.tools.ProcessRunner;
import dev.fabricks.core.tools.WasmTools;
import dev.fabricks.core.tools.WasmToolsLocator;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Packages a runtime component (one that imports {@code fabricks:app/source} and exports
 * {@code wasi:cli/run}) as a Fabricks runtime image in an OCI image layout under
 * {@code target/fabricks/oci}, which apps name as {@code oci:<folder>:<tag>}.
 */
@Mojo(name = "runtime", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public final class RuntimeMojo extends AbstractFabricksMojo {

  /** The runtime component to package. */
  @Parameter(property = "fabricks.runtime.component", required = true)
  File component;

  /** The runtime's name and version, e.g. {@code python:3.14}; recorded as the layer's {@code fabricks.runtime}. */
  @Parameter(property = "fabricks.runtime.name", required = true)
  String runtimeName;

  /**
   * What the build does to an app's files for this runtime: {@code node-modules-1} (JavaScript:
   * ES modules transformed and unreached node_modules code left out at build time), or nothing.
   */
  @Parameter(property = "fabricks.runtime.sourcePreparation", defaultValue = "")
  String sourcePreparation;

  /** The tag in the layout; default: the part of the name after ':'. */
  @Parameter(property = "fabricks.runtime.tag")
  String tag;

  @Inject
  public RuntimeMojo(SettingsDecrypter decrypter) {
    super(decrypter);
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping Fabricks runtime packaging (" + PROPERTY_SKIP + "=true)");
      return;
    }
    String effectiveTag = tag != null && !tag.isBlank() ? tag
        : runtimeName.contains(":") ? runtimeName.substring(runtimeName.indexOf(':') + 1) : "latest";
    BuildEvents events = new MavenBuildEvents(getLog());
    try {
      WasmTools tools = new WasmToolsLocator(new ProcessRunner(events), events).locate(toolSettings());
      Digest digest = new RuntimeImageWriter(tools).write(new RuntimeImageWriter.Request(component.toPath(), runtimeName,
          effectiveTag, outputDirectory.toPath().resolve("oci"), created(), sourcePreparation == null ? "" : sourcePreparation));
      AtomicFiles.write(outputDirectory.toPath().resolve("image.digest"), (digest + "\n").getBytes(StandardCharsets.UTF_8));
      getLog().info("Runtime image " + runtimeName + " (" + digest + ") written to "
          + outputDirectory.toPath().resolve("oci") + " with tag " + effectiveTag);
    } catch (FabricksException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("cannot write to " + outputDirectory + ": " + e.getMessage(), e);
    }
  }
}
