package dev.fabricks.core.js;

/**
 * One JavaScript token.
 *
 * @param type what it is
 * @param text its source text
 * @param start offset of its first char
 * @param end offset after its last char
 * @param depth bracket depth outside it: top-level tokens have 0 (openers and closers carry the
 *     depth outside them)
 * @param newlineBefore whether a line break (or a comment holding one) precedes it
 * @param opens an opener ({@code ( [ {}, or a template piece that opens a substitution)
 * @param closes a closer ({@code ) ] }}, or a template piece that closes a substitution)
 */
public record Token(Type type, String text, int start, int end, int depth, boolean newlineBefore, boolean opens,
    boolean closes) {

  /** Token types; templates without substitutions are strings. */
  public enum Type { NAME, PUNCT, STRING, TEMPLATE, REGEX, NUMBER }

  boolean is(Type t, String value) {
    return type == t && text.equals(value);
  }

  boolean punct(String value) {
    return type == Type.PUNCT && text.equals(value);
  }
}
