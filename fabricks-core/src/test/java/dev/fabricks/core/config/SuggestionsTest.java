package dev.fabricks.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> SOURCE_KEYS = List.of("path", "entrypoint", "include", "exclude", "default-excludes");

  @Test
  void suggestsTheClosestKeyWithinAFewEdits() {
    assertEquals(Optional.of("entrypoint"), Suggestions.closest("entrypont", SOURCE_KEYS));
    assertEquals(Optional.of("entrypoint"), Suggestions.closest("EntryPoint", SOURCE_KEYS));
    assertEquals(Optional.of("include"), Suggestions.closest("includes", SOURCE_KEYS));
    assertEquals(Optional.of("default-excludes"), Suggestions.closest("default_excludes", SOURCE_KEYS));
    assertEquals(Optional.of("path"), Suggestions.closest("pth", SOURCE_KEYS));
  }

  @Test
  void staysQuietWhenNothingIsClose() {
    assertEquals(Optional.empty(), Suggestions.closest("name", SOURCE_KEYS));
    assertEquals(Optional.empty(), Suggestions.closest("x", List.of("image")));
    assertEquals(Optional.empty(), Suggestions.closest("anything", List.of()));
  }

  @Test
  void allowsMoreEditsForLongerWordsButAtMostThree() {
    assertEquals(Optional.of("entrypoint"), Suggestions.closest("entrypnt", SOURCE_KEYS), "2 edits, 8 letters");
    assertEquals(Optional.empty(), Suggestions.closest("entrpnt", SOURCE_KEYS), "3 edits, but only 7 letters");
    assertEquals(Optional.of("default-excludes"), Suggestions.closest("defaultexclud", SOURCE_KEYS), "3 edits, 13 letters");
    assertEquals(Optional.empty(), Suggestions.closest("defaultexclu", SOURCE_KEYS), "4 edits");
    assertEquals(Optional.empty(), Suggestions.closest("imgae", List.of("image")), "a transposition is 2 edits");
  }
}
