package dev.fabricks.core.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class VersionTest {
  @Test
  void findsTheFirstVersionInToolOutput() {
    assertEquals(Optional.of(new Version(1, 263, 0)), Version.find("wasm-tools 1.263.0 (abc 2025-01-01)"));
    assertEquals(Optional.of(new Version(10, 0, 12)), Version.find("tool v10.0.12\nlib 2.3.4"));
    assertEquals(Optional.empty(), Version.find("wasm-tools 1.263"));
    assertEquals(Optional.empty(), Version.find(""));
    assertEquals(new Version(1, 2, 3), Version.parse("1.2.3"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Version.parse("garbage")).getMessage()
        .contains("not a version: garbage"));
  }

  @Test
  void comparesNumerically() {
    List<Version> sorted = Stream.of("1.263.0", "1.9.0", "1.220.0", "0.99.99", "2.0.0", "1.220.1", "1.10.0")
        .map(Version::parse).sorted().toList();
    assertEquals("[0.99.99, 1.9.0, 1.10.0, 1.220.0, 1.220.1, 1.263.0, 2.0.0]", sorted.toString());
    assertTrue(WasmTools.PINNED.compareTo(WasmTools.MINIMUM) >= 0, "the pinned version is new enough");
    assertEquals("cargo install --locked wasm-tools@" + WasmTools.PINNED, WasmTools.INSTALL_HINT);
  }
}
