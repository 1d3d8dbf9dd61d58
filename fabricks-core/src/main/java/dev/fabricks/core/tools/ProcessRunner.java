package dev.fabricks.core.tools;

import dev.fabricks.core.event.BuildEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a {@link ToolInvocation} to completion: logs the command, the exit code and the time, keeps
 * stdout and stderr, and turns a non-zero exit into a {@link ToolException} that quotes stderr.
 */
public class ProcessRunner {
  private static final int MAX_ERROR_CHARS = 4000;

  /** What a finished process printed. */
  public record Result(int exitCode, String stdout, String stderr, long millis) {}

  private final BuildEvents events;

  public ProcessRunner(BuildEvents events) {
    this.events = events;
  }

  /** Runs and requires exit code 0. */
  public Result run(ToolInvocation invocation) throws ToolException {
    Result result = runAllowingFailure(invocation);
    if (result.exitCode() != 0) {
      String stderr = result.stderr().strip();
      if (stderr.length() > MAX_ERROR_CHARS) {
        stderr = stderr.substring(0, MAX_ERROR_CHARS) + "\n[...]";
      }
      throw new ToolException(invocation.executable().getFileName() + " failed with exit code " + result.exitCode()
          + "\n  command: " + invocation + "\n  " + stderr.replace("\n", "\n  "));
    }
    return result;
  }

  /** Runs and returns whatever the process did. */
  public Result runAllowingFailure(ToolInvocation invocation) throws ToolException {
    events.debug("running " + invocation);
    long start = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(invocation.commandLine()).redirectInput(ProcessBuilder.Redirect.PIPE);
    if (invocation.workingDirectory() != null) {
      builder.directory(invocation.workingDirectory().toFile());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ToolException("cannot start " + invocation.executable() + ": " + e.getMessage(), e);
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
      CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
      int exit = process.waitFor();
      long millis = (System.nanoTime() - start) / 1_000_000;
      events.debug(invocation.executable().getFileName() + " exited with " + exit + " after " + millis + " ms");
      return new Result(exit, stdout.join(), stderr.join(), millis);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ToolException("interrupted while running " + invocation, e);
    } catch (IOException | UncheckedIOException e) {
      process.destroyForcibly();
      throw new ToolException("lost contact with " + invocation + ": " + e.getMessage(), e);
    }
  }

  private static String drain(InputStream in) {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
