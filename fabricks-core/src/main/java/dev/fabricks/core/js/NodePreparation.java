package dev.fabricks.core.js;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricks.core.event.Sizes;
import dev.fabricks.core.io.AtomicFiles;
import dev.fabricks.core.source.Glob;
import dev.fabricks.core.source.SourceException;
import dev.fabricks.core.source.SourceFile;
import dev.fabricks.core.source.SourceTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Prepares a JavaScript app's files for the runtime: follows the module graph from the entrypoint
 * (static imports, {@code import("x")}, {@code require("x")}, through Node's resolution), leaves out
 * the code in {@code node_modules} that the graph never reaches, and transforms every packed
 * JavaScript file with {@link ModuleTransform}, so the runtime evaluates ready code.
 *
 * <p>The runtime reads one file the build adds to the layer, {@value #MANIFEST}: the ES modules,
 * the ones that need {@code with} (live imports), and for each file that changes, its edits
 * ({@code [start, end, text, ...]} in UTF-16 offsets of the file's text without a {@code #!}
 * line; text 1 means as many spaces, null blanks the range keeping its line breaks; an end of -1
 * replaces everything), and where each reached file's requests resolve ({@code imports} and
 * {@code requires}: {@code [request, path, ...]}; built-in names are left to the runtime). The
 * app's files stay byte for byte as they are, so the layer holds no second copy of them; the host
 * does not show {@code .fabricks/} under {@code /app}.
 */
public final class NodePreparation {
  /** The preparation a runtime asks for in its layer's {@code fabricks.source.preparation} annotation. */
  public static final String NAME = "node-modules-1";
  /** Changes whenever the same files would be prepared differently: part of the build's fingerprint. */
  public static final String REVISION = NAME + "/5";
  public static final String MANIFEST = ".fabricks/node/modules.json";

  private static final Pattern SCRIPT = Pattern.compile(".*\\.(?:js|mjs|cjs)");
  /** Files of installed packages that only matter when reached, or never at run time (types, source maps). */
  private static final Pattern PRUNABLE = Pattern.compile(
      ".*\\.(?:js|mjs|cjs|jsx|ts|mts|cts|tsx|map|flow)");
  /** A package's notes for people (npm shows them), never read by its code. */
  private static final Pattern NOTES = Pattern.compile("(?i)(?:.*/)?(?:readme|changelog|changes|history)(?:\\.[^/]*)?");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How much of {@code node_modules} to pack. */
  public enum Mode { REACHABLE, ALL }

  /**
   * @param tree what the layer packs: the reached files, those kept, and the prepared code
   * @param notices what a user should know (files left unresolved, requests with computed names)
   * @param summary one line for the build log
   */
  public record Result(SourceTree tree, List<String> notices, String summary) {}

  private final SourceTree tree;
  private final Mode mode;
  private final List<Glob> keep;
  private final Map<String, SourceFile> byPath = new LinkedHashMap<>();
  private final Map<String, String> texts = new HashMap<>();
  private final Set<String> malformed = new java.util.HashSet<>();

  private NodePreparation(SourceTree tree, Mode mode, List<String> keep) {
    this.tree = tree;
    this.mode = mode;
    this.keep = keep.stream().map(Glob::compile).toList();
    tree.files().forEach(f -> byPath.put(f.path(), f));
  }

  /**
   * Prepares {@code tree}, writing the prepared code under {@code outDir} (emptied first).
   *
   * @param keep globs of files under node_modules packed even when the graph does not reach them
   */
  public static Result prepare(SourceTree tree, Mode mode, List<String> keep, Path outDir) throws SourceException {
    try {
      return new NodePreparation(tree, mode, keep).run(outDir);
    } catch (UncheckedIOException e) {
      throw new SourceException("cannot read the app's files: " + e.getCause().getMessage(), e.getCause());
    } catch (IOException e) {
      throw new SourceException("cannot write the prepared modules under " + outDir + ": " + e.getMessage(), e);
    }
  }

  private String text(String path) {
    return texts.computeIfAbsent(path, p -> {
      try {
        return Files.readString(byPath.get(p).file(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        // not UTF-8 or unreadable: read it leniently; its edits then cover the whole file, since the
        // runtime's decoder may replace bad bytes differently
        try {
          malformed.add(p);
          return new String(Files.readAllBytes(byPath.get(p).file()), StandardCharsets.UTF_8);
        } catch (IOException again) {
          throw new UncheckedIOException(again);
        }
      }
    });
  }

  /** The installed package a path of node_modules belongs to ({@code .../node_modules/[@scope/]name}), or "". */
  static String packageRoot(String path) {
    int at = path.lastIndexOf("node_modules/");
    if (at < 0 || (at > 0 && path.charAt(at - 1) != '/')) {
      return "";
    }
    int nameStart = at + "node_modules/".length();
    int slash = path.indexOf('/', nameStart);
    if (slash > 0 && path.charAt(nameStart) == '@') {
      slash = path.indexOf('/', slash + 1);
    }
    return slash < 0 ? path : path.substring(0, slash);
  }

  static boolean inNodeModules(String path) {
    return path.startsWith("node_modules/") || path.contains("/node_modules/");
  }

  private Result run(Path outDir) throws IOException, SourceException {
    long start = System.nanoTime();
    NodeResolver resolver = new NodeResolver(byPath.keySet(), this::text);
    Map<String, ModuleTransform.Result> transformed = new HashMap<>();
    Set<String> reached = new TreeSet<>();
    List<String> unresolved = new ArrayList<>();
    List<String> computed = new ArrayList<>();
    Map<String, Map<String, String>> importsOf = new java.util.TreeMap<>();
    Map<String, Map<String, String>> requiresOf = new java.util.TreeMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(tree.entrypoint()));
    try {
      while (!queue.isEmpty()) {
        String file = queue.removeFirst();
        if (!reached.add(file) || !SCRIPT.matcher(file).matches() && !file.equals(tree.entrypoint())) {
          continue;
        }
        ModuleTransform.Result r = transform(file, resolver);
        transformed.put(file, r);
        if (r.computed()) {
          computed.add(file);
        }
        String dir = NodeResolver.parent(file);
        for (String spec : r.imports()) {
          follow(resolver.resolve(spec, dir, NodeResolver.Kind.IMPORT), spec, file, queue, unresolved,
              importsOf.computeIfAbsent(file, k -> new LinkedHashMap<>()));
        }
        for (String spec : r.requires()) {
          follow(resolver.resolve(spec, dir, NodeResolver.Kind.REQUIRE), spec, file, queue, unresolved,
              requiresOf.computeIfAbsent(file, k -> new LinkedHashMap<>()));
        }
      }
    } catch (IllegalArgumentException e) {
      throw new SourceException(e.getMessage() + ". Fix the file, or leave it out with [source] exclude", e);
    }

    List<SourceFile> packed = new ArrayList<>();
    long moduleBytes = 0;
    long modulePackedBytes = 0;
    Set<String> reachedPackages = new java.util.HashSet<>();
    reached.forEach(f -> reachedPackages.add(packageRoot(f)));
    for (SourceFile f : tree.files()) {
      boolean dependency = inNodeModules(f.path());
      // Of node_modules: the reached code, the data files of the packages it belongs to (JSON,
      // templates, documents a package reads itself; not its README or changelog), and what
      // [source] keep names.
      boolean pack = !dependency || mode == Mode.ALL || reached.contains(f.path())
          || (!PRUNABLE.matcher(f.path()).matches() && !NOTES.matcher(f.path()).matches()
              && reachedPackages.contains(packageRoot(f.path())))
          || keep.stream().anyMatch(g -> g.matchesFile(f.path()));
      if (dependency) {
        moduleBytes += f.size();
        modulePackedBytes += pack ? f.size() : 0;
      }
      if (pack) {
        packed.add(f);
      }
    }

    AtomicFiles.deleteTree(outDir);
    Files.createDirectories(outDir);
    List<SourceFile> all = new ArrayList<>(packed);
    TreeSet<String> esm = new TreeSet<>();
    TreeSet<String> live = new TreeSet<>();
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("format", 1);
    manifest.put("entrypoint", tree.entrypoint());
    ArrayNode esmList = manifest.putArray("esm");
    ArrayNode liveList = manifest.putArray("live");
    ObjectNode editsByFile = manifest.putObject("edits");
    List<String> notices = new ArrayList<>();
    int changed = 0;
    for (SourceFile f : packed) {
      if (!SCRIPT.matcher(f.path()).matches() && !f.path().equals(tree.entrypoint())) {
        continue;
      }
      ModuleTransform.Result r = transformed.get(f.path());
      if (r == null) {
        r = transform(f.path(), resolver);
      }
      if (r.esm()) {
        esm.add(f.path());
      }
      if (r.live()) {
        live.add(f.path());
      }
      if (r.edits().isEmpty()) {
        continue;
      }
      changed++;
      ArrayNode edits = editsByFile.putArray(f.path());
      if (r.edits().size() == 1 && r.edits().get(0).end() < 0 || malformed.contains(f.path())) {
        edits.add(0).add(-1).add(r.code());
        if (r.edits().size() == 1 && r.edits().get(0).end() < 0) {
          String code = r.code();
          notices.add(f.path() + ": " + code.substring(0, code.indexOf('\n') < 0 ? code.length() : code.indexOf('\n'))
              + " (the runtime throws this when it loads the file)");
        }
        continue;
      }
      String text = text(f.path());
      String source = text.startsWith("#!") ? withoutShebang(text) : text;
      for (ModuleTransform.Edit ed : r.edits()) {
        edits.add(ed.start()).add(ed.end());
        if (ed.text() != null) {
          edits.add(ed.text());
        } else if (source.substring(ed.start(), ed.end()).chars().noneMatch(c -> c == '\n' || c == '\r'
            || c == '\u2028' || c == '\u2029')) {
          edits.add(1); // as many spaces
        } else {
          edits.addNull(); // blanked, line breaks kept
        }
      }
    }
    esm.forEach(esmList::add);
    live.forEach(liveList::add);
    putResolutions(manifest.putObject("imports"), importsOf);
    putResolutions(manifest.putObject("requires"), requiresOf);
    byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
    Path manifestFile = outDir.resolve("modules.json");
    Files.write(manifestFile, manifestBytes);
    all.add(new SourceFile(MANIFEST, manifestFile, manifestBytes.length));

    if (!unresolved.isEmpty()) {
      notices.add(unresolved.size() + " module request" + (unresolved.size() == 1 ? "" : "s") + " name no file of the"
          + " app (optional packages, or files left out by [source] include/exclude); they fail at run time only if"
          + " the code makes them, as under node: " + String.join(", ", unresolved.subList(0, Math.min(5, unresolved.size())))
          + (unresolved.size() > 5 ? ", ..." : ""));
    }
    if (mode == Mode.REACHABLE && !computed.isEmpty()) {
      notices.add(computed.size() + " reached file" + (computed.size() == 1 ? "" : "s") + " call require() or import()"
          + " with a computed name (" + String.join(", ", computed.subList(0, Math.min(3, computed.size())))
          + (computed.size() > 3 ? ", ..." : "") + "): if they load code of node_modules that nothing else reaches,"
          + " list it in [source] keep, or set [source] node-modules = \"all\"");
    }
    String summary = "modules: " + reached.size() + " files reached from " + tree.entrypoint() + ", " + esm.size()
        + " ES modules, " + changed + " transformed; node_modules "
        + (mode == Mode.ALL ? "packed whole, " + Sizes.human(moduleBytes)
            : Sizes.human(modulePackedBytes) + " packed of " + Sizes.human(moduleBytes))
        + " (" + (System.nanoTime() - start) / 1_000_000 + " ms)";
    return new Result(SourceTree.of(tree.entrypoint(), all), notices, summary);
  }

  private static void putResolutions(ObjectNode into, Map<String, Map<String, String>> byFile) {
    byFile.forEach((file, resolutions) -> {
      if (!resolutions.isEmpty()) {
        ArrayNode list = into.putArray(file);
        resolutions.forEach((spec, target) -> list.add(spec).add(target));
      }
    });
  }

  private ModuleTransform.Result transform(String file, NodeResolver resolver) {
    String text = text(file);
    String code = text.startsWith("#!") ? withoutShebang(text) : text;
    ModuleTransform.Kind kind = file.endsWith(".mjs") ? ModuleTransform.Kind.MODULE
        : file.endsWith(".cjs") ? ModuleTransform.Kind.COMMONJS
        : "module".equals(resolver.packageType(file)) ? ModuleTransform.Kind.MODULE : ModuleTransform.Kind.AUTO;
    try {
      return ModuleTransform.transform(code, kind);
    } catch (JsSyntaxException e) {
      String message = NodeResolver.ROOT + "/" + file + ": " + e.getMessage();
      String thrower = "throw new SyntaxError(" + ModuleTransform.jsString(message) + ");"
          + code.replaceAll("[^\n]", "");
      return new ModuleTransform.Result(thrower, List.of(new ModuleTransform.Edit(0, -1, thrower)), false, false,
          List.of(), List.of(), false);
    }
  }

  /** The text without its {@code #!} line's chars (its line break stays), as the runtime's loader strips it. */
  private static String withoutShebang(String text) {
    int end = 0;
    while (end < text.length() && "\n\r\u2028\u2029".indexOf(text.charAt(end)) < 0) {
      end++;
    }
    return text.substring(end);
  }

  private void follow(Optional<String> target, String spec, String from, Deque<String> queue, List<String> unresolved,
      Map<String, String> resolutions) {
    if (target.isPresent()) {
      queue.addLast(target.get());
      if (!NodeResolver.isBuiltin(spec)) { // the runtime's own built-ins win: it resolves those itself
        resolutions.put(spec, target.get());
      }
    } else if (!NodeResolver.isBuiltin(spec)) {
      unresolved.add("'" + spec + "' from " + from);
    }
  }
}
