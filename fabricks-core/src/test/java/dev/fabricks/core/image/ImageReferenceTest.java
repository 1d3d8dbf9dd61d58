package dev.fabricks.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageReferenceTest {
  static final String HEX = "0123456789abcdef".repeat(4);

  static Stream<Arguments> valid() {
    // text, registry, repository, tag, digest hex, toString
    return Stream.of(
        Arguments.of("python", "docker.io", "library/python", "latest", null, "docker.io/library/python:latest"),
        Arguments.of("python:3.12", "docker.io", "library/python", "3.12", null, "docker.io/library/python:3.12"),
        Arguments.of("docker.io/python", "docker.io", "library/python", "latest", null, "docker.io/library/python:latest"),
        Arguments.of("me/app", "docker.io", "me/app", "latest", null, "docker.io/me/app:latest"),
        Arguments.of("fabricks.dev/runtimes/python:3.12", "fabricks.dev", "runtimes/python", "3.12", null,
            "fabricks.dev/runtimes/python:3.12"),
        Arguments.of("localhost:5000/a/b", "localhost:5000", "a/b", "latest", null, "localhost:5000/a/b:latest"),
        Arguments.of("localhost/app", "localhost", "app", "latest", null, "localhost/app:latest"),
        Arguments.of("host:5000/repo@sha256:" + HEX, "host:5000", "repo", null, HEX, "host:5000/repo@sha256:" + HEX),
        Arguments.of("ghcr.io/o/r:v1.0_rc-2@sha256:" + HEX, "ghcr.io", "o/r", "v1.0_rc-2", HEX,
            "ghcr.io/o/r:v1.0_rc-2@sha256:" + HEX),
        Arguments.of("[::1]:5000/x", "[::1]:5000", "x", "latest", null, "[::1]:5000/x:latest"),
        Arguments.of("a.b-c/e__f--g.h:T_1", "a.b-c", "e__f--g.h", "T_1", null, "a.b-c/e__f--g.h:T_1"),
        Arguments.of("python@sha256:" + HEX, "docker.io", "library/python", null, HEX,
            "docker.io/library/python@sha256:" + HEX));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void parsesWithDockerDefaults(String text, String registry, String repository, String tag, String hex, String full) {
    ImageReference ref = ImageReference.parse(text);
    assertEquals(registry, ref.registry());
    assertEquals(repository, ref.repository());
    assertEquals(tag, ref.tag());
    assertEquals(hex == null ? null : new Digest(hex), ref.digest());
    assertEquals(full, ref.toString());
    assertEquals(ref, ImageReference.parse(full), "toString parses back to the same reference");
  }

  @Test
  void qualifierPrefersTheDigest() {
    ImageReference both = ImageReference.parse("r.io/x:1@sha256:" + HEX);
    assertEquals("sha256:" + HEX, both.qualifier());
    assertEquals(Optional.of("1"), both.optionalTag());
    assertEquals("1", ImageReference.parse("r.io/x:1").qualifier());
    assertEquals(Optional.empty(), ImageReference.parse("r.io/x@sha256:" + HEX).optionalTag());
    assertEquals(Optional.empty(), ImageReference.parse("r.io/x:1").optionalDigest());
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("", "the image reference is empty"),
        Arguments.of("   ", "the image reference is empty"),
        Arguments.of(" python", "leading or trailing spaces"),
        Arguments.of("Foo/Bar:tag", "'Foo/Bar' is not a valid repository name: 'Foo' must be lowercase"),
        Arguments.of("python:bad tag", "'bad tag' is not a valid tag"),
        Arguments.of("python:", "'' is not a valid tag"),
        Arguments.of("python:.hidden", "'.hidden' is not a valid tag"),
        Arguments.of("python:" + "t".repeat(129), "is not a valid tag"),
        Arguments.of("repo@sha256:short", "'sha256:short' is not a valid digest"),
        Arguments.of("repo@sha256:" + HEX.toUpperCase(), "is not a valid digest"),
        Arguments.of("repo@md5:" + HEX, "'md5:" + HEX + "' is not a valid digest"),
        Arguments.of("repo@", "'' is not a valid digest"),
        Arguments.of("a//b", "'a//b' is not a valid repository name: it has an empty path component"),
        Arguments.of("/python", "it has an empty path component"),
        Arguments.of("r.io/", "the repository name is missing"),
        Arguments.of("my_host.io/x", "'my_host.io' is not a valid registry host"),
        Arguments.of("[::1/x", "'[::1' is not a valid registry host"),
        Arguments.of("a/-b", "'-b' must be lowercase letters and digits"),
        Arguments.of("python:3.12:x", "'python:3.12' is not a valid repository name"));
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("invalid")
  void refusesWithAMessageThatNamesThePart(String text, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(text));
    assertTrue(e.getMessage().contains(message), () -> "expected `" + message + "` in: " + e.getMessage());
  }

  @Test
  void refusesNull() {
    assertEquals("the image reference is empty",
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(null)).getMessage());
  }

  @Test
  void tagOf128CharactersIsFine() {
    assertEquals(128, ImageReference.parse("python:" + "t".repeat(128)).tag().length());
  }

  @Test
  void recordKeepsNullsForAbsentParts() {
    assertNull(ImageReference.parse("x@sha256:" + HEX).tag());
    assertNull(ImageReference.parse("x").digest());
  }
}
