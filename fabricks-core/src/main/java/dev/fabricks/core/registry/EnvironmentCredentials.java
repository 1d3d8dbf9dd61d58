package dev.fabricks.core.registry;

import java.util.Map;
import java.util.Optional;

/**
 * Credentials from {@code FABRICKS_REGISTRY_USERNAME} and {@code FABRICKS_REGISTRY_PASSWORD}, for
 * CI systems that hand secrets over as environment variables. With {@code FABRICKS_REGISTRY_HOST}
 * set, they are given to that registry only.
 */
public final class EnvironmentCredentials implements CredentialSource {
  public static final String USERNAME = "FABRICKS_REGISTRY_USERNAME";
  public static final String PASSWORD = "FABRICKS_REGISTRY_PASSWORD";
  public static final String HOST = "FABRICKS_REGISTRY_HOST";

  private final Map<String, String> environment;

  public EnvironmentCredentials(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Optional<Credentials> find(String registry) {
    String user = environment.get(USERNAME);
    String password = environment.get(PASSWORD);
    String host = environment.get(HOST);
    if (user == null || user.isEmpty() || password == null || (host != null && !host.isEmpty() && !host.equals(registry))) {
      return Optional.empty();
    }
    return Optional.of(new Credentials(user, password, "environment " + USERNAME));
  }
}
