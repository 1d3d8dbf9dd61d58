package dev.fabricks.core.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import dev.fabricks.core.event.BuildEvents;
import java.util.List;
import java.util.Optional;

/**
 * Credentials from Docker's config files ({@code ~/.docker/config.json}: {@code auths},
 * {@code credHelpers}, {@code credsStore}) and the well-known credential helpers, through Jib's
 * {@link CredentialRetrieverFactory}, as {@code docker login} leaves them.
 */
public final class DockerConfigCredentials implements CredentialSource {
  private final BuildEvents events;

  public DockerConfigCredentials(BuildEvents events) {
    this.events = events;
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
    for (CredentialRetriever retriever : List.of(factory.dockerConfig(), factory.wellKnownCredentialHelpers())) {
      try {
        Optional<Credential> credential = retriever.retrieve();
        if (credential.isPresent()) {
          return Optional.of(new Credentials(credential.get().getUsername(), credential.get().getPassword(),
              "Docker config or credential helper"));
        }
      } catch (com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException e) {
        throw new RegistryException(registry, "", "read Docker credentials",
            "a Docker credential helper failed: " + e.getMessage() + ". Fix ~/.docker/config.json or log in again", e);
      }
    }
    return Optional.empty();
  }

  private void log(LogEvent event) {
    events.debug(event.getMessage());
  }
}
