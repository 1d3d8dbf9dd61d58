package dev.fabricks.core.config;

import dev.fabricks.core.FabricksException;
import java.nio.file.Path;

/**
 * A mistake in fabricks.toml. The message names the file, the line where it is known, the key, and
 * says how to fix it, e.g. {@code fabricks.toml:4: unknown key `entrypont` in [source]; did you mean
 * `entrypoint`?}.
 */
public final class ConfigException extends FabricksException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;
  private final String key;

  public ConfigException(Path file, int line, String key, String problem) {
    super(format(file, line, problem));
    this.file = file;
    this.line = line;
    this.key = key;
  }

  private static String format(Path file, int line, String problem) {
    return file + (line > 0 ? ":" + line : "") + ": " + problem;
  }

  public Path file() {
    return file;
  }

  /** The line the problem is on, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** The dotted key the problem is about, e.g. {@code source.entrypoint}; empty for syntax errors. */
  public String key() {
    return key;
  }
}
