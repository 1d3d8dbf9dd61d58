package dev.fabricks.core.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One run of an external tool: the program, its arguments, and the folder it runs in. */
public record ToolInvocation(Path executable, List<String> arguments, Path workingDirectory) {

  public ToolInvocation {
    arguments = List.copyOf(arguments);
  }

  public List<String> commandLine() {
    List<String> line = new ArrayList<>();
    line.add(executable.toString());
    line.addAll(arguments);
    return line;
  }

  @Override
  public String toString() {
    return String.join(" ", commandLine());
  }
}
