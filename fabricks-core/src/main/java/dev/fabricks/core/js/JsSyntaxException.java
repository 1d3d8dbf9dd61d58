package dev.fabricks.core.js;

/** A module declaration the build cannot read; {@link #line()} is 1-based. */
public final class JsSyntaxException extends RuntimeException {
  private final int line;

  public JsSyntaxException(String message, int line) {
    super(message);
    this.line = line;
  }

  public int line() {
    return line;
  }
}
