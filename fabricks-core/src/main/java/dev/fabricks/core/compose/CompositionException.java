package dev.fabricks.core.compose;

import dev.fabricks.core.FabricksException;

/** A runtime and a source layer that do not fit together. */
public final class CompositionException extends FabricksException {
  private static final long serialVersionUID = 1L;

  public CompositionException(String message) {
    super(message);
  }

  public CompositionException(String message, Throwable cause) {
    super(message, cause);
  }
}
