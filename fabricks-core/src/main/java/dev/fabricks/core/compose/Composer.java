package dev.fabricks.core.compose;

import dev.fabricks.core.FabricksException;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.io.AtomicFiles;
import dev.fabricks.core.source.SourceLayerModule;
import dev.fabricks.core.tools.ToolException;
import dev.fabricks.core.tools.WasmTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Plugs a source layer into a runtime with {@code wasm-tools compose} (which validates what it
 * writes) and reads the result's WIT world. The one place that knows which composition engine is
 * used.
 */
public final class Composer {
  private final WasmTools tools;

  /** What was composed: its world, and the digest and size of the component file. */
  public record Composition(WitWorld world, Digest digest, long size) {}

  public Composer(WasmTools tools) {
    this.tools = tools;
  }

  /** Composes into {@code output} (replaced only when everything succeeded). */
  public Composition compose(Path runtime, String runtimeName, Path sourceLayer, Path output)
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
      // Hashing tens of MiB and decoding the world both take a while: side by side.
      CompletableFuture<Digest> digest = CompletableFuture.supplyAsync(() -> {
        try {
          return Digest.of(temp);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      WitWorld world;
      try {
        world = WitWorld.parse(tools.wit(temp));
      } finally {
        digest.exceptionally(e -> null).join(); // never leave the hash reading a file about to be removed
      }
      check(world, runtimeName);
      Composition composition = new Composition(world, joined(digest), Files.size(temp));
      AtomicFiles.moveIntoPlace(temp, output);
      return composition;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void check(WitWorld world, String runtimeName) throws CompositionException {
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
  }

  private static Digest joined(CompletableFuture<Digest> digest) throws IOException {
    try {
      return digest.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw e;
    }
  }
}
