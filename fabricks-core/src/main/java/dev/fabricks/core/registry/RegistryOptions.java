package dev.fabricks.core.registry;

import java.util.Map;
import java.util.Set;

/**
 * How to reach registries.
 *
 * @param mirrors registry host to the host that serves it instead, e.g. {@code fabricks.dev} to
 *     {@code registry.example.com}, as Docker's registry mirrors and Maven's mirrors do
 * @param insecureRegistries hosts that may be reached over plain http or with unverified TLS
 *     (and only those receive credentials over plain http); {@link #ALL_HOSTS} allows it everywhere
 * @param credentials where credentials come from
 * @param offline make no network calls: everything must be in the cache
 * @param refresh resolve tags again even when the cache knows them
 */
public record RegistryOptions(Map<String, String> mirrors, Set<String> insecureRegistries,
    CredentialSource credentials, boolean offline, boolean refresh) {

  /** In {@code insecureRegistries}: every host (Jib's allowInsecureRegistries). */
  public static final String ALL_HOSTS = "*";

  public RegistryOptions {
    mirrors = Map.copyOf(mirrors);
    insecureRegistries = Set.copyOf(insecureRegistries);
  }

  public static RegistryOptions defaults() {
    return new RegistryOptions(Map.of(), Set.of(), CredentialSource.NONE, false, false);
  }
}
