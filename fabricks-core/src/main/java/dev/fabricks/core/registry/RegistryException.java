package dev.fabricks.core.registry;

import dev.fabricks.core.FabricksException;

/**
 * A registry operation that failed. The message names the registry, the repository, the operation
 * and what to do; it never contains a credential.
 */
public class RegistryException extends FabricksException {
  private static final long serialVersionUID = 1L;

  private final String registry;
  private final String repository;
  private final String operation;

  public RegistryException(String registry, String repository, String operation, String advice) {
    this(registry, repository, operation, advice, null);
  }

  public RegistryException(String registry, String repository, String operation, String advice, Throwable cause) {
    super("cannot " + operation + " " + (repository.isEmpty() ? "at " + registry : registry + "/" + repository) + ": " + advice,
        cause);
    this.registry = registry;
    this.repository = repository;
    this.operation = operation;
  }

  public String registry() {
    return registry;
  }

  public String repository() {
    return repository;
  }

  public String operation() {
    return operation;
  }
}
