package dev.fabricks.core.js;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Node's module resolution over the files of a source tree, as the JavaScript runtime's loader does
 * it at run time (paths relative to the source root, which the runtime shows as {@code /app}):
 * relative and absolute paths with Node's extensions and folder rules, {@code node_modules}
 * lookup upwards, package.json {@code main}, {@code exports} and {@code imports} with conditions
 * ({@code import} or {@code require}, then {@code node}, {@code module-sync}, {@code default}).
 */
public final class NodeResolver {
  /** Where the runtime shows the source root. */
  public static final String ROOT = "/app";

  /** Node's built-in modules: requests for them (with or without {@code node:}) are no files. */
  static final Set<String> BUILTINS = Set.of("assert", "assert/strict", "async_hooks", "buffer", "child_process",
      "cluster", "console", "constants", "crypto", "dgram", "diagnostics_channel", "dns", "dns/promises", "domain",
      "events", "fs", "fs/promises", "http", "http2", "https", "inspector", "module", "net", "os", "path",
      "path/posix", "path/win32", "perf_hooks", "process", "punycode", "querystring", "readline", "readline/promises",
      "repl", "stream", "stream/consumers", "stream/promises", "stream/web", "string_decoder", "sys", "timers",
      "timers/promises", "tls", "trace_events", "tty", "url", "util", "util/types", "v8", "vm", "wasi",
      "worker_threads", "zlib", "test", "sqlite", "sea");

  /** How a module was requested: by {@code import} (and {@code import()}) or by {@code require}. */
  public enum Kind { IMPORT, REQUIRE }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Set<String> files;
  private final Set<String> dirs = new HashSet<>();
  private final Function<String, String> reader;
  private final Map<String, Optional<JsonNode>> packageJsons = new HashMap<>();

  /**
   * @param files the tree's file paths
   * @param reader the text of a file of the tree, by path
   */
  public NodeResolver(Set<String> files, Function<String, String> reader) {
    this.files = files;
    this.reader = reader;
    for (String f : files) {
      for (int slash = f.lastIndexOf('/'); slash > 0; slash = f.lastIndexOf('/', slash - 1)) {
        if (!dirs.add(f.substring(0, slash))) {
          break;
        }
      }
    }
  }

  /** A request that names a Node built-in and no file. */
  public static boolean isBuiltin(String request) {
    return request.startsWith("node:") || BUILTINS.contains(request);
  }

  /** The parsed package.json of a folder ({@code ""} for the root), if it has one. */
  public Optional<JsonNode> packageJson(String dir) {
    return packageJsons.computeIfAbsent(dir, d -> {
      String p = d.isEmpty() ? "package.json" : d + "/package.json";
      if (!files.contains(p)) {
        return Optional.empty();
      }
      try {
        return Optional.of(JSON.readTree(reader.apply(p)));
      } catch (IOException e) {
        throw new IllegalArgumentException("invalid package.json at " + p + ": " + e.getMessage(), e);
      }
    });
  }

  /** The nearest package.json's "type" for a file: "module" or "commonjs". */
  public String packageType(String file) {
    for (String dir = parent(file); ; dir = parent(dir)) {
      Optional<JsonNode> pkg = packageJson(dir);
      if (pkg.isPresent()) {
        JsonNode type = pkg.get().get("type");
        return type != null && type.isTextual() ? type.asText() : "commonjs";
      }
      if (dir.isEmpty()) {
        return "commonjs";
      }
    }
  }

  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** Joins and normalises a '/'-path onto a root-relative folder; null when it leaves the root. */
  static String join(String dir, String request) {
    String path;
    if (request.startsWith("/")) {
      if (!(request.equals(ROOT) || request.startsWith(ROOT + "/"))) {
        return null;
      }
      path = request.substring(ROOT.length());
    } else {
      path = dir + "/" + request;
    }
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (String seg : path.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(seg);
      }
    }
    return String.join("/", parts);
  }

  private boolean isFile(String rel) {
    return rel != null && files.contains(rel);
  }

  private boolean isDir(String rel) {
    return rel != null && (rel.isEmpty() || dirs.contains(rel));
  }

  private String resolveFile(String rel) {
    for (String c : List.of(rel, rel + ".js", rel + ".json", rel + ".mjs", rel + ".cjs")) {
      if (isFile(c)) {
        return c;
      }
    }
    return null;
  }

  private String resolveDir(String rel) {
    Optional<JsonNode> pkg = packageJson(rel);
    JsonNode main = pkg.map(p -> p.get("main")).orElse(null);
    if (main != null && main.isTextual() && !main.asText().isEmpty()) {
      String target = join(rel, main.asText());
      if (target != null) {
        String found = resolveFile(target);
        if (found == null) {
          found = resolveIndex(target);
        }
        if (found != null) {
          return found;
        }
      }
    }
    return resolveIndex(rel);
  }

  private String resolveIndex(String rel) {
    String base = rel.isEmpty() ? "" : rel + "/";
    for (String c : List.of("index.js", "index.json", "index.mjs", "index.cjs")) {
      if (isFile(base + c)) {
        return base + c;
      }
    }
    return null;
  }

  private String fileOrDir(String rel) {
    if (rel == null) {
      return null;
    }
    String found = resolveFile(rel);
    return found != null ? found : isDir(rel) ? resolveDir(rel) : null;
  }

  /** package.json "exports"/"imports" lookup: the target, or null when nothing matches. */
  static String exportsTarget(JsonNode map, String subpath, List<String> conditions) {
    if (map == null || map.isNull()) {
      return null;
    }
    boolean sugar = map.isTextual() || map.isArray();
    if (map.isObject()) {
      sugar = true;
      for (Iterator<String> keys = map.fieldNames(); keys.hasNext(); ) {
        String k = keys.next();
        if (k.startsWith(".") || k.startsWith("#")) {
          sugar = false;
          break;
        }
      }
    }
    if (sugar) {
      map = JSON.createObjectNode().set(".", map);
    }
    if (map.has(subpath) && !subpath.contains("*")) {
      return conditionTarget(map.get(subpath), conditions, null);
    }
    String bestKey = null;
    String bestPre = null;
    String match = null;
    String folder = null;
    for (Iterator<String> keys = map.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      int star = key.indexOf('*');
      if (star >= 0) {
        String pre = key.substring(0, star);
        String post = key.substring(star + 1);
        if (subpath.startsWith(pre) && subpath.endsWith(post) && subpath.length() >= key.length() - 1
            && (bestPre == null || pre.length() > bestPre.length())) {
          bestKey = key;
          bestPre = pre;
          match = subpath.substring(pre.length(), subpath.length() - post.length());
          folder = null;
        }
      } else if (key.endsWith("/") && subpath.startsWith(key) && (bestPre == null || key.length() > bestPre.length())) {
        bestKey = key;
        bestPre = key;
        match = null;
        folder = subpath.substring(key.length());
      }
    }
    if (bestKey == null) {
      return null;
    }
    String t = conditionTarget(map.get(bestKey), conditions, match);
    return t != null && folder != null ? t + folder : t;
  }

  private static String conditionTarget(JsonNode t, List<String> conditions, String match) {
    if (t == null || t.isNull()) {
      return null;
    }
    if (t.isTextual()) {
      return match == null ? t.asText() : t.asText().replace("*", match);
    }
    if (t.isArray()) {
      for (JsonNode x : t) {
        String r = conditionTarget(x, conditions, match);
        if (r != null && !r.isEmpty()) {
          return r;
        }
      }
      return null;
    }
    if (t.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals("default") || conditions.contains(e.getKey())) {
          String r = conditionTarget(e.getValue(), conditions, match);
          if (r != null) {
            return r;
          }
        }
      }
    }
    return null;
  }

  /**
   * Resolves {@code request} made by a module in the root-relative folder {@code fromDir}: the file's
   * path, or empty when it names a built-in or no file of the tree.
   */
  public Optional<String> resolve(String request, String fromDir, Kind kind) {
    if (isBuiltin(request) && resolvePackage(request, fromDir, kind) == null) {
      return Optional.empty();
    }
    if (request.startsWith("file://")) {
      request = java.net.URLDecoder.decode(request.substring("file://".length()), java.nio.charset.StandardCharsets.UTF_8);
    }
    List<String> conditions = kind == Kind.IMPORT ? List.of("import", "node", "module-sync")
        : List.of("require", "node", "module-sync");
    if (request.equals(".") || request.equals("..") || request.startsWith("./") || request.startsWith("../")
        || request.startsWith("/")) {
      return Optional.ofNullable(fileOrDir(join(fromDir, request)));
    }
    if (request.startsWith("#")) {
      for (String dir = fromDir; ; dir = parent(dir)) {
        Optional<JsonNode> pkg = packageJson(dir);
        if (pkg.isPresent()) {
          String t = exportsTarget(pkg.get().get("imports"), request, conditions);
          if (t == null) {
            return Optional.empty();
          }
          return t.startsWith("./") ? Optional.ofNullable(fileOrDir(join(dir, t))) : resolve(t, dir, kind);
        }
        if (dir.isEmpty()) {
          return Optional.empty();
        }
      }
    }
    return Optional.ofNullable(resolvePackage(request, fromDir, kind));
  }

  private String resolvePackage(String request, String fromDir, Kind kind) {
    if (request.startsWith("node:")) {
      return null;
    }
    List<String> conditions = kind == Kind.IMPORT ? List.of("import", "node", "module-sync")
        : List.of("require", "node", "module-sync");
    String[] parts = request.split("/", -1);
    String name = request.startsWith("@") && parts.length > 1 ? parts[0] + "/" + parts[1] : parts[0];
    String sub = request.substring(name.length());
    for (String dir = fromDir; dir != null; dir = dir.isEmpty() ? null : parent(dir)) {
      if (dir.equals("node_modules") || dir.endsWith("/node_modules")) {
        continue;
      }
      String pkgDir = (dir.isEmpty() ? "" : dir + "/") + "node_modules/" + name;
      if (!isDir(pkgDir)) {
        continue;
      }
      Optional<JsonNode> pkg = packageJson(pkgDir);
      JsonNode exports = pkg.map(p -> p.get("exports")).orElse(null);
      if (exports != null && !exports.isNull()) {
        String t = exportsTarget(exports, "." + sub, conditions);
        return t == null ? null : fileOrDir(join(pkgDir, t));
      }
      String found = fileOrDir(sub.isEmpty() ? pkgDir : pkgDir + sub);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
