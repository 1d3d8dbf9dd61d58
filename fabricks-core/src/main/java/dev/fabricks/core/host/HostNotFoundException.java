package dev.fabricks.core.host;

import dev.fabricks.core.FabricksException;

/** No usable {@code fabricks-host} executable: the message says where it looked and how to get one. */
public final class HostNotFoundException extends FabricksException {
  private static final long serialVersionUID = 1L;

  public HostNotFoundException(String message) {
    super(message);
  }
}
