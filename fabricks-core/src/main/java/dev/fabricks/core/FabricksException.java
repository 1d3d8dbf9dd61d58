package dev.fabricks.core;

/**
 * Base of every error that core reports to a user. The message is complete: it says what went wrong,
 * where, and what to do about it, so callers can show it as is.
 */
public class FabricksException extends Exception {
  private static final long serialVersionUID = 1L;

  public FabricksException(String message) {
    super(message);
  }

  public FabricksException(String message, Throwable cause) {
    super(message, cause);
  }
}
