package dev.fabricks.core.tools;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A three-part tool version, compared numerically. */
public record Version(int major, int minor, int patch) implements Comparable<Version> {
  private static final Pattern FIRST = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

  /** Finds the first {@code x.y.z} in a tool's {@code --version} output. */
  public static Optional<Version> find(String text) {
    Matcher m = FIRST.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
  }

  public static Version parse(String text) {
    return find(text).orElseThrow(() -> new IllegalArgumentException("not a version: " + text));
  }

  @Override
  public int compareTo(Version o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
