package dev.fabricks.maven;

import dev.fabricks.core.FabricksException;
import dev.fabricks.core.build.AppBuilder;
import dev.fabricks.core.build.BuildRequest;
import dev.fabricks.core.build.BuildResult;
import dev.fabricks.core.cache.BlobCache;
import dev.fabricks.core.config.ConfigLoader;
import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.ImageReference;
import dev.fabricks.core.image.ImageSource;
import dev.fabricks.core.registry.Credentials;
import dev.fabricks.core.runtime.RegistryRuntimeResolver;
import java.io.File;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Builds the app of this module: resolves the {@code [from]} runtime of fabricks.toml, packs the
 * source files into a source layer, composes both with wasm-tools and writes
 * {@code target/fabricks/<artifactId>.wasm}, an OCI image layout ({@code oci/}) and {@code image.digest}.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BuildMojo extends AbstractFabricksMojo {
  static final String PROPERTY_CONFIG = "fabricks.config";
  static final String PROPERTY_FROM = "fabricks.from.image";

  /** The fabricks.toml to read. */
  @Parameter(property = PROPERTY_CONFIG, defaultValue = "${project.basedir}/fabricks.toml")
  File configFile;

  /** Replaces {@code [from] image} of fabricks.toml, e.g. to try another runtime version. */
  @Parameter(property = PROPERTY_FROM)
  String fromImage;

  @Inject
  public BuildMojo(SettingsDecrypter decrypter) {
    super(decrypter);
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skipped()) {
      return;
    }
    buildOnce();
  }

  /** Whether this module is not built (logged); the watch goal shares the rule. */
  boolean skipped() {
    if (skip) {
      getLog().info("Skipping Fabricks build (" + PROPERTY_SKIP + "=true)");
      return true;
    }
    if (!configFile.exists() && "pom".equals(project.getPackaging())) {
      getLog().info("Skipping Fabricks build: " + configFile.getName() + " not found in this pom-packaged module");
      return true;
    }
    return false;
  }

  /** One build, logged with its wall time. */
  void buildOnce() throws MojoFailureException {
    BuildRequest request = new BuildRequest(configFile.toPath(), fromImage, outputDirectory.toPath(),
        project.getArtifactId(), project.getVersion(), created(), toolSettings());
    BuildEvents events = new MavenBuildEvents(getLog());
    long start = System.nanoTime();
    try {
      RegistryRuntimeResolver resolver = new RegistryRuntimeResolver(registries(fromCredentials(), events),
          new BlobCache(cacheDirectory()), events);
      BuildResult result = new AppBuilder(events, resolver).build(request);
      getLog().info("Built " + result.component() + (result.composed() ? "" : " (up to date)")
          + String.format(Locale.ROOT, " in %.2f s", (System.nanoTime() - start) / 1e9));
      getLog().info("Image digest " + result.manifestDigest());
    } catch (FabricksException e) {
      throw new MojoFailureException(e.getMessage() + hint(), e);
    }
  }

  /** The POM's {@code <from><auth>} belongs to the registry of the {@code [from]} image. */
  private Map<String, Credentials> fromCredentials() {
    Credentials credentials = explicit(from == null ? null : from.auth, PROPERTY_FROM_USERNAME, PROPERTY_FROM_PASSWORD, this);
    Map<String, Credentials> result = new HashMap<>();
    if (credentials == null) {
      return result;
    }
    try {
      String image = fromImage != null && !fromImage.isBlank() ? fromImage
          : ConfigLoader.load(configFile.toPath(), null).from().text();
      if (ImageSource.parse(image, configFile.toPath().getParent()) instanceof ImageSource.Registry registry) {
        ImageReference ref = registry.reference();
        result.put(ref.registry(), credentials);
        result.put(effectiveMirrors().getOrDefault(ref.registry(), ref.registry()), credentials);
      }
    } catch (Exception e) {
      getLog().debug("no [from] registry for <from><auth>: " + e.getMessage());
    }
    return result;
  }

  private String hint() {
    return "\n[fabricks] config: " + configFile + " (-D" + PROPERTY_CONFIG + "), skip with -D" + PROPERTY_SKIP + "=true";
  }
}
