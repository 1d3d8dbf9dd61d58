package dev.fabricks.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageSourceTest {
  static final String HEX = "ab".repeat(32);
  static final Path BASE = Path.of("/work/project").toAbsolutePath();

  private static ImageSource.Layout layout(String text) {
    return assertInstanceOf(ImageSource.Layout.class, ImageSource.parse(text, BASE));
  }

  @Test
  void registryReferenceKeepsTheText() {
    ImageSource.Registry source = assertInstanceOf(ImageSource.Registry.class, ImageSource.parse("python:3.12", BASE));
    assertEquals("python:3.12", source.text());
    assertEquals("docker.io/library/python:3.12", source.reference().toString());
  }

  @Test
  void layoutWithTag() {
    ImageSource.Layout source = layout("oci:target/oci:3.14");
    assertEquals("oci:target/oci:3.14", source.text());
    assertEquals(BASE.resolve("target/oci"), source.directory());
    assertEquals("3.14", source.tag());
    assertNull(source.digest());
  }

  @Test
  void layoutWithDigest() {
    ImageSource.Layout source = layout("oci:path@sha256:" + HEX);
    assertEquals(BASE.resolve("path"), source.directory());
    assertNull(source.tag());
    assertEquals(new Digest(HEX), source.digest());
  }

  @Test
  void layoutWithNeitherTagNorDigest() {
    ImageSource.Layout source = layout("oci:relative/dir");
    assertEquals(BASE.resolve("relative/dir"), source.directory());
    assertNull(source.tag());
    assertNull(source.digest());
  }

  @Test
  void relativePathsResolveAgainstTheBaseAndAreNormalised() {
    assertEquals(Path.of("/work/runtimes/python/target/oci").toAbsolutePath(),
        layout("oci:../runtimes/./python/target/oci:3.14").directory());
    assertEquals(BASE, layout("oci:.").directory());
  }

  @Test
  void absolutePathsStayAbsolute() {
    ImageSource.Layout source = layout("oci:/srv/layouts/py:1");
    assertEquals(Path.of("/srv/layouts/py"), source.directory());
    assertEquals("1", source.tag());
  }

  @Test
  void aColonInAFolderNameBeforeTheLastSlashIsNotATag() {
    ImageSource.Layout source = layout("oci:a:b/c");
    assertEquals(BASE.resolve("a:b/c"), source.directory());
    assertNull(source.tag());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // a one-letter folder, with and without a tag
      "oci:C|C|",
      "oci:C:1.0|C|1.0",
      // Windows drive paths: the colon of the drive is not a tag separator
      "oci:C:/layouts/py|C:/layouts/py|",
      "oci:C:/layouts/py:3.14|C:/layouts/py|3.14",
      "oci:C:\\layouts\\py|C:\\layouts\\py|",
      "oci:C:\\layouts\\py:3.14|C:\\layouts\\py|3.14",
      "oci:..\\rt\\oci|..\\rt\\oci|"})
  void driveLettersAndBackslashes(String text, String path, String tag) {
    ImageSource.Layout source = layout(text);
    assertEquals(BASE.resolve(path).normalize(), source.directory());
    assertEquals(tag, source.tag());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "oci:|the layout path is missing",
      "oci::tag|the layout path is missing",
      "oci:@sha256:" + "ab" + "|is not a valid digest",
      "oci:dir@sha256:short|'sha256:short' is not a valid digest",
      "oci:dir@latest|'latest' is not a valid digest",
      "oci:dir:|the tag after ':' is empty in 'oci:dir:'"})
  void invalidLayouts(String text, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageSource.parse(text, BASE));
    assertTrue(e.getMessage().contains(message), () -> "expected `" + message + "` in: " + e.getMessage());
  }

  @Test
  void nullIsARegistryError() {
    assertThrows(IllegalArgumentException.class, () -> ImageSource.parse(null, BASE));
  }
}
