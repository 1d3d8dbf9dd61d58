package dev.fabricks.core.tools;

import dev.fabricks.core.FabricksException;

/** An external tool that is missing, too old, or failed; the message carries its error output. */
public final class ToolException extends FabricksException {
  private static final long serialVersionUID = 1L;

  public ToolException(String message) {
    super(message);
  }

  public ToolException(String message, Throwable cause) {
    super(message, cause);
  }
}
