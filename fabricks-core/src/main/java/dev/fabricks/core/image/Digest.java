package dev.fabricks.core.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest, always {@code sha256:<64 lowercase hex>}. */
public record Digest(String hex) implements Comparable<Digest> {
  private static final Pattern HEX = Pattern.compile("[a-f0-9]{64}");
  public static final String ALGORITHM = "sha256";

  public Digest {
    if (!HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("not a sha256 hex digest: " + hex);
    }
  }

  /** Parses {@code sha256:<hex>}; returns null when the text is not such a digest. */
  public static Digest parseOrNull(String text) {
    if (text == null || !text.startsWith(ALGORITHM + ":")) {
      return null;
    }
    String hex = text.substring(ALGORITHM.length() + 1);
    return HEX.matcher(hex).matches() ? new Digest(hex) : null;
  }

  public static Digest parse(String text) {
    Digest digest = parseOrNull(text);
    if (digest == null) {
      throw new IllegalArgumentException(
          "not a digest: '" + text + "' (expected sha256: followed by 64 lowercase hex digits)");
    }
    return digest;
  }

  /** Parses the digest part of an image reference, with a message that says what is wrong. */
  static Digest parseInReference(String text) {
    Digest digest = parseOrNull(text);
    if (digest == null) {
      throw new IllegalArgumentException("'" + text
          + "' is not a valid digest: expected sha256: followed by 64 lowercase hex digits");
    }
    return digest;
  }

  public static Digest of(byte[] bytes) {
    MessageDigest md = newSha256();
    return new Digest(HexFormat.of().formatHex(md.digest(bytes)));
  }

  public static Digest of(Path file) throws IOException {
    MessageDigest md = newSha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    }
    return fromMessageDigest(md);
  }

  public static Digest fromMessageDigest(MessageDigest md) {
    return new Digest(HexFormat.of().formatHex(md.digest()));
  }

  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** A short form for log lines: {@code sha256:0123456789ab}. */
  public String shortForm() {
    return ALGORITHM + ":" + hex.substring(0, 12);
  }

  @Override
  public int compareTo(Digest other) {
    return hex.compareTo(other.hex);
  }

  @Override
  public String toString() {
    return ALGORITHM + ":" + hex;
  }
}
