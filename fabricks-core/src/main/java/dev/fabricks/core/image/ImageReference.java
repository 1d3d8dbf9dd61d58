package dev.fabricks.core.image;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A reference to an image in a registry, {@code [registry/]repository[:tag][@sha256:digest]}, with
 * the defaults Docker applies: registry {@code docker.io}, {@code library/} for single-name
 * repositories there, tag {@code latest} when neither tag nor digest is given.
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {
  public static final String DEFAULT_REGISTRY = "docker.io";
  public static final String DEFAULT_TAG = "latest";

  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern REGISTRY =
      Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\\.[A-Za-z0-9-]+)*(?::[0-9]{1,5})?|\\[[0-9a-fA-F:]+\\](?::[0-9]{1,5})?");

  /**
   * Parses a reference.
   *
   * @throws IllegalArgumentException with a message that says which part is wrong
   */
  public static ImageReference parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the image reference is empty");
    }
    if (!text.equals(text.strip())) {
      throw new IllegalArgumentException("the image reference has leading or trailing spaces");
    }
    String rest = text;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Digest.parseInReference(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      if (!TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException("'" + tag
            + "' is not a valid tag: use letters, digits, '_', '.' and '-' (at most 128, not starting with '.' or '-')");
      }
      rest = rest.substring(0, colon);
    }
    String registry = DEFAULT_REGISTRY;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) {
        if (!REGISTRY.matcher(first).matches()) {
          throw new IllegalArgumentException("'" + first + "' is not a valid registry host");
        }
        registry = first;
        rest = rest.substring(slash + 1);
      }
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("the repository name is missing");
    }
    for (String component : rest.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        throw new IllegalArgumentException("'" + rest + "' is not a valid repository name: "
            + (component.isEmpty() ? "it has an empty path component" : "'" + component
            + "' must be lowercase letters and digits, separated by '.', '_', '__' or '-'"));
      }
    }
    if (registry.equals(DEFAULT_REGISTRY) && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    if (tag == null && digest == null) {
      tag = DEFAULT_TAG;
    }
    return new ImageReference(registry, rest, tag, digest);
  }

  public Optional<String> optionalTag() {
    return Optional.ofNullable(tag);
  }

  public Optional<Digest> optionalDigest() {
    return Optional.ofNullable(digest);
  }

  /** The tag or digest to ask the registry for: the digest wins when both are given. */
  public String qualifier() {
    return digest != null ? digest.toString() : tag;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(registry).append('/').append(repository);
    if (tag != null) {
      text.append(':').append(tag);
    }
    if (digest != null) {
      text.append('@').append(digest);
    }
    return text.toString();
  }
}
