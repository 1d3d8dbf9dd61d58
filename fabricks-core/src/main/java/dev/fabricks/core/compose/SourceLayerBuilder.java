package dev.fabricks.core.compose;

import dev.fabricks.core.io.AtomicFiles;
import dev.fabricks.core.source.SourceException;
import dev.fabricks.core.source.SourceLayerModule;
import dev.fabricks.core.source.SourceTree;
import dev.fabricks.core.tools.ToolException;
import dev.fabricks.core.tools.WasmTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Makes the source-layer component: our core module, given the {@code user-layer} world of the
 * contract's WIT by {@code wasm-tools component embed}, then wrapped by {@code component new}.
 */
public final class SourceLayerBuilder {
  /** The contract's WIT, shipped inside this library. */
  public static final String CONTRACT_RESOURCE = "/dev/fabricks/core/layer/wit/source.wit";
  public static final String WORLD = "user-layer";

  private final WasmTools tools;

  public SourceLayerBuilder(WasmTools tools) {
    this.tools = tools;
  }

  /** Builds the component into {@code output}, using {@code workDir} for intermediate files. */
  public void build(SourceTree tree, Path workDir, Path output) throws IOException, SourceException, ToolException {
    Files.createDirectories(workDir);
    Path core = workDir.resolve("source-core.wasm");
    Path embedded = workDir.resolve("source-embedded.wasm");
    Path wit = extractContract(workDir.resolve("wit"));
    try (OutputStream out = Files.newOutputStream(core)) {
      SourceLayerModule.write(tree, out);
    }
    tools.embed(wit, WORLD, core, embedded);
    Path temp = AtomicFiles.newTempFile(output);
    try {
      tools.newComponent(embedded, temp);
      AtomicFiles.moveIntoPlace(temp, output);
    } finally {
      Files.deleteIfExists(temp);
      Files.deleteIfExists(core);
      Files.deleteIfExists(embedded);
    }
  }

  /** Copies the contract's WIT into {@code dir} and returns the folder. */
  public static Path extractContract(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (InputStream in = SourceLayerBuilder.class.getResourceAsStream(CONTRACT_RESOURCE)) {
      if (in == null) {
        throw new IOException("the contract WIT " + CONTRACT_RESOURCE + " is missing from fabricks-core");
      }
      Files.copy(in, dir.resolve("source.wit"), StandardCopyOption.REPLACE_EXISTING);
    }
    return dir;
  }
}
