package dev.fabricks.maven;

import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.registry.CredentialSource;
import dev.fabricks.core.registry.Credentials;
import dev.fabricks.core.registry.DockerConfigCredentials;
import dev.fabricks.core.registry.EnvironmentCredentials;
import dev.fabricks.core.registry.RegistryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Credentials in the order Maven users expect: explicit POM or {@code -D} values for a host, then
 * a settings.xml {@code <server>} whose id is the registry host (decrypted), then Docker's config and
 * credential helpers, then environment variables.
 */
final class MavenCredentials {
  private MavenCredentials() {}

  static CredentialSource chain(Map<String, Credentials> explicit, Settings settings, SettingsDecrypter decrypter,
      BuildEvents events) {
    List<CredentialSource> sources = new ArrayList<>();
    sources.add(host -> Optional.ofNullable(explicit.get(host)));
    sources.add(host -> fromSettings(host, settings, decrypter));
    sources.add(new DockerConfigCredentials(events));
    sources.add(new EnvironmentCredentials(System.getenv()));
    return CredentialSource.chain(sources);
  }

  private static Optional<Credentials> fromSettings(String host, Settings settings, SettingsDecrypter decrypter)
      throws RegistryException {
    if (settings == null) {
      return Optional.empty();
    }
    Server server = settings.getServer(host);
    if (server == null || server.getUsername() == null) {
      return Optional.empty();
    }
    Server decrypted = server;
    if (decrypter != null) {
      SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
      for (SettingsProblem problem : result.getProblems()) {
        if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
          throw new RegistryException(host, "", "read credentials for",
              "the settings.xml <server> " + host + " cannot be decrypted: " + problem.getMessage());
        }
      }
      if (result.getServer() != null) {
        decrypted = result.getServer();
      }
    }
    return Optional.of(new Credentials(decrypted.getUsername(),
        decrypted.getPassword() == null ? "" : decrypted.getPassword(), "settings.xml server " + host));
  }
}
