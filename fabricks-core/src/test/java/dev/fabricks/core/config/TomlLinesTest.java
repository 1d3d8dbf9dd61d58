package dev.fabricks.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TomlLinesTest {
  private static final TomlLines LINES = new TomlLines(String.join("\n",
      "top = 1",                                // 1
      "[from]  # the runtime",                  // 2
      "image = \"x\"",                          // 3
      "",                                       // 4
      "[ source ]",                             // 5
      "  \"entry point\" = 'a'",                // 6
      "a . b = 2",                              // 7
      "[[capabilities.filesystem]]",            // 8
      "path = \"/a\"",                          // 9
      "[[capabilities.filesystem]]",            // 10
      "mode = \"rw\"",                          // 11
      "path = \"/b\"",                          // 12
      "[capabilities.network]",                 // 13
      "listen = [",                             // 14
      "  80,",                                  // 15
      "]"));                                    // 16

  @Test
  void findsTablesAndKeys() {
    assertEquals(1, LINES.lineOf("top"));
    assertEquals(2, LINES.lineOf("from"));
    assertEquals(3, LINES.lineOf("from.image"));
    assertEquals(5, LINES.lineOf("source"));
    assertEquals(6, LINES.lineOf("source.entry point"));
    assertEquals(7, LINES.lineOf("source.a.b"));
    assertEquals(14, LINES.lineOf("capabilities.network.listen"));
  }

  @Test
  void unknownKeysFallBackToTheirTableOrZero() {
    assertEquals(2, LINES.lineOf("from.tag"));
    assertEquals(13, LINES.lineOf("capabilities.network.connect"));
    assertEquals(0, LINES.lineOf("nothing"));
    assertEquals(0, LINES.lineOf("capabilities"));
    assertEquals(0, new TomlLines("").lineOf("from"));
  }

  @Test
  void elementsOfAnArrayOfTablesHaveTheirOwnLines() {
    assertEquals(8, LINES.lineOf("capabilities.filesystem"));
    assertEquals(9, LINES.lineOf("capabilities.filesystem.path"));
    assertEquals(8, LINES.lineOf("capabilities.filesystem[0]"));
    assertEquals(9, LINES.lineOf("capabilities.filesystem[0].path"));
    assertEquals(8, LINES.lineOf("capabilities.filesystem[0].mode"));
    assertEquals(10, LINES.lineOf("capabilities.filesystem[1]"));
    assertEquals(12, LINES.lineOf("capabilities.filesystem[1].path"));
    assertEquals(11, LINES.lineOf("capabilities.filesystem[1].mode"));
    assertEquals(8, LINES.lineOf("capabilities.filesystem[7].path"), "an unknown element falls back to the table");
  }

  @Test
  void windowsLineEndingsCountTheSame() {
    TomlLines crlf = new TomlLines("[from]\r\nimage = \"x\"\r\n[source]\r\nentrypoint = \"a\"\r\n");
    assertEquals(2, crlf.lineOf("from.image"));
    assertEquals(4, crlf.lineOf("source.entrypoint"));
  }
}
