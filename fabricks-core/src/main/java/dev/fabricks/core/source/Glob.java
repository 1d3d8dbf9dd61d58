package dev.fabricks.core.source;

import java.util.regex.Pattern;

/**
 * A path pattern in the style of .gitignore: {@code *} and {@code ?} stay within one path segment,
 * {@code **} crosses segments, {@code {a,b}} picks one. A pattern with no {@code /} except a trailing
 * one matches at any depth; a leading {@code /} anchors it at the source root. A pattern ending in
 * {@code /} matches folders only. A pattern that matches a folder matches everything in it.
 */
public final class Glob {
  private final String text;
  private final Pattern regex;
  private final boolean foldersOnly;

  private Glob(String text, Pattern regex, boolean foldersOnly) {
    this.text = text;
    this.regex = regex;
    this.foldersOnly = foldersOnly;
  }

  public static Glob compile(String pattern) {
    String body = pattern;
    boolean foldersOnly = body.endsWith("/");
    if (foldersOnly) {
      body = body.substring(0, body.length() - 1);
    }
    boolean anchored = body.startsWith("/") || body.contains("/");
    if (body.startsWith("/")) {
      body = body.substring(1);
    }
    String prefix = anchored ? "" : "(?:.*/)?";
    return new Glob(pattern, Pattern.compile(prefix + translate(body)), foldersOnly);
  }

  /** Whether the file at {@code path} ('/'-separated, relative) or one of its folders matches. */
  public boolean matchesFile(String path) {
    if (!foldersOnly && regex.matcher(path).matches()) {
      return true;
    }
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      if (regex.matcher(path.substring(0, slash)).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Whether the folder at {@code path} itself matches, so that nothing under it can be chosen. */
  public boolean matchesFolder(String path) {
    return regex.matcher(path).matches();
  }

  @Override
  public String toString() {
    return text;
  }

  private static String translate(String glob) {
    StringBuilder out = new StringBuilder();
    int braces = 0;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> {
          boolean twice = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
          if (twice) {
            boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
            out.append(slashAfter ? "(?:.*/)?" : ".*");
            i += slashAfter ? 2 : 1;
          } else {
            out.append("[^/]*");
          }
        }
        case '?' -> out.append("[^/]");
        case '{' -> {
          braces++;
          out.append("(?:");
        }
        case '}' -> {
          if (braces > 0) {
            braces--;
            out.append(')');
          } else {
            out.append("\\}");
          }
        }
        case ',' -> out.append(braces > 0 ? "|" : ",");
        default -> out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    while (braces-- > 0) {
      out.append(')');
    }
    return out.toString();
  }
}
