package dev.fabricks.core.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code fabricks-host run}: the app's image layout, folders bound to its declared mounts,
 * limits and the app's arguments. The same command line is printed for MCP client configs.
 *
 * @param host the executable
 * @param target the app's image layout, e.g. {@code target/fabricks/oci}
 * @param mounts {@code GUEST=HOST} pairs, host folders absolute
 * @param verifyKey a PEM public key the app's cosign signature must verify with, or null
 * @param memory a size such as {@code 512M}, or null for the host's default
 * @param timeoutSeconds a deadline, or null
 * @param args the app's own arguments
 */
public record HostRun(Path host, Path target, List<String> mounts, String memory, String timeoutSeconds, Path verifyKey,
    List<String> args) {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./=:@%+,-]+");

  public HostRun {
    mounts = List.copyOf(mounts);
    args = List.copyOf(args);
  }

  public List<String> commandLine() {
    List<String> line = new ArrayList<>(List.of(host.toString(), "run", target.toString()));
    for (String mount : mounts) {
      line.add("--mount");
      line.add(mount);
    }
    if (memory != null) {
      line.add("--memory");
      line.add(memory);
    }
    if (timeoutSeconds != null) {
      line.add("--timeout");
      line.add(timeoutSeconds);
    }
    if (verifyKey != null) {
      line.add("--verify-key");
      line.add(verifyKey.toString());
    }
    if (!args.isEmpty()) {
      line.add("--");
      line.addAll(args);
    }
    return line;
  }

  /** The command line as a POSIX shell would take it. */
  public String shellLine() {
    StringBuilder out = new StringBuilder();
    for (String word : commandLine()) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'");
    }
    return out.toString();
  }

  /**
   * Parses {@code -Dfabricks.run.mounts}: comma-separated {@code GUEST=HOST} pairs, host folders
   * relative to {@code base}.
   */
  public static List<String> parseMounts(String text, Path base) {
    List<String> mounts = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return mounts;
    }
    for (String item : text.split(",")) {
      String entry = item.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw new IllegalArgumentException("mount `" + entry + "` is not GUEST=HOST, e.g. /data=./notes");
      }
      mounts.add(entry.substring(0, eq) + "=" + base.resolve(entry.substring(eq + 1)).normalize());
    }
    return mounts;
  }

  /** Splits {@code -Dfabricks.run.args} like a shell: spaces separate, single and double quotes group. */
  public static List<String> parseArgs(String text) {
    List<String> args = new ArrayList<>();
    if (text == null) {
      return args;
    }
    StringBuilder word = null;
    char quote = 0;
    for (char c : text.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          args.add(word.toString());
          word = null;
        }
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unclosed " + quote + " in `" + text + "`");
    }
    if (word != null) {
      args.add(word.toString());
    }
    return args;
  }
}
