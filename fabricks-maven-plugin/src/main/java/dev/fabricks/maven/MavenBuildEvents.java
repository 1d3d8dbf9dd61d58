package dev.fabricks.maven;

import dev.fabricks.core.event.BuildEvents;
import org.apache.maven.plugin.logging.Log;

/** Turns core's events into Maven log lines. */
final class MavenBuildEvents implements BuildEvents {
  private final Log log;

  MavenBuildEvents(Log log) {
    this.log = log;
  }

  @Override
  public void info(String message) {
    log.info(message);
  }

  @Override
  public void warn(String message) {
    log.warn(message);
  }

  @Override
  public void debug(String message) {
    log.debug(message);
  }

  @Override
  public void progress(String step, long done, long total) {
    if (log.isDebugEnabled()) {
      log.debug(step + ": " + done + (total >= 0 ? " of " + total : ""));
    }
  }
}
