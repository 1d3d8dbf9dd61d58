package dev.fabricks.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Core is a plain library: nothing in it may depend on Maven or on a dependency-injection container. */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final Pattern FORBIDDEN = Pattern.compile(
      "\\b(org\\.apache\\.maven|org\\.codehaus\\.plexus|org\\.eclipse\\.sisu|javax\\.inject|jakarta\\.inject)\\b");
  private static final Pattern BLOCK_COMMENT = Pattern.compile("(?s)/\\*.*?\\*/");
  private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;");

  /** Imports and fully qualified names of the forbidden packages, as {@code line: text}; comments are ignored. */
  static List<String> violations(String source) {
    List<String> found = new ArrayList<>();
    String code = BLOCK_COMMENT.matcher(source).replaceAll(m -> m.group().replaceAll("[^\n]", " "));
    String[] lines = code.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].replaceAll("//.*", "").replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
      Matcher imported = IMPORT.matcher(line);
      String checked = imported.find() ? imported.group(1) : line;
      if (FORBIDDEN.matcher(checked).find()) {
        found.add((i + 1) + ": " + lines[i].strip());
      }
    }
    return found;
  }

  @Test
  void coreDependsOnNeitherMavenNorInjection() throws IOException {
    assertTrue(Files.isDirectory(MAIN.resolve("dev/fabricks/core")), "run from fabricks-core: " + MAIN.toAbsolutePath());
    List<Path> sources;
    try (Stream<Path> all = Files.walk(MAIN)) {
      sources = all.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    assertTrue(sources.size() > 40, "found only " + sources.size() + " sources");
    List<String> problems = new ArrayList<>();
    for (Path source : sources) {
      for (String violation : violations(Files.readString(source, StandardCharsets.UTF_8))) {
        problems.add(MAIN.relativize(source) + ":" + violation);
      }
    }
    assertEquals(List.of(), problems, "fabricks-core must stay free of Maven, Plexus, Sisu and javax/jakarta.inject");
  }

  @Test
  void detectorFindsImportsAndQualifiedNamesButNotComments() {
    String source = String.join("\n",
        "package x;",
        "import org.apache.maven.plugin.MojoExecutionException;",
        "import static org.codehaus.plexus.util.FileUtils.copy;",
        "import javax.inject.*;",
        "import jakarta.inject.Named;",
        "import java.util.List; // org.apache.maven is mentioned in a comment",
        "/* org.eclipse.sisu",
        "   in a block comment */",
        "class A { org.eclipse.sisu.Priority p; String s = \"org.apache.maven\"; }",
        "import org.apache.mavenish.Thing;");
    assertEquals(List.of(
        "2: import org.apache.maven.plugin.MojoExecutionException;",
        "3: import static org.codehaus.plexus.util.FileUtils.copy;",
        "4: import javax.inject.*;",
        "5: import jakarta.inject.Named;",
        "9: class A { org.eclipse.sisu.Priority p; String s = \"org.apache.maven\"; }"), violations(source));
  }
}
