package dev.fabricks.core.js;

import dev.fabricks.core.js.Token.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits JavaScript source into {@link Token}s, enough to find module declarations: strings,
 * templates (with nested substitutions), comments (skipped), regular expression literals (told
 * from division by the token before them), names, numbers and punctuators, with bracket depth.
 * It does not check syntax: the engine does that when the code runs.
 */
public final class JsTokenizer {
  /** Words after which an expression, and so a regular expression literal, may start. */
  static final Set<String> KEYWORDS_BEFORE_EXPR = Set.of("return", "typeof", "instanceof", "in", "of", "new", "delete",
      "void", "throw", "case", "do", "else", "yield", "await");

  /** Punctuators after which a / divides. */
  private static final Set<String> NO_REGEX_AFTER = Set.of(")", "]", "}", "++", "--");

  /** Multi-character punctuators, longest first where one begins another. */
  private static final String[] PUNCTUATORS = {">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=",
      "??=", "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "%=", "&=", "|=", "^=",
      "**", "<<", ">>"};

  private final String src;
  private final int n;
  private final List<Token> tokens = new ArrayList<>();
  private final List<Integer> templates = new ArrayList<>(); // depths at which a substitution is open
  private int depth;
  private boolean newline;
  private Token prev;

  private JsTokenizer(String src) {
    this.src = src;
    this.n = src.length();
  }

  public static List<Token> tokenize(String src) {
    JsTokenizer t = new JsTokenizer(src);
    t.run();
    return t.tokens;
  }

  private void push(Type type, int s, int e, boolean opens, boolean closes) {
    Token tok = new Token(type, src.substring(s, e), s, e, depth, newline, opens, closes);
    tokens.add(tok);
    prev = tok;
    newline = false;
  }

  private boolean regexAllowed() {
    if (prev == null) {
      return true;
    }
    return switch (prev.type()) {
      case PUNCT -> !NO_REGEX_AFTER.contains(prev.text());
      case NAME -> KEYWORDS_BEFORE_EXPR.contains(prev.text());
      case TEMPLATE -> prev.opens(); // an expression starts after `...${
      default -> false;
    };
  }

  private static boolean isLineTerminator(char c) {
    return c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\u000b' || c == '\f' || c == '\u00a0' || c == '\ufeff';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isWord(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
  }

  private static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c == '#' || c >= '\u0080';
  }

  private static boolean isNamePart(char c) {
    return isWord(c) || c == '$' || c >= '\u0080';
  }

  /** Length of a `\\u` escape in a name at i (`\\u` then hex digits or braces), or 0. */
  private int unicodeEscape(int i) {
    if (i + 2 >= n || src.charAt(i) != '\\' || src.charAt(i + 1) != 'u') {
      return 0;
    }
    int j = i + 2;
    while (j < n && (isHex(src.charAt(j)) || src.charAt(j) == '{' || src.charAt(j) == '}')) {
      j++;
    }
    return j > i + 2 ? j - i : 0;
  }

  /** Template characters from i up to and including the closing ` or the next `${`; pushes the piece. */
  private int template(int s, int i, boolean head) {
    boolean open = false;
    while (i < n) {
      char c = src.charAt(i);
      if (c == '`') {
        i++;
        break;
      }
      if (c == '\\') {
        i = Math.min(n, i + 2);
        continue;
      }
      if (c == '$' && i + 1 < n && src.charAt(i + 1) == '{') {
        i += 2;
        open = true;
        break;
      }
      i++;
    }
    if (head && !open) {
      push(Type.STRING, s, i, false, false);
      return i;
    }
    if (!head) {
      depth--;
    }
    push(Type.TEMPLATE, s, i, open, !head);
    if (open) {
      templates.add(depth);
      depth++;
    }
    return i;
  }

  /** A regular expression literal's rest after its opening / at i: body, then flags. */
  private int regex(int i) {
    while (i < n) {
      char c = src.charAt(i);
      if (c == '\\') {
        if (i + 1 < n && !isLineTerminator(src.charAt(i + 1))) {
          i += 2;
          continue;
        }
        break;
      }
      if (c == '/' || c == '\n' || c == '\r') {
        break;
      }
      if (c == '[') {
        i++;
        while (i < n) {
          char d = src.charAt(i);
          if (d == '\\' && i + 1 < n && !isLineTerminator(src.charAt(i + 1))) {
            i += 2;
          } else if (d == ']' || d == '\\' || d == '\n' || d == '\r') {
            break;
          } else {
            i++;
          }
        }
        if (i < n && src.charAt(i) == ']') {
          i++;
        }
        continue;
      }
      i++;
    }
    if (i < n && src.charAt(i) == '/') {
      i++;
      while (i < n && (isWord(src.charAt(i)) || src.charAt(i) == '$')) {
        i++;
      }
    }
    return i;
  }

  /** End of a quoted string from its opening quote at s (unterminated strings end at a newline). */
  private int string(int s) {
    char q = src.charAt(s);
    int i = s + 1;
    while (i < n) {
      char c = src.charAt(i);
      if (c == '\\' && i + 1 < n) {
        i += 2;
      } else if (c == q) {
        return i + 1;
      } else if (c == '\n' || c == '\\') {
        return i;
      } else {
        i++;
      }
    }
    return i;
  }

  /** End of a number literal at s, or s when none starts there. */
  private int number(int s) {
    int i = s;
    char c = src.charAt(i);
    if (c == '0' && i + 2 < n && "xXoObB".indexOf(src.charAt(i + 1)) >= 0
        && (isHex(src.charAt(i + 2)) || src.charAt(i + 2) == '_')) {
      i += 2;
      while (i < n && (isHex(src.charAt(i)) || src.charAt(i) == '_')) {
        i++;
      }
    } else if (isDigit(c)) {
      i++;
      while (i < n && (isDigit(src.charAt(i)) || src.charAt(i) == '_')) {
        i++;
      }
      if (i < n && src.charAt(i) == '.') {
        i++;
      }
      while (i < n && (isDigit(src.charAt(i)) || src.charAt(i) == '_')) {
        i++;
      }
      i = exponent(i);
    } else if (c == '.' && i + 1 < n && isDigit(src.charAt(i + 1))) {
      i += 2;
      while (i < n && (isDigit(src.charAt(i)) || src.charAt(i) == '_')) {
        i++;
      }
      i = exponent(i);
    } else {
      return s;
    }
    if (i < n && src.charAt(i) == 'n') {
      i++;
    }
    return i;
  }

  private int exponent(int i) {
    if (i < n && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (src.charAt(j) == '+' || src.charAt(j) == '-')) {
        j++;
      }
      if (j < n && isDigit(src.charAt(j))) {
        j++;
        while (j < n && (isDigit(src.charAt(j)) || src.charAt(j) == '_')) {
          j++;
        }
        return j;
      }
    }
    return i;
  }

  private void run() {
    int i = 0;
    while (i < n) {
      int s = i;
      char c = src.charAt(i);
      if (isSpace(c)) {
        while (i < n && isSpace(src.charAt(i))) {
          i++;
        }
        continue;
      }
      if (isLineTerminator(c)) {
        i += c == '\r' && i + 1 < n && src.charAt(i + 1) == '\n' ? 2 : 1;
        newline = true;
        continue;
      }
      if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
        while (i < n && !isLineTerminator(src.charAt(i))) {
          i++;
        }
        continue;
      }
      if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
        int close = src.indexOf("*/", i + 2);
        int e = close < 0 ? n : close + 2;
        for (int k = i; k < e; k++) {
          if (isLineTerminator(src.charAt(k))) {
            newline = true;
            break;
          }
        }
        i = e;
        continue;
      }
      if (c == '"' || c == '\'') {
        i = string(s);
        push(Type.STRING, s, i, false, false);
        continue;
      }
      int escape = isNameStart(c) ? 1 : unicodeEscape(i);
      if (escape > 0) {
        i += escape;
        while (i < n) {
          if (isNamePart(src.charAt(i))) {
            i++;
          } else if ((escape = unicodeEscape(i)) > 0) {
            i += escape;
          } else {
            break;
          }
        }
        push(Type.NAME, s, i, false, false);
        continue;
      }
      int num = number(s);
      if (num > s) {
        i = num;
        push(Type.NUMBER, s, i, false, false);
        continue;
      }
      String p = null;
      for (String candidate : PUNCTUATORS) {
        if (src.startsWith(candidate, i)) {
          if (candidate.equals("?.") && i + 2 < n && isDigit(src.charAt(i + 2))) {
            continue;
          }
          p = candidate;
          break;
        }
      }
      if (p == null) {
        p = String.valueOf(c);
      }
      i += p.length();
      switch (p) {
        case "/" -> {
          if (regexAllowed()) {
            i = regex(i);
            push(Type.REGEX, s, i, false, false);
          } else {
            if (i < n && src.charAt(i) == '=') {
              i++; // /=
            }
            push(Type.PUNCT, s, i, false, false);
          }
        }
        case "`" -> i = template(s, i, true);
        case "}" -> {
          if (!templates.isEmpty() && templates.get(templates.size() - 1) == depth - 1) {
            templates.remove(templates.size() - 1);
            i = template(s, i, false);
          } else {
            depth--;
            push(Type.PUNCT, s, i, false, true);
          }
        }
        case ")", "]" -> {
          depth--;
          push(Type.PUNCT, s, i, false, true);
        }
        case "{", "(", "[" -> {
          push(Type.PUNCT, s, i, true, false);
          depth++;
        }
        default -> push(Type.PUNCT, s, i, false, false);
      }
    }
  }
}
