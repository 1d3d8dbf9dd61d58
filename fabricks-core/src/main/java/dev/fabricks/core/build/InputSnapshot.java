package dev.fabricks.core.build;

import dev.fabricks.core.FabricksException;
import dev.fabricks.core.cache.FileStamp;
import dev.fabricks.core.config.ConfigLoader;
import dev.fabricks.core.config.FabricksConfig;
import dev.fabricks.core.image.ImageSource;
import dev.fabricks.core.source.SourceFile;
import dev.fabricks.core.source.SourceTree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rebuild depends on, cheap to take: fabricks.toml, every file the source layer would pack
 * and a local runtime layout's index, each by its {@link FileStamp}. Two equal snapshots
 * mean there is nothing to rebuild; the build itself still decides by content.
 */
public record InputSnapshot(List<String> entries) {

  public static InputSnapshot take(Path configFile, String fromOverride) {
    List<String> entries = new ArrayList<>();
    entries.add(stamp(configFile));
    try {
      FabricksConfig config = ConfigLoader.load(configFile, fromOverride);
      if (config.from() instanceof ImageSource.Layout layout) {
        entries.add(stamp(layout.directory().resolve("index.json")));
      }
      for (SourceFile file : SourceTree.scan(config.source()).files()) {
        entries.add(file.path() + "\0" + stamp(file.file()));
      }
    } catch (FabricksException e) {
      entries.add("error\0" + e.getMessage()); // the build reports it; a change of the problem is a change
    }
    return new InputSnapshot(List.copyOf(entries));
  }

  private static String stamp(Path file) {
    try {
      return file + "\0" + FileStamp.read(file);
    } catch (IOException e) {
      return file + "\0missing";
    }
  }
}
