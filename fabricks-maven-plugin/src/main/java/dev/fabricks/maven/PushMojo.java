package dev.fabricks.maven;

import dev.fabricks.core.FabricksException;
import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.ImageReference;
import dev.fabricks.core.publish.ArtifactPusher;
import dev.fabricks.core.publish.PushOptions;
import dev.fabricks.core.publish.PushResult;
import dev.fabricks.core.registry.Credentials;
import dev.fabricks.core.registry.Registries;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Pushes the artifact that {@code fabricks:build} (or {@code fabricks:runtime}) wrote under
 * {@code target/fabricks/} to {@code <to><image>} / {@code -Dfabricks.to.image}, exactly as built,
 * with the extra tags (default: the project version). Writes {@code target/fabricks/push.json}.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public final class PushMojo extends AbstractFabricksMojo {

  /**
   * Signs the pushed artifact (and its Wasm view) with this PEM PKCS#8 ECDSA P-256 private key, in
   * cosign's key-based format: {@code cosign verify --key cosign.pub} and
   * {@code fabricks-host run --verify-key cosign.pub} check it.
   */
  @Parameter(property = "fabricks.sign.key")
  File signingKey;

  @Inject
  public PushMojo(SettingsDecrypter decrypter) {
    super(decrypter);
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping Fabricks push (" + PROPERTY_SKIP + "=true)");
      return;
    }
    Path out = outputDirectory.toPath();
    Path digestFile = out.resolve("image.digest");
    if (!Files.exists(digestFile) && "pom".equals(project.getPackaging())
        && !Files.exists(project.getBasedir().toPath().resolve("fabricks.toml"))) {
      getLog().info("Skipping Fabricks push: nothing was built in this pom-packaged module");
      return;
    }
    String image = property(PROPERTY_TO_IMAGE);
    if (image == null && to != null) {
      image = to.image;
    }
    if (image == null || image.isBlank()) {
      throw new MojoFailureException("fabricks:push needs a target: set <to><image>registry/repository</image></to> in the"
          + " plugin configuration or -D" + PROPERTY_TO_IMAGE + "=registry/repository[:tag]");
    }
    ImageReference target;
    try {
      target = ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("<to><image> (-D" + PROPERTY_TO_IMAGE + ") `" + image + "` is not a valid image"
          + " reference: " + e.getMessage());
    }
    Digest digest;
    try {
      digest = Digest.parse(Files.readString(digestFile).strip());
    } catch (NoSuchFileException e) {
      throw new MojoFailureException("nothing to push: " + digestFile + " does not exist. Run mvn package (or the build goal)"
          + " before fabricks:push");
    } catch (IOException | IllegalArgumentException e) {
      throw new MojoFailureException("cannot read " + digestFile + ": " + e.getMessage() + ". Run mvn package again");
    }
    BuildEvents events = new MavenBuildEvents(getLog());
    Map<String, Credentials> explicit = new HashMap<>();
    Credentials credentials = explicit(to == null ? null : to.auth, PROPERTY_TO_USERNAME, PROPERTY_TO_PASSWORD, this);
    Registries registries = registries(explicit, events);
    if (credentials != null) {
      explicit.put(target.registry(), credentials);
      explicit.put(registries.serving(target.registry()), credentials);
    }
    try {
      PushResult result = new ArtifactPusher(registries, events).push(out.resolve("oci"), digest, target, tags(),
          options());
      ArtifactPusher.writeRecord(result, out.resolve("push.json"));
      getLog().info("Pushed " + result.image() + "@" + result.digest());
    } catch (FabricksException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("pushing from " + out + " failed: " + e.getMessage(), e);
    }
  }

  private PushOptions options() {
    String runtimeRepository = property(PROPERTY_TO_RUNTIME_REPOSITORY);
    if (runtimeRepository == null && to != null) {
      runtimeRepository = to.runtimeRepository;
    }
    PushOptions options = PushOptions.NONE;
    if (runtimeRepository != null && !runtimeRepository.isBlank()) {
      options = options.withRuntimeRepository(runtimeRepository.strip());
    }
    String wasmTag = property(PROPERTY_TO_WASM_TAG);
    if (wasmTag == null && to != null && to.wasmTag != null && !to.wasmTag.isBlank()) {
      wasmTag = to.wasmTag.strip();
    }
    if (wasmTag != null) {
      options = options.withWasmView(wasmTag, outputDirectory.toPath().resolve(project.getArtifactId() + ".wasm"));
    }
    if (signingKey != null) {
      options = options.withSigningKey(signingKey.toPath());
    }
    return options;
  }

  private List<String> tags() {
    List<String> tags = new ArrayList<>();
    String text = property(PROPERTY_TO_TAGS);
    if (text != null) {
      tags.addAll(commaList(text));
    } else if (to != null && to.tags != null && !to.tags.isEmpty()) {
      tags.addAll(to.tags);
    } else {
      tags.add(project.getVersion());
    }
    return tags;
  }
}
