package dev.fabricks.core.build;

import dev.fabricks.core.FabricksException;
import dev.fabricks.core.config.ConfigLoader;
import dev.fabricks.core.config.FabricksConfig;
import dev.fabricks.core.image.ImageSource;
import dev.fabricks.core.source.SourceFile;
import dev.fabricks.core.source.SourceTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rebuild depends on, cheap to take: fabricks.toml, every file the source layer would pack
 * and a local runtime layout's index, each by size and modification time. Two equal snapshots
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
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      return file + "\0" + attrs.size() + "\0" + attrs.lastModifiedTime().toMillis() + "\0" + attrs.fileKey();
    } catch (IOException e) {
      return file + "\0missing";
    }
  }
}
