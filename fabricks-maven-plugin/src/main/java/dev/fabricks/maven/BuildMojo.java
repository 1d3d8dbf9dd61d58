package dev.fabricks.maven;

import dev.fabricks.core.FabricksException;
import dev.fabricks.core.build.AppBuilder;
import dev.fabricks.core.build.BuildRequest;
import dev.fabricks.core.build.BuildResult;
import java.io.File;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds the app of this module: resolves the {@code [from]} runtime of fabricks.toml, packs the
 * source files into a source layer, composes both with wasm-tools and writes
 * {@code target/fabricks/<artifactId>.wasm}, an OCI image layout ({@code oci/}) and {@code image.digest}.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public final class BuildMojo extends AbstractFabricksMojo {
  static final String PROPERTY_CONFIG = "fabricks.config";
  static final String PROPERTY_FROM = "fabricks.from.image";

  /** The fabricks.toml to read. */
  @Parameter(property = PROPERTY_CONFIG, defaultValue = "${project.basedir}/fabricks.toml")
  File configFile;

  /** Replaces {@code [from] image} of fabricks.toml, e.g. to try another runtime version. */
  @Parameter(property = PROPERTY_FROM)
  String fromImage;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping Fabricks build (" + PROPERTY_SKIP + "=true)");
      return;
    }
    if (!configFile.exists() && "pom".equals(project.getPackaging())) {
      getLog().info("Skipping Fabricks build: " + configFile.getName() + " not found in this pom-packaged module");
      return;
    }
    BuildRequest request = new BuildRequest(configFile.toPath(), fromImage, outputDirectory.toPath(),
        project.getArtifactId(), project.getVersion(), created(), toolSettings());
    try {
      BuildResult result = new AppBuilder(new MavenBuildEvents(getLog()), null).build(request);
      getLog().info("Built " + result.component() + (result.composed() ? "" : " (up to date)"));
      getLog().info("Image digest " + result.manifestDigest());
    } catch (FabricksException e) {
      throw new MojoFailureException(e.getMessage() + hint(), e);
    }
  }

  private String hint() {
    return "\n[fabricks] config: " + configFile + " (-D" + PROPERTY_CONFIG + "), skip with -D" + PROPERTY_SKIP + "=true";
  }
}
