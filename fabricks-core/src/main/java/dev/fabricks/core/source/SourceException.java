package dev.fabricks.core.source;

import dev.fabricks.core.FabricksException;

/** A source tree that cannot be packed: a link leading outside it, an unreadable file, no files. */
public final class SourceException extends FabricksException {
  private static final long serialVersionUID = 1L;

  public SourceException(String message) {
    super(message);
  }

  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
