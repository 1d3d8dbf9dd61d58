package com.google.cloud.tools.jib.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.http.Authorization;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * Opens Jib's token handshake (package-private in jib-core) to Fabricks, which fetches manifests as
 * raw bytes with its own request and needs the same bearer token that RegistryClient would use.
 * This is the only class of Fabricks in a Jib package; jib-core's version is pinned for it.
 */
public final class BearerTokens {
  private BearerTokens() {}

  /**
   * Answers a {@code WWW-Authenticate} challenge with a pull token, or empty when the registry asks
   * for basic authentication instead.
   */
  public static Optional<Authorization> pullToken(String wwwAuthenticate, String registry, String repository,
      @Nullable String userAgent, FailoverHttpClient httpClient, @Nullable Credential credential)
      throws RegistryException {
    Optional<RegistryAuthenticator> authenticator = RegistryAuthenticator.fromAuthenticationMethod(
        wwwAuthenticate, new RegistryEndpointRequestProperties(registry, repository), userAgent, httpClient);
    if (authenticator.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(authenticator.get().authenticatePull(credential));
  }
}
