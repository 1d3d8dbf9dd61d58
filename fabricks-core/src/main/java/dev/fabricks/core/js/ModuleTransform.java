package dev.fabricks.core.js;

import dev.fabricks.core.js.Token.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Turns one JavaScript file into what the runtime's loader evaluates, at build time, so that the
 * program does not pay for it at every start.
 *
 * <p>The top-level {@code import}/{@code export} declarations of an ES module are blanked out in
 * place (line numbers stay right) and replaced by a prefix, on the first line, that does what they
 * do through the loader's {@code __fx} object:
 *
 * <pre>
 *   "use strict";
 *   __fx.exp({"name": () =&gt; local, ...});   // exports, as live getters
 *   const __fabricks_m0 = __fx.imp("spec"); // each module request, in order
 *   __fx.bind(__fabricks_m0, ["a", "b"]);   // imported bindings: b reads a of the module, live
 *   const ns = __fabricks_m2;               // import * as ns
 *   __fx.star(__fabricks_m1);               // export * from
 * </pre>
 *
 * {@code import.meta} becomes {@code __fx.meta} and {@code import(...)} becomes {@code
 * __fx.dyn(...)}, in CommonJS files too. A module that imports names is marked {@link
 * Result#live()}: the loader runs it inside {@code with (bindings)}, whose getters read the
 * exporter's variables when used, so imports are live, cycles work, and assigning to an import
 * throws. Regular expression literals the engine cannot compile (Unicode property escapes with the
 * {@code u} flag, any {@code v} flag) become {@code __fx.re(body, flags)}, which the loader
 * rewrites once per pattern. The requests found on the way ({@link Result#imports()}, {@link
 * Result#requires()}) let the build follow the module graph.
 */
public final class ModuleTransform {
  /** Whether a file is an ES module: known from its name or package, or decided by its syntax. */
  public enum Kind { MODULE, COMMONJS, AUTO }

  /**
   * A change to the source: chars {@code start} to {@code end} replaced by {@code text}, or, when
   * {@code text} is null, blanked (every char but line terminators becomes a space).
   */
  public record Edit(int start, int end, String text) {}

  /**
   * @param code the code to evaluate: as many lines as the source, the prefix on the first line
   * @param edits how {@code code} is made from the source, in order (the prefix is an insertion at 0)
   * @param esm whether it is an ES module
   * @param live whether it imports named bindings (run inside {@code with})
   * @param imports module requests of import/export declarations and of {@code import("literal")}
   * @param requires arguments of {@code require("literal")} and {@code require.resolve("literal")}
   * @param computed whether it calls {@code require} or {@code import()} with a computed argument
   */
  public record Result(String code, List<Edit> edits, boolean esm, boolean live, List<String> imports,
      List<String> requires, boolean computed) {}

  private static final Set<String> NO_END_BEFORE = Set.of(".", "?.", "(", "[", "+", "-", "*", "/", "%", "**", "=",
      "==", "===", "!=", "!==", "<", ">", "<=", ">=", "&&", "||", "??", "&", "|", "^", "?", ":", ",", "=>", "<<", ">>",
      ">>>");

  private final String source;
  private final List<Token> toks;
  private final Kind kind;
  private final List<Edit> edits = new ArrayList<>();
  private final List<String> prefix = new ArrayList<>();
  private final List<String[]> getters = new ArrayList<>(); // [exported name, expression]
  private final List<String> imports = new ArrayList<>();
  private final List<String> requires = new ArrayList<>();
  private boolean computed;
  private boolean live;
  private int count;

  private ModuleTransform(String source, Kind kind) {
    this.source = source;
    this.kind = kind;
    this.toks = JsTokenizer.tokenize(source);
  }

  /** Transforms {@code source} (without its {@code #!} line, which the caller blanks). */
  public static Result transform(String source, Kind kind) {
    return new ModuleTransform(source, kind).run();
  }

  /**
   * Prints what the build makes of JavaScript files, one JSON object per line ({@code file},
   * {@code code}, {@code esm}, {@code live}, or {@code error}): {@code java -cp fabricks-core.jar
   * dev.fabricks.core.js.ModuleTransform [--kind module|commonjs|auto] FILE...}. The kind defaults to
   * the file name's ({@code .mjs}, {@code .cjs}, else auto); the runtime's tests use this.
   */
  public static void main(String[] args) throws java.io.IOException {
    Kind forced = null;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--kind") && i + 1 < args.length) {
        forced = Kind.valueOf(args[++i].toUpperCase(java.util.Locale.ROOT));
        continue;
      }
      String file = args[i];
      String text = java.nio.file.Files.readString(java.nio.file.Path.of(file));
      Kind kind = forced != null ? forced : file.endsWith(".mjs") ? Kind.MODULE : file.endsWith(".cjs") ? Kind.COMMONJS
          : Kind.AUTO;
      out.append("{\"file\":").append(jsString(file));
      try {
        Result r = transform(text, kind);
        out.append(",\"code\":").append(jsString(r.code())).append(",\"esm\":").append(r.esm())
            .append(",\"live\":").append(r.live());
      } catch (JsSyntaxException e) {
        out.append(",\"error\":").append(jsString(e.getMessage())).append(",\"line\":").append(e.line());
      }
      out.append("}\n");
    }
    System.out.print(out);
  }

  /** A JavaScript string literal for {@code text} (JSON's escaping, plus U+2028/U+2029). */
  static String jsString(String text) {
    StringBuilder b = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** The value of a quoted string literal's text (common escapes; others keep their character). */
  static String stringValue(String literal) {
    StringBuilder b = new StringBuilder();
    int end = literal.length() > 1 && literal.charAt(literal.length() - 1) == literal.charAt(0) ? literal.length() - 1
        : literal.length();
    for (int i = 1; i < end; i++) {
      char c = literal.charAt(i);
      if (c != '\\' || i + 1 >= end) {
        b.append(c);
        continue;
      }
      char e = literal.charAt(++i);
      switch (e) {
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'v' -> b.append('\u000b');
        case '0' -> b.append('\0');
        case 'x' -> {
          if (i + 2 < end) {
            b.append((char) Integer.parseInt(literal.substring(i + 1, i + 3), 16));
            i += 2;
          }
        }
        case 'u' -> {
          if (i + 1 < end && literal.charAt(i + 1) == '{') {
            int close = literal.indexOf('}', i);
            b.appendCodePoint(Integer.parseInt(literal.substring(i + 2, close), 16));
            i = close;
          } else if (i + 4 < end) {
            b.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
            i += 4;
          }
        }
        case '\r' -> {
          if (i + 1 < end && literal.charAt(i + 1) == '\n') {
            i++;
          }
        }
        case '\n', '\u2028', '\u2029' -> { }
        default -> b.append(e);
      }
    }
    return b.toString();
  }

  private Token tok(int j) {
    return j >= 0 && j < toks.size() ? toks.get(j) : null;
  }

  private String v(int j) {
    Token t = tok(j);
    return t == null ? null : t.text();
  }

  private boolean isPunct(int j, String value) {
    Token t = tok(j);
    return t != null && t.punct(value);
  }

  private JsSyntaxException fail(int j, String what) {
    Token at = toks.isEmpty() ? null : toks.get(Math.min(j, toks.size() - 1));
    int line = 1;
    if (at != null) {
      for (int k = 0; k < at.start(); k++) {
        if (source.charAt(k) == '\n') {
          line++;
        }
      }
    }
    return new JsSyntaxException(what + " (line " + line + ")", line);
  }

  private void blank(int s, int e) {
    edits.add(new Edit(s, e, null));
  }

  private String request(int j) {
    Token t = tok(j);
    if (t == null || t.type() != Type.STRING) {
      throw fail(j, "expected a module specifier string");
    }
    String name = "__fabricks_m" + count++;
    prefix.add("const " + name + "=__fx.imp(" + t.text() + ");");
    imports.add(stringValue(t.text()));
    return name;
  }

  /** {@code with { type: 'json' }} or {@code assert {...}} after a specifier. */
  private int attributes(int j) {
    if (("with".equals(v(j)) || "assert".equals(v(j))) && isPunct(j + 1, "{") && !tok(j).newlineBefore()) {
      j += 2;
      while (j < toks.size() && !isPunct(j, "}")) {
        j++;
      }
      j++;
    }
    return j;
  }

  private int semicolon(int j) {
    return isPunct(j, ";") ? j + 1 : j;
  }

  private String nameOf(Token t) {
    return t.type() == Type.STRING ? stringValue(t.text()) : t.text();
  }

  /** {@code { a, b as c, "x" as d }} from j (at '{'): the index after '}', and [name, alias] pairs. */
  private int namedList(int j, List<String[]> list) {
    j++;
    while (j < toks.size() && !isPunct(j, "}")) {
      if (isPunct(j, ",")) {
        j++;
        continue;
      }
      String name = nameOf(toks.get(j));
      if ("as".equals(v(j + 1)) && tok(j + 2) != null) {
        list.add(new String[] {name, nameOf(toks.get(j + 2))});
        j += 3;
      } else {
        list.add(new String[] {name, name});
        j++;
      }
    }
    return j + 1;
  }

  /**
   * Skips an initializer expression from j; stops (without consuming) at a ',' or ';' or an
   * unmatched closer at the starting depth, or at a newline that ends the statement (top level).
   */
  private int skipExpr(int j) {
    Token first = tok(j);
    if (first == null) {
      return j;
    }
    int d0 = first.depth();
    int open = 0;
    for (; j < toks.size(); j++) {
      Token tk = toks.get(j);
      if (tk.depth() != d0) {
        continue;
      }
      if (tk.closes() && !tk.opens()) {
        if (open == 0) {
          return j;
        }
        open--;
        continue;
      }
      if (tk.opens() && !tk.closes()) {
        open++;
        continue;
      }
      if (open == 0 && tk.type() == Type.PUNCT && (tk.text().equals(",") || tk.text().equals(";"))) {
        return j;
      }
      if (open == 0 && d0 == 0 && tk.newlineBefore() && j > 0) {
        Token p = toks.get(j - 1);
        boolean pContinues = (p.type() == Type.PUNCT && !p.closes() && !p.text().equals("++") && !p.text().equals("--"))
            || (p.type() == Type.NAME && JsTokenizer.KEYWORDS_BEFORE_EXPR.contains(p.text()))
            || (p.type() == Type.TEMPLATE && p.opens());
        boolean tContinues = (tk.type() == Type.PUNCT && (NO_END_BEFORE.contains(tk.text()) || tk.text().equals("(")
            || tk.text().equals("["))) || (tk.type() == Type.NAME && (tk.text().equals("instanceof")
            || tk.text().equals("in"))) || tk.type() == Type.TEMPLATE
            || (tk.type() == Type.STRING && tk.text().startsWith("`"));
        if (!pContinues && !tContinues) {
          return j;
        }
      }
    }
    return j;
  }

  /** A binding pattern from j: collects declared names, returns the index after it. */
  private int pattern(int j, List<String> names) {
    Token tk = tok(j);
    if (tk != null && tk.type() == Type.NAME) {
      names.add(tk.text());
      return j + 1;
    }
    if (isPunct(j, "[")) {
      j++;
      while (j < toks.size() && !isPunct(j, "]")) {
        if (isPunct(j, ",")) {
          j++;
          continue;
        }
        if (isPunct(j, "...")) {
          j++;
        }
        j = pattern(j, names);
        if (isPunct(j, "=")) {
          j = skipExpr(j + 1);
        }
      }
      return j + 1;
    }
    if (isPunct(j, "{")) {
      j++;
      while (j < toks.size() && !isPunct(j, "}")) {
        if (isPunct(j, ",")) {
          j++;
          continue;
        }
        if (isPunct(j, "...")) {
          j = pattern(j + 1, names);
          continue;
        }
        Token key = toks.get(j);
        if (isPunct(j, "[")) {
          j = skipExpr(j + 1) + 1;
        } else {
          j++;
        }
        if (isPunct(j, ":")) {
          j = pattern(j + 1, names);
        } else {
          names.add(key.text());
        }
        if (isPunct(j, "=")) {
          j = skipExpr(j + 1);
        }
      }
      return j + 1;
    }
    throw fail(j, "unsupported export declaration");
  }

  /** Records {@code require("x")}, {@code require.resolve("x")} and {@code import("x")} arguments. */
  private void call(int i, List<String> into) {
    int open = i + 1;
    Token arg = tok(open + 1);
    if (arg != null && arg.type() == Type.STRING && isPunct(open + 2, ")")) {
      into.add(stringValue(arg.text()));
    } else if (arg != null && !isPunct(open + 1, ")")) {
      computed = true;
    }
  }

  private static boolean needsRewrite(String literal) {
    int end = literal.lastIndexOf('/');
    String flags = literal.substring(end + 1);
    String body = literal.substring(1, end);
    return flags.contains("v") || (flags.contains("u") && (body.contains("\\p{") || body.contains("\\P{")));
  }

  private Result run() {
    boolean isEsm = kind == Kind.MODULE;
    for (int i = 0; i < toks.size(); i++) {
      Token t = toks.get(i);
      if (t.type() == Type.REGEX) {
        int end = t.text().lastIndexOf('/');
        if (end > 0 && needsRewrite(t.text())) {
          edits.add(new Edit(t.start(), t.end(), "__fx.re(" + jsString(t.text().substring(1, end)) + ","
              + jsString(t.text().substring(end + 1)) + ")"));
        }
        continue;
      }
      if (t.type() != Type.NAME) {
        continue;
      }
      Token before = tok(i - 1);
      boolean member = before != null && before.type() == Type.PUNCT
          && (before.text().equals(".") || before.text().equals("?."));
      if (t.text().equals("require") && !member) {
        if (isPunct(i + 1, "(")) {
          call(i, requires);
        } else if (isPunct(i + 1, ".") && "resolve".equals(v(i + 2)) && isPunct(i + 3, "(")) {
          call(i + 2, requires);
        }
        continue;
      }
      if ((!t.text().equals("import") && !t.text().equals("export")) || member) {
        continue;
      }
      if (t.text().equals("import")) {
        if (isPunct(i + 1, ".") && "meta".equals(v(i + 2))) {
          edits.add(new Edit(t.start(), toks.get(i + 2).end(), "__fx.meta"));
          i += 2;
          continue;
        }
        if (isPunct(i + 1, "(")) {
          // A method named `import` (`import() {}` in a class or object) is left alone.
          int k = i + 2;
          while (k < toks.size() && !(toks.get(k).closes() && toks.get(k).depth() == toks.get(i + 1).depth())) {
            k++;
          }
          if (!isPunct(k + 1, "{")) {
            edits.add(new Edit(t.start(), t.end(), "__fx.dyn"));
            call(i, imports);
          }
          continue;
        }
      }
      if (t.depth() != 0 || kind == Kind.COMMONJS) {
        continue;
      }
      isEsm = true;
      i = t.text().equals("import") ? importDeclaration(i) : exportDeclaration(i);
    }

    if (!isEsm) {
      return result(false);
    }
    StringBuilder head = new StringBuilder("\"use strict\";");
    if (!getters.isEmpty()) {
      head.append("__fx.exp({");
      for (int k = 0; k < getters.size(); k++) {
        head.append(k == 0 ? "" : ",").append(jsString(getters.get(k)[0])).append(":()=>").append(getters.get(k)[1]);
      }
      head.append("});");
    }
    prefix.forEach(head::append);
    edits.add(0, new Edit(0, 0, head.toString()));
    return result(true);
  }

  private Result result(boolean esm) {
    edits.sort(Comparator.comparingInt(Edit::start)); // stable: the prefix stays first
    return new Result(apply(source, edits), List.copyOf(edits), esm, esm && live, imports, requires, computed);
  }

  /** An import declaration at i; returns the index of its last token. */
  private int importDeclaration(int i) {
    Token t = toks.get(i);
    int j = i + 1;
    Token first = tok(j);
    if (first != null && first.type() == Type.STRING) { // import 'x'
      request(j);
      j = semicolon(attributes(j + 1));
    } else {
      List<String[]> binds = new ArrayList<>(); // [imported, local]; '*' = namespace
      if ((first != null && first.type() == Type.NAME && !"from".equals(v(j)))
          || ("from".equals(v(j)) && "from".equals(v(j + 1)))) {
        binds.add(new String[] {"default", v(j)});
        j++;
        if (isPunct(j, ",")) {
          j++;
        }
      }
      if (isPunct(j, "*")) {
        if (!"as".equals(v(j + 1))) {
          throw fail(j, "expected `as` after `import *`");
        }
        binds.add(new String[] {"*", v(j + 2)});
        j += 3;
      } else if (isPunct(j, "{")) {
        j = namedList(j, binds);
      }
      if (!"from".equals(v(j))) {
        throw fail(j, "expected `from` in import declaration");
      }
      String m = request(j + 1);
      j = semicolon(attributes(j + 2));
      List<String> named = new ArrayList<>();
      for (String[] bind : binds) {
        if (bind[0].equals("*")) {
          prefix.add("const " + bind[1] + "=" + m + ";");
        } else {
          named.add(jsString(bind[0]));
          named.add(jsString(bind[1]));
        }
      }
      if (!named.isEmpty()) {
        prefix.add("__fx.bind(" + m + ",[" + String.join(",", named) + "]);");
        live = true;
      }
    }
    blank(t.start(), toks.get(j - 1).end());
    return j - 1;
  }

  /** An export declaration at i; returns the index of the last token it consumed. */
  private int exportDeclaration(int i) {
    Token t = toks.get(i);
    int j = i + 1;
    Token nx = tok(j);
    if (nx == null) {
      throw fail(j, "unexpected end after `export`");
    }
    if (nx.text().equals("default")) {
      int k = j + 1;
      if ("async".equals(v(k)) && "function".equals(v(k + 1)) && !toks.get(k + 1).newlineBefore()) {
        k++;
      }
      if ("function".equals(v(k)) || "class".equals(v(k))) {
        int nameAt = k + 1;
        if (isPunct(nameAt, "*")) {
          nameAt++;
        }
        blank(t.start(), nx.end());
        Token name = tok(nameAt);
        if (name != null && name.type() == Type.NAME && !("class".equals(v(k)) && "extends".equals(name.text()))) {
          getters.add(new String[] {"default", name.text()});
        } else {
          int at = name == null ? source.length() : name.start();
          edits.add(new Edit(at, at, " __fabricks_default "));
          getters.add(new String[] {"default", "__fabricks_default"});
        }
      } else {
        edits.add(new Edit(t.start(), nx.end(), "const __fabricks_default ="));
        getters.add(new String[] {"default", "__fabricks_default"});
      }
      return j;
    }
    if (nx.text().equals("const") || nx.text().equals("let") || nx.text().equals("var")) {
      blank(t.start(), t.end());
      List<String> names = new ArrayList<>();
      int k = j + 1;
      for (;;) {
        k = pattern(k, names);
        if (isPunct(k, "=")) {
          k = skipExpr(k + 1);
        }
        if (isPunct(k, ",")) {
          k++;
          continue;
        }
        break;
      }
      for (String name : names) {
        getters.add(new String[] {name, name});
      }
      return j; // the initializers are scanned too (import.meta, import(), require)
    }
    if (nx.text().equals("function") || nx.text().equals("class") || (nx.text().equals("async")
        && "function".equals(v(j + 1)))) {
      int nameAt = nx.text().equals("async") ? j + 2 : j + 1;
      if (isPunct(nameAt, "*")) {
        nameAt++;
      }
      Token name = tok(nameAt);
      if (name == null || name.type() != Type.NAME) {
        throw fail(nameAt, "exported " + nx.text() + " needs a name");
      }
      blank(t.start(), t.end());
      getters.add(new String[] {name.text(), name.text()});
      return nameAt;
    }
    if (isPunct(j, "{")) {
      List<String[]> list = new ArrayList<>();
      j = namedList(j, list);
      if ("from".equals(v(j))) {
        String m = request(j + 1);
        for (String[] pair : list) {
          getters.add(new String[] {pair[1], m + "[" + jsString(pair[0]) + "]"});
        }
        j = attributes(j + 2);
      } else {
        for (String[] pair : list) {
          getters.add(new String[] {pair[1], pair[0]});
        }
      }
      j = semicolon(j);
      blank(t.start(), toks.get(j - 1).end());
      return j - 1;
    }
    if (isPunct(j, "*")) {
      if ("as".equals(v(j + 1))) {
        Token alias = tok(j + 2);
        if (alias == null) {
          throw fail(j + 2, "expected a name after `export * as`");
        }
        if (!"from".equals(v(j + 3))) {
          throw fail(j + 3, "expected `from`");
        }
        String m = request(j + 4);
        getters.add(new String[] {nameOf(alias), m});
        j = j + 5;
      } else {
        if (!"from".equals(v(j + 1))) {
          throw fail(j + 1, "expected `from`");
        }
        String m = request(j + 2);
        prefix.add("__fx.star(" + m + ");");
        j = j + 3;
      }
      j = semicolon(attributes(j));
      blank(t.start(), toks.get(j - 1).end());
      return j - 1;
    }
    throw fail(j, "unsupported export form `export " + nx.text() + "`");
  }

  /** Applies sorted {@code edits} to {@code source}. */
  public static String apply(String source, List<Edit> edits) {
    if (edits.isEmpty()) {
      return source;
    }
    StringBuilder out = new StringBuilder(source.length() + 64);
    int at = 0;
    for (Edit ed : edits) {
      out.append(source, at, ed.start());
      if (ed.text() != null) {
        out.append(ed.text());
      } else {
        for (int k = ed.start(); k < ed.end(); k++) {
          char c = source.charAt(k);
          out.append(c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029' ? c : ' ');
        }
      }
      at = ed.end();
    }
    return out.append(source, at, source.length()).toString();
  }
}
