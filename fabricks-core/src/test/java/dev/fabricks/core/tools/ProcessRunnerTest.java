package dev.fabricks.core.tools;

import dev.fabricks.core.testing.RecordedEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {
  private static final Path SH = Path.of("/bin/sh");

  private final RecordedEvents events = new RecordedEvents();
  private final List<String> debug = events.debugs;
  private final ProcessRunner runner = new ProcessRunner(events);

  private static ToolInvocation sh(String script, Path workingDirectory) {
    return new ToolInvocation(SH, List.of("-c", script), workingDirectory);
  }

  @Test
  void keepsStdoutStderrAndExitCode() throws Exception {
    ProcessRunner.Result result = runner.runAllowingFailure(sh("echo out; echo err >&2; exit 3", null));
    assertEquals(3, result.exitCode());
    assertEquals("out\n", result.stdout());
    assertEquals("err\n", result.stderr());
    assertTrue(debug.get(0).startsWith("running /bin/sh -c "), debug.toString());
    assertTrue(debug.get(1).contains("exited with 3"), debug.toString());
  }

  @Test
  void nonZeroExitIsAToolExceptionQuotingStderr() {
    ToolException e = assertThrows(ToolException.class, () -> runner.run(sh("echo line1 >&2; echo line2 >&2; exit 2", null)));
    assertTrue(e.getMessage().startsWith("sh failed with exit code 2\n  command: /bin/sh -c "), e.getMessage());
    assertTrue(e.getMessage().endsWith("  line1\n  line2"), e.getMessage());
  }

  @Test
  void longStderrIsCut() {
    ToolException e = assertThrows(ToolException.class,
        () -> runner.run(sh("i=0; while [ $i -lt 1000 ]; do echo 0123456789 >&2; i=$((i+1)); done; exit 1", null)));
    assertTrue(e.getMessage().endsWith("[...]"), e.getMessage());
    assertTrue(e.getMessage().length() < 4000 + 1000, "length " + e.getMessage().length());
  }

  @Test
  void runsInTheWorkingDirectoryWithNoInput(@TempDir Path dir) throws Exception {
    ProcessRunner.Result result = runner.run(sh("pwd; cat", dir));
    assertEquals(dir.toRealPath() + "\n", result.stdout(), "stdin is closed, so cat ends at once");
  }

  @Test
  void missingExecutableCannotStart(@TempDir Path dir) {
    Path missing = dir.resolve("nope");
    ToolException e = assertThrows(ToolException.class,
        () -> runner.run(new ToolInvocation(missing, List.of("--version"), null)));
    assertTrue(e.getMessage().startsWith("cannot start " + missing + ": "), e.getMessage());
  }

  @Test
  void invocationPrintsAsACommandLine() {
    ToolInvocation invocation = new ToolInvocation(Path.of("/x/wasm-tools"), List.of("validate", "a.wasm"), null);
    assertEquals("/x/wasm-tools validate a.wasm", invocation.toString());
    assertEquals(List.of("/x/wasm-tools", "validate", "a.wasm"), invocation.commandLine());
  }
}
