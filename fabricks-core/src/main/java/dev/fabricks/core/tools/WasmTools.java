package dev.fabricks.core.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The wasm-tools commands the build uses. Composition lives here too, behind {@link #compose}, so
 * another engine (wac) can take its place in one spot.
 */
public final class WasmTools {
  /** The version the project's scripts install and test with. */
  public static final Version PINNED = new Version(1, 263, 0);
  /** The oldest version whose commands and component model the build works with. */
  public static final Version MINIMUM = new Version(1, 220, 0);
  public static final String INSTALL_HINT = "cargo install --locked wasm-tools@" + PINNED;

  private final Path executable;
  private final Version version;
  private final ProcessRunner runner;

  public WasmTools(Path executable, Version version, ProcessRunner runner) {
    this.executable = executable;
    this.version = version;
    this.runner = runner;
  }

  public Path executable() {
    return executable;
  }

  public Version version() {
    return version;
  }

  /** Adds the {@code component-type} custom section for {@code world} of the WIT in {@code witDir}. */
  public void embed(Path witDir, String world, Path coreModule, Path output) throws ToolException {
    run("component", "embed", witDir.toString(), "--world", world, coreModule.toString(), "-o", output.toString());
  }

  /** Turns an embedded core module into a component. */
  public void newComponent(Path embedded, Path output) throws ToolException {
    run("component", "new", embedded.toString(), "-o", output.toString());
  }

  /** Plugs {@code dependency}'s exports into {@code root}'s imports. */
  public void compose(Path root, Path dependency, Path output) throws ToolException {
    run("compose", root.toString(), "-d", dependency.toString(), "-o", output.toString());
  }

  public void validate(Path wasm) throws ToolException {
    run("validate", wasm.toString());
  }

  /** The WIT world of a component, as text. */
  public String wit(Path component) throws ToolException {
    return run("component", "wit", component.toString()).stdout();
  }

  private ProcessRunner.Result run(String... arguments) throws ToolException {
    List<String> args = new ArrayList<>(List.of(arguments));
    return runner.run(new ToolInvocation(executable, args, null));
  }
}
