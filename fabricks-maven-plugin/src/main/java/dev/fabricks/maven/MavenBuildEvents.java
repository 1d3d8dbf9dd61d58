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

  /** Large transfers are reported at every quarter; small ones stay quiet. */
  private static final long REPORTED_SIZE = 4L << 20;

  private final java.util.Map<String, Integer> quarters = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public void progress(String step, long done, long total) {
    if (total < REPORTED_SIZE) {
      return;
    }
    int quarter = (int) Math.min(4, done * 4 / total);
    Integer previous = quarters.put(step, quarter);
    if (quarter > 0 && (previous == null || quarter > previous)) {
      log.info(step + ": " + (quarter * 25) + "% of " + dev.fabricks.core.event.Sizes.human(total));
    }
  }
}
