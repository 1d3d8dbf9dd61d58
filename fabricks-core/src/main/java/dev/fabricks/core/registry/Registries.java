package dev.fabricks.core.registry;

import dev.fabricks.core.event.BuildEvents;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens {@link OciRegistry} connections by the host an image reference names: mirrors are applied,
 * credentials looked up for the host actually contacted, and plain http allowed only for hosts
 * listed as insecure. One connection per host is kept for the life of this object.
 */
public final class Registries {
  /** Where Docker Hub's API lives; {@code docker.io} in references means this host. */
  private static final String DOCKER_HUB_API = "registry-1.docker.io";

  private final RegistryOptions options;
  private final BuildEvents events;
  private final Map<String, OciRegistry> open = new ConcurrentHashMap<>();

  public Registries(RegistryOptions options, BuildEvents events) {
    this.options = options;
    this.events = events;
  }

  public RegistryOptions options() {
    return options;
  }

  /** The host that serves images named with {@code host}, after mirrors. */
  public String serving(String host) {
    String mirror = options.mirrors().get(host);
    if (mirror != null) {
      return mirror;
    }
    return host.equals("docker.io") ? DOCKER_HUB_API : host;
  }

  /** A connection to the host serving {@code host}. */
  public OciRegistry open(String host) throws RegistryException {
    String actual = serving(host);
    OciRegistry existing = open.get(actual);
    if (existing != null) {
      return existing;
    }
    Optional<Credentials> credentials = options.credentials().find(actual);
    if (credentials.isEmpty() && !actual.equals(host)) {
      credentials = options.credentials().find(host);
    }
    boolean insecure = options.insecureRegistries().contains(actual) || options.insecureRegistries().contains(host)
        || options.insecureRegistries().contains(RegistryOptions.ALL_HOSTS);
    if (insecure) {
      events.debug("registry " + actual + ": plain http and unverified TLS allowed");
    }
    credentials.ifPresent(c -> events.debug("registry " + actual + ": credentials for " + c.username() + " from " + c.source()));
    if (!actual.equals(host)) {
      events.debug("registry " + host + " is served by the mirror " + actual);
    }
    OciRegistry registry = new JibRegistry(actual, credentials.orElse(null), insecure, events);
    open.put(actual, registry);
    return registry;
  }
}
