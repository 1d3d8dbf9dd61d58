package dev.fabricks.core.compose;

import dev.fabricks.core.FabricksException;
import dev.fabricks.core.io.AtomicFiles;
import dev.fabricks.core.source.SourceLayerModule;
import dev.fabricks.core.tools.ToolException;
import dev.fabricks.core.tools.WasmTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Plugs a source layer into a runtime with {@code wasm-tools compose}, validates the result and
 * reads its WIT world. The one place that knows which composition engine is used.
 */
public final class Composer {
  private final WasmTools tools;

  public Composer(WasmTools tools) {
    this.tools = tools;
  }

  /** Composes into {@code output} (replaced only when everything succeeded) and returns its world. */
  public WitWorld compose(Path runtime, String runtimeName, Path sourceLayer, Path output)
      throws IOException, FabricksException {
    Path temp = AtomicFiles.newTempFile(output);
    try {
      try {
        tools.compose(runtime, sourceLayer, temp);
      } catch (ToolException e) {
        throw new CompositionException("composing the runtime " + runtimeName + " with the source layer failed. "
            + "A runtime must import " + SourceLayerModule.INTERFACE + "; check that [from] image names a Fabricks runtime "
            + "built for this contract version.\n" + e.getMessage(), e);
      }
      tools.validate(temp);
      WitWorld world = WitWorld.parse(tools.wit(temp));
      String contract = SourceLayerModule.INTERFACE.substring(0, SourceLayerModule.INTERFACE.indexOf('@'));
      if (world.importsInterface(contract)) {
        throw new CompositionException("the composed component still imports " + contract
            + ": the runtime " + runtimeName + " expects another version of the contract than " + SourceLayerModule.INTERFACE
            + ". Use a runtime image built for this plugin version");
      }
      if (world.importsInterface("wasi:") && world.imports().stream().anyMatch(i -> !i.startsWith("wasi:"))) {
        throw new CompositionException("the composed component imports more than WASI: " + world.imports()
            + ". The runtime " + runtimeName + " needs something no host provides");
      }
      AtomicFiles.moveIntoPlace(temp, output);
      return world;
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
