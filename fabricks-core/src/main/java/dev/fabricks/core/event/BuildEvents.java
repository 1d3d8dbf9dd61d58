package dev.fabricks.core.event;

/**
 * Where core reports what it does. Core never logs by itself: the caller (the Maven plugin, a test)
 * decides how events are shown.
 */
public interface BuildEvents {

  /** Events that nobody listens to. */
  BuildEvents NONE = new BuildEvents() {
    @Override
    public void info(String message) {}

    @Override
    public void warn(String message) {}

    @Override
    public void debug(String message) {}
  };

  void info(String message);

  void warn(String message);

  void debug(String message);

  /** Progress of a long step: {@code done} of {@code total} units (bytes or items); total may be -1. */
  default void progress(String step, long done, long total) {}
}
