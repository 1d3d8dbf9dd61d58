package dev.fabricks.core.config;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the line on which a key of a TOML document is written. The TOML parser builds a tree
 * without positions, so this scans the text for table headers and {@code key =} lines; it is used
 * for messages only, and answers 0 when it cannot tell.
 */
final class TomlLines {
  private static final Pattern HEADER = Pattern.compile("^\\s*\\[\\[?\\s*([^\\]]+?)\\s*\\]\\]?\\s*(#.*)?$");
  private static final Pattern KEY = Pattern.compile("^\\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\\s*\\.\\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\\s*=");

  private final Map<String, Integer> lines = new HashMap<>();

  TomlLines(String text) {
    String table = "";
    String element = null;
    Map<String, Integer> elementCounts = new HashMap<>();
    String[] all = text.split("\r?\n", -1);
    for (int i = 0; i < all.length; i++) {
      int lineNumber = i + 1;
      Matcher header = HEADER.matcher(all[i]);
      if (header.matches()) {
        table = normalise(header.group(1));
        lines.putIfAbsent(table, lineNumber);
        // [[name]] starts element n of an array of tables, also known as name[n]
        element = null;
        if (all[i].strip().startsWith("[[")) {
          element = table + "[" + (elementCounts.merge(table, 1, Integer::sum) - 1) + "]";
          lines.putIfAbsent(element, lineNumber);
        }
        continue;
      }
      Matcher key = KEY.matcher(all[i]);
      if (key.find()) {
        String dotted = normalise(key.group(1));
        lines.putIfAbsent(table.isEmpty() ? dotted : table + "." + dotted, lineNumber);
        if (element != null) {
          lines.putIfAbsent(element + "." + dotted, lineNumber);
        }
      }
    }
  }

  /**
   * The line of {@code dottedKey}, or of its nearest written parent, or 0. A key in element n of an
   * array of tables is written {@code table[n].key}, counting from 0.
   */
  int lineOf(String dottedKey) {
    String key = dottedKey;
    while (!key.isEmpty()) {
      Integer line = lines.get(key);
      if (line != null) {
        return line;
      }
      int dot = key.lastIndexOf('.');
      int bracket = key.endsWith("]") ? key.lastIndexOf('[') : -1;
      key = bracket > dot ? key.substring(0, bracket) : dot < 0 ? "" : key.substring(0, dot);
    }
    return 0;
  }

  private static String normalise(String dotted) {
    StringBuilder out = new StringBuilder();
    for (String part : dotted.split("\\s*\\.\\s*(?=(?:[^\"']*[\"'][^\"']*[\"'])*[^\"']*$)")) {
      String p = part.strip();
      if (p.length() >= 2 && (p.startsWith("\"") || p.startsWith("'"))) {
        p = p.substring(1, p.length() - 1);
      }
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(p);
    }
    return out.toString();
  }
}
