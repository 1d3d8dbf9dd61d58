package dev.fabricks.core.runtime;

import dev.fabricks.core.FabricksException;

/** A {@code [from]} image that cannot be found, read, or is not a Fabricks runtime. */
public final class RuntimeImageException extends FabricksException {
  private static final long serialVersionUID = 1L;

  public RuntimeImageException(String message) {
    super(message);
  }

  public RuntimeImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
