package dev.fabricks.core.image;

import java.nio.file.Path;

/**
 * Where a {@code [from]} image comes from: a registry, or an OCI image layout on disk written as
 * {@code oci:<path>[:<tag>|@sha256:<digest>]} (path relative to the folder of fabricks.toml).
 */
public sealed interface ImageSource {
  String LAYOUT_PREFIX = "oci:";

  /** The text the user wrote, for messages and for the artifact's config. */
  String text();

  /** An image in a registry. */
  record Registry(String text, ImageReference reference) implements ImageSource {}

  /** An image in a local OCI image layout; exactly one of tag and digest may be null. */
  record Layout(String text, Path directory, String tag, Digest digest) implements ImageSource {}

  /**
   * Parses what a user wrote.
   *
   * @param baseDir the folder that relative layout paths start from
   * @throws IllegalArgumentException with a message that says which part is wrong
   */
  static ImageSource parse(String text, Path baseDir) {
    if (text != null && text.startsWith(LAYOUT_PREFIX)) {
      return parseLayout(text, baseDir);
    }
    return new Registry(text, ImageReference.parse(text));
  }

  private static Layout parseLayout(String text, Path baseDir) {
    String rest = text.substring(LAYOUT_PREFIX.length());
    Digest digest = null;
    String tag = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      digest = Digest.parseInReference(rest.substring(at + 1));
      rest = rest.substring(0, at);
    } else {
      int colon = rest.lastIndexOf(':');
      if (colon > Math.max(rest.lastIndexOf('/'), rest.lastIndexOf('\\'))) {
        tag = rest.substring(colon + 1);
        rest = rest.substring(0, colon);
        if (tag.isEmpty()) {
          throw new IllegalArgumentException("the tag after ':' is empty in '" + text + "'");
        }
      }
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(
          "the layout path is missing: write oci:<folder>[:<tag>], for example oci:../runtimes/python/target/oci:3.14");
    }
    return new Layout(text, baseDir.resolve(rest).normalize(), tag, digest);
  }
}
