package dev.fabricks.core.build;

import dev.fabricks.core.FabricksException;
import dev.fabricks.core.cache.BlobCache;
import dev.fabricks.core.compose.Composer;
import dev.fabricks.core.compose.SourceLayerBuilder;
import dev.fabricks.core.config.ConfigLoader;
import dev.fabricks.core.config.FabricksConfig;
import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.event.Sizes;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.ImageSource;
import dev.fabricks.core.io.AtomicFiles;
import dev.fabricks.core.js.NodePreparation;
import dev.fabricks.core.runtime.LayoutRuntimeResolver;
import dev.fabricks.core.runtime.RuntimeImage;
import dev.fabricks.core.runtime.RuntimeImageException;
import dev.fabricks.core.runtime.RuntimeResolver;
import dev.fabricks.core.source.SourceLayerModule;
import dev.fabricks.core.source.SourceTree;
import dev.fabricks.core.tools.ProcessRunner;
import dev.fabricks.core.tools.WasmTools;
import dev.fabricks.core.tools.WasmToolsLocator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Builds an app: reads fabricks.toml, resolves the runtime, packs the source files into a source
 * layer, composes both with wasm-tools and writes the component and its OCI artifact. When the
 * source files, the runtime and the tool are the same as last time, the composition is reused;
 * source files that are unchanged by their stamps are not even read to find that out ({@link
 * SourceDigests}).
 */
public final class AppBuilder {
  private static final String FINGERPRINT_VERSION = "fabricks-compose-2";

  private final BuildEvents events;
  private final RuntimeResolver registryResolver;

  /**
   * @param registryResolver resolves registry references, or null when only local layouts are allowed
   */
  public AppBuilder(BuildEvents events, RuntimeResolver registryResolver) {
    this.events = events;
    this.registryResolver = registryResolver;
  }

  public BuildResult build(BuildRequest request) throws FabricksException {
    try {
      return buildChecked(request);
    } catch (IOException e) {
      throw new FabricksException("the build failed while writing to " + request.outputDirectory() + ": " + e, e);
    }
  }

  private BuildResult buildChecked(BuildRequest request) throws FabricksException, IOException {
    FabricksConfig config = ConfigLoader.load(request.configFile(), request.fromOverride());
    RuntimeImage runtime = resolve(config.from(), request);
    events.info("runtime " + runtime.reference() + " (" + runtime.name() + ", " + runtime.manifestDigest().shortForm()
        + ", " + Sizes.human(runtime.layer().size()) + ")");

    WasmTools tools = new WasmToolsLocator(new ProcessRunner(events), events).locate(request.tools());
    Path out = request.outputDirectory();
    AtomicFiles.removeLeftoversUnder(out, request.tools().cacheDirectory()); // of a build that was killed while writing
    Path work = out.resolve("work");
    Files.createDirectories(work);
    Path layer = work.resolve("source-layer.wasm");
    Path component = out.resolve(request.name() + ".wasm");
    Path stateFile = work.resolve("compose.json");

    Preparation preparation = Preparation.of(runtime, config);
    long start = System.nanoTime();
    SourceDigests digests = new SourceDigests(work.resolve("source-digests.bin"));
    SourceTree tree;
    SourceDigests.Result sources;
    for (int attempt = 1; ; attempt++) {
      tree = SourceTree.scan(config.source());
      sources = digests.compute(config.source().root(), tree);
      if (sources.sizesAsScanned() || attempt == 3) {
        break; // else a file changed its size since the scan, a save under way: scan again
      }
    }
    tree.notices().forEach(events::warn);
    events.info("source " + config.source().root() + ": " + tree.files().size() + " files, "
        + Sizes.human(tree.totalBytes()) + ", entrypoint " + tree.entrypoint());
    Digest fingerprint = fingerprint(tree, sources.contents(), runtime, tools, preparation);
    events.info("source files: " + sources.filesRead() + " read (" + Sizes.human(sources.bytesRead()) + "), "
        + (tree.files().size() - sources.filesRead()) + " unchanged by size, modification time and file key;"
        + " scanned and fingerprinted in " + millis(start) + " ms");
    Optional<ComposeState> previous = ComposeState.read(stateFile);
    ComposeState state;
    boolean composed;
    if (previous.isPresent() && previous.get().matches(fingerprint, layer, component)) {
      state = previous.get();
      composed = false;
      events.info("inputs unchanged: reusing " + component.getFileName() + " (" + state.componentDigest().shortForm() + ")");
    } else {
      Files.deleteIfExists(stateFile);
      SourceTree packed = tree;
      if (preparation.node()) {
        NodePreparation.Result prepared = NodePreparation.prepare(tree, preparation.mode(), config.source().keep(),
            work.resolve("node"));
        prepared.notices().forEach(events::warn);
        events.info(prepared.summary());
        packed = prepared.tree();
      }
      start = System.nanoTime();
      new SourceLayerBuilder(tools).build(packed, work, layer);
      events.info("source layer " + Sizes.human(Files.size(layer)) + " built in " + millis(start) + " ms");
      start = System.nanoTime();
      Composer.Composition composition = new Composer(tools).compose(runtime.layerFile(), runtime.name(), layer, component);
      state = new ComposeState(fingerprint, Digest.of(layer), Files.size(layer), composition.digest(),
          composition.size(), composition.world(), packed.files().size(), packed.totalBytes());
      state.write(stateFile);
      composed = true;
      events.info("composed and validated " + component.getFileName() + " (" + Sizes.human(state.componentSize())
          + ") in " + millis(start) + " ms");
    }

    ArtifactWriter.Inputs inputs = new ArtifactWriter.Inputs(config, runtime, layer, state.world(),
        state.componentDigest(), state.componentSize(), state.files(), state.bytes(), request);
    Path layout = out.resolve("oci");
    Digest manifest = new ArtifactWriter().write(layout, inputs);
    AtomicFiles.write(out.resolve("image.digest"), (manifest + "\n").getBytes(StandardCharsets.UTF_8));
    events.info("artifact " + request.name() + ":" + request.version() + " " + manifest + " in " + layout);
    return new BuildResult(component, layout, manifest, state.world(), composed, state.files(), state.bytes());
  }

  private RuntimeImage resolve(ImageSource from, BuildRequest request) throws RuntimeImageException {
    if (from instanceof ImageSource.Layout) {
      return new LayoutRuntimeResolver(new BlobCache(request.tools().cacheDirectory()).verifiedFiles()).resolve(from);
    }
    if (registryResolver == null) {
      throw new RuntimeImageException("[from] image " + from.text() + " names a registry, but this build resolves only"
          + " local OCI layouts. Write image = \"oci:<folder>:<tag>\" for a runtime image on disk");
    }
    return registryResolver.resolve(from);
  }

  /**
   * Everything the composition depends on: the source module, named by its frame (the entrypoint,
   * the paths and sizes, and the writer's code) and the digest of its files' paths and content
   * digests; the runtime, the tool, what the runtime's preparation makes of the files, and the
   * contract.
   */
  private static Digest fingerprint(SourceTree tree, Digest contents, RuntimeImage runtime, WasmTools tools,
      Preparation preparation)
      throws IOException, FabricksException {
    MessageDigest frame = Digest.newSha256();
    try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), frame)) {
      SourceLayerModule.writeFrame(tree, sink);
    }
    MessageDigest md = Digest.newSha256();
    update(md, FINGERPRINT_VERSION);
    update(md, Digest.fromMessageDigest(frame).toString());
    update(md, contents.toString());
    update(md, runtime.layer().digest().toString());
    update(md, tools.version().toString());
    update(md, preparation.describe());
    try (InputStream wit = SourceLayerBuilder.class.getResourceAsStream(SourceLayerBuilder.CONTRACT_RESOURCE)) {
      md.update(wit.readAllBytes());
    }
    return Digest.fromMessageDigest(md);
  }

  /** What the runtime asks the build to do to the app's files, and the [source] keys that tune it. */
  private record Preparation(String name, NodePreparation.Mode mode, java.util.List<String> keep) {
    static Preparation of(RuntimeImage runtime, FabricksConfig config) throws RuntimeImageException {
      String name = runtime.preparation();
      if (!name.isEmpty() && !name.equals(NodePreparation.NAME)) {
        throw new RuntimeImageException("the runtime " + runtime.reference() + " asks the build to prepare the app's"
            + " files as '" + name + "', which this version of Fabricks does not know (it knows '"
            + NodePreparation.NAME + "'). Use a newer fabricks-maven-plugin, or a runtime image made for this one");
      }
      return new Preparation(name, config.source().allNodeModules() ? NodePreparation.Mode.ALL
          : NodePreparation.Mode.REACHABLE, config.source().keep());
    }

    boolean node() {
      return name.equals(NodePreparation.NAME);
    }

    String describe() {
      return node() ? NodePreparation.REVISION + "\0" + mode + "\0" + String.join("\0", keep) : "";
    }
  }

  private static void update(MessageDigest md, String text) {
    md.update(text.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0);
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
