package dev.fabricks.core.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.js.Token.Type;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JsTokenizerTest {
  private static Map<String, Token> byText(String src) {
    return JsTokenizer.tokenize(src).stream().collect(Collectors.toMap(Token::text, Function.identity(), (a, b) -> a));
  }

  @Test
  void depthAndNewlines() {
    Map<String, Token> t = byText("a\n{ b `${ c }` }");
    assertEquals(0, t.get("a").depth());
    assertEquals(1, t.get("b").depth());
    assertEquals(2, t.get("c").depth());
    assertTrue(t.get("{").newlineBefore());
    assertTrue(t.get("{").opens());
  }

  @Test
  void regularExpressionsAreToldFromDivision() {
    List<Token> toks = JsTokenizer.tokenize("x = a / b / c; y = /re[/]x/gi.test(s); return /z/; f(x) / 2; i++ / 3");
    assertEquals(List.of("/re[/]x/gi", "/z/"), toks.stream().filter(t -> t.type() == Type.REGEX).map(Token::text).toList());
  }

  @Test
  void stringsTemplatesAndCommentsHideWhatIsInThem() {
    List<Token> toks = JsTokenizer.tokenize("// import a\n/* export b\n*/ 'import c' \"d\\\"e\" `f ${ `g ${h}` } i` 0x1F 1.5e-3n .5");
    List<String> names = toks.stream().filter(t -> t.type() == Type.NAME).map(Token::text).toList();
    assertEquals(List.of("h"), names);
    assertEquals(List.of("0x1F", "1.5e-3n", ".5"), toks.stream().filter(t -> t.type() == Type.NUMBER).map(Token::text).toList());
    assertTrue(toks.get(0).newlineBefore(), "a block comment holding a newline counts as one");
  }

  @Test
  void unterminatedInputEndsCleanly() {
    assertEquals(Type.STRING, JsTokenizer.tokenize("'abc").get(0).type());
    assertEquals(Type.STRING, JsTokenizer.tokenize("`abc").get(0).type());
    assertEquals(0, JsTokenizer.tokenize("/* never closed").size());
  }
}
