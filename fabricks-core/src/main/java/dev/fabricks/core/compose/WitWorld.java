package dev.fabricks.core.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The imports and exports of a component, read from the WIT text that wasm-tools prints. */
public record WitWorld(List<String> imports, List<String> exports) {
  private static final Pattern ITEM = Pattern.compile("^\\s*(import|export)\\s+([A-Za-z0-9_:/@.%-]+?)\\s*(;|:\\s|:$|\\{)");

  public WitWorld {
    imports = List.copyOf(imports);
    exports = List.copyOf(exports);
  }

  /** Reads the items of the first {@code world} in the text. */
  public static WitWorld parse(String wit) {
    List<String> imports = new ArrayList<>();
    List<String> exports = new ArrayList<>();
    boolean inWorld = false;
    int depth = 0;
    for (String line : wit.split("\n")) {
      String trimmed = line.strip();
      if (!inWorld) {
        if (trimmed.startsWith("world ") && trimmed.endsWith("{")) {
          inWorld = true;
          depth = 1;
        }
        continue;
      }
      if (depth == 1) {
        Matcher m = ITEM.matcher(line);
        if (m.find()) {
          (m.group(1).equals("import") ? imports : exports).add(m.group(2));
        }
      }
      depth += count(trimmed, '{') - count(trimmed, '}');
      if (depth <= 0) {
        break;
      }
    }
    return new WitWorld(imports, exports);
  }

  public boolean importsInterface(String prefix) {
    return imports.stream().anyMatch(i -> i.startsWith(prefix));
  }

  private static int count(String text, char c) {
    return (int) text.chars().filter(x -> x == c).count();
  }
}
