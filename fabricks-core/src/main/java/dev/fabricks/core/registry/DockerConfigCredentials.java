package dev.fabricks.core.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import dev.fabricks.core.event.BuildEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from Docker's config file ({@code config.json}: {@code auths}, {@code credHelpers},
 * {@code credsStore}) and the well-known credential helpers, through Jib's
 * {@link CredentialRetrieverFactory}, as {@code docker login} leaves them. The file is the one the
 * Docker CLI reads: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}.
 */
public final class DockerConfigCredentials implements CredentialSource {
  private final BuildEvents events;
  private final Path configFile;

  public DockerConfigCredentials(BuildEvents events) {
    this(events, configFile(System.getenv(), Path.of(System.getProperty("user.home"))));
  }

  public DockerConfigCredentials(BuildEvents events, Path configFile) {
    this.events = events;
    this.configFile = configFile;
  }

  /** Where the Docker CLI looks, given the environment and the home folder. */
  static Path configFile(Map<String, String> env, Path home) {
    String dir = env.get("DOCKER_CONFIG");
    return dir != null && !dir.isBlank() ? Path.of(dir, "config.json") : home.resolve(".docker").resolve("config.json");
  }

  @Override
  public Optional<Credentials> find(String registry) throws RegistryException {
    ImageReference image;
    try {
      image = ImageReference.parse(registry + "/fabricks/credentials-lookup");
    } catch (InvalidImageReferenceException e) {
      return Optional.empty();
    }
    CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(image, this::log);
    for (CredentialRetriever retriever : List.of(factory.dockerConfig(configFile), factory.wellKnownCredentialHelpers())) {
      try {
        Optional<Credential> credential = retriever.retrieve();
        if (credential.isPresent()) {
          return Optional.of(new Credentials(credential.get().getUsername(), credential.get().getPassword(),
              "Docker config or credential helper"));
        }
      } catch (com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException e) {
        throw new RegistryException(registry, "", "read Docker credentials",
            "a Docker credential helper failed: " + e.getMessage() + ". Fix " + configFile + " or log in again", e);
      }
    }
    return Optional.empty();
  }

  private void log(LogEvent event) {
    events.debug(event.getMessage());
  }
}
