package dev.fabricks.core.testing;

import dev.fabricks.core.event.BuildEvents;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Build events kept in lists, for tests that check what a build said; safe across threads. */
public final class RecordedEvents implements BuildEvents {
  public final List<String> infos = new CopyOnWriteArrayList<>();
  public final List<String> warnings = new CopyOnWriteArrayList<>();
  public final List<String> debugs = new CopyOnWriteArrayList<>();

  @Override
  public void info(String message) {
    infos.add(message);
  }

  @Override
  public void warn(String message) {
    warnings.add(message);
  }

  @Override
  public void debug(String message) {
    debugs.add(message);
  }
}
