package dev.fabricks.core.registry;

import java.util.List;
import java.util.Optional;

/** Finds the credential for a registry host; sources are asked in order and the first answer wins. */
@FunctionalInterface
public interface CredentialSource {
  CredentialSource NONE = registry -> Optional.empty();

  Optional<Credentials> find(String registry) throws RegistryException;

  /** Asks each source in turn. */
  static CredentialSource chain(List<CredentialSource> sources) {
    List<CredentialSource> copy = List.copyOf(sources);
    return registry -> {
      for (CredentialSource source : copy) {
        Optional<Credentials> found = source.find(registry);
        if (found.isPresent()) {
          return found;
        }
      }
      return Optional.empty();
    };
  }
}
