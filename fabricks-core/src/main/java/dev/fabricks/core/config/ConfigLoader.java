package dev.fabricks.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.fabricks.core.image.ImageSource;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads fabricks.toml into a validated {@link FabricksConfig}. Every problem becomes a
 * {@link ConfigException} that names the file, the line, the key and the fix.
 */
public final class ConfigLoader {
  private static final Map<String, Set<String>> TABLE_KEYS = Map.of(
      "", Set.of("from", "source", "capabilities"),
      "from", Set.of("image"),
      "source", Set.of("path", "entrypoint", "include", "exclude", "default-excludes", "node-modules", "keep"),
      "capabilities", Set.of("network", "env", "filesystem"),
      "capabilities.network", Set.of("listen", "connect"),
      "capabilities.filesystem", Set.of("path", "mode"));

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern HOST_PATTERN = Pattern.compile(
      "\\*|(?:\\*\\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\]");

  private final Path file;
  private TomlLines lines;
  /** While one [[capabilities.filesystem]] entry is read, e.g. {@code capabilities.filesystem[1]}, for its lines. */
  private String lineScope;

  private ConfigLoader(Path file) {
    this.file = file;
  }

  /**
   * Loads and validates a config file.
   *
   * @param file the fabricks.toml to read
   * @param fromOverride an image that replaces {@code [from] image}, or null
   */
  public static FabricksConfig load(Path file, String fromOverride) throws ConfigException {
    return new ConfigLoader(file.toAbsolutePath().normalize()).read(fromOverride);
  }

  private FabricksConfig read(String fromOverride) throws ConfigException {
    String text = readText();
    lines = new TomlLines(text);
    JsonNode root;
    try {
      root = new TomlMapper().readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      int line = where == null ? 0 : where.getLineNr();
      throw new ConfigException(file, line, "", "invalid TOML: " + e.getOriginalMessage()
          + ". Fix the syntax (tables are [name], values are key = \"text\", [1, 2] or true)");
    }
    if (root == null || !root.isObject()) {
      root = new TomlMapper().createObjectNode();
    }
    checkKeys(root, "");

    Path baseDir = file.getParent();
    ImageSource from = readFrom(root.get("from"), baseDir, fromOverride);
    SourceSpec source = readSource(root.get("source"), baseDir);
    Capabilities capabilities = readCapabilities(root.get("capabilities"));
    return new FabricksConfig(file, from, source, capabilities);
  }

  private String readText() throws ConfigException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file, 0, "", "the file does not exist. Create it next to pom.xml with a [from] image"
          + " and a [source] entrypoint, or point to another file with <configFile> / -Dfabricks.config=...");
    } catch (IOException e) {
      throw new ConfigException(file, 0, "", "cannot read the file: " + e.getMessage());
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(file, 0, "", "the file is not valid UTF-8; TOML files must be UTF-8. Save it as UTF-8");
    }
  }

  private void checkKeys(JsonNode table, String path) throws ConfigException {
    Set<String> allowed = TABLE_KEYS.get(path);
    if (allowed == null || table == null || !table.isObject()) {
      return;
    }
    for (Iterator<String> names = table.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      String key = path.isEmpty() ? name : path + "." + name;
      if (!allowed.contains(name)) {
        String where = path.isEmpty() ? "at the top level" : "in [" + path + "]";
        String hint = Suggestions.closest(name, allowed)
            .map(s -> "; did you mean `" + s + "`?")
            .orElse("; the keys allowed there are " + String.join(", ", new java.util.TreeSet<>(allowed)));
        throw fail(key, "unknown key `" + name + "` " + where + hint);
      }
      JsonNode value = table.get(name);
      if (value.isObject()) {
        checkKeys(value, key);
      } else if (value.isArray() && TABLE_KEYS.containsKey(key)) {
        for (JsonNode element : value) {
          checkKeys(element, key);
        }
      }
    }
  }

  private ImageSource readFrom(JsonNode from, Path baseDir, String override) throws ConfigException {
    String image = override;
    if (image == null || image.isBlank()) {
      if (from == null) {
        throw fail("from", "the [from] table is missing. Add\n  [from]\n  image = \"fabricks.dev/runtimes/python:3.14\"\n"
            + "naming the runtime image to build on (a registry reference, or oci:<folder>[:<tag>] for a local OCI layout)");
      }
      requireTable(from, "from");
      image = requiredString(from, "from", "image",
          "name the runtime image, e.g. image = \"fabricks.dev/runtimes/python:3.14\" or \"oci:path/to/layout:tag\"");
    }
    try {
      return ImageSource.parse(image, baseDir);
    } catch (IllegalArgumentException e) {
      throw fail("from.image", "invalid image reference `" + image + "` in [from] image: " + e.getMessage()
          + ". Write registry/repository:tag, registry/repository@sha256:<digest>, or oci:<folder>[:<tag>]");
    }
  }

  private SourceSpec readSource(JsonNode source, Path baseDir) throws ConfigException {
    if (source == null) {
      throw fail("source", "the [source] table is missing. Add\n  [source]\n  entrypoint = \"server.py\"\n"
          + "naming the program to run, relative to the source path");
    }
    requireTable(source, "source");
    String pathText = optionalString(source, "source", "path", ".");
    Path root = baseDir.resolve(pathText).normalize();
    if (!Files.isDirectory(root)) {
      throw fail("source.path", "[source] path `" + pathText + "` is not a folder (" + root
          + "). Set it to the folder that holds your program, relative to " + baseDir);
    }
    String entrypoint = requiredString(source, "source", "entrypoint",
        "name the program to run, relative to the source path, e.g. entrypoint = \"server.py\"");
    entrypoint = checkEntrypoint(root, pathText, entrypoint);
    List<String> include = stringList(source, "source", "include", SourceSpec.DEFAULT_INCLUDE);
    List<String> exclude = stringList(source, "source", "exclude", List.of());
    for (String glob : include) {
      checkGlob("source.include", glob);
    }
    for (String glob : exclude) {
      checkGlob("source.exclude", glob);
    }
    JsonNode defaults = source.get("default-excludes");
    if (defaults != null && !defaults.isBoolean()) {
      throw fail("source.default-excludes", "[source] default-excludes must be true or false, not " + describe(defaults));
    }
    List<String> keep = stringList(source, "source", "keep", List.of());
    for (String glob : keep) {
      checkGlob("source.keep", glob);
    }
    String nodeModules = optionalString(source, "source", "node-modules", SourceSpec.NODE_MODULES_REACHABLE);
    if (!nodeModules.equals(SourceSpec.NODE_MODULES_REACHABLE) && !nodeModules.equals(SourceSpec.NODE_MODULES_ALL)) {
      throw fail("source.node-modules", "[source] node-modules must be \"" + SourceSpec.NODE_MODULES_REACHABLE
          + "\" (pack the code of node_modules that the entrypoint's imports and requires reach, plus [source] keep)"
          + " or \"" + SourceSpec.NODE_MODULES_ALL + "\" (pack all of it), not \"" + nodeModules + "\"");
    }
    return new SourceSpec(root, entrypoint, include, exclude, defaults == null || defaults.asBoolean(),
        nodeModules.equals(SourceSpec.NODE_MODULES_ALL), keep);
  }

  private String checkEntrypoint(Path root, String pathText, String entrypoint) throws ConfigException {
    String normal = entrypoint.replace('\\', '/');
    if (normal.startsWith("/") || normal.matches("^[A-Za-z]:.*")) {
      throw fail("source.entrypoint", "[source] entrypoint `" + entrypoint
          + "` is an absolute path. Write it relative to the source path `" + pathText + "`");
    }
    Path resolved = root.resolve(normal).normalize();
    if (!resolved.startsWith(root)) {
      throw fail("source.entrypoint", "[source] entrypoint `" + entrypoint + "` lies outside the source path `"
          + pathText + "` (" + root + "). Move the program into that folder or widen [source] path");
    }
    if (!Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
      throw fail("source.entrypoint", "[source] entrypoint `" + entrypoint + "` does not exist in " + root
          + ". Check the file name, or set [source] path to the folder that holds it");
    }
    if (!Files.isRegularFile(resolved)) {
      throw fail("source.entrypoint", "[source] entrypoint `" + entrypoint + "` is not a regular file. Name a program file");
    }
    try {
      Path real = resolved.toRealPath();
      if (!real.startsWith(root.toRealPath())) {
        throw fail("source.entrypoint", "[source] entrypoint `" + entrypoint + "` is a symbolic link to " + real
            + ", outside the source path. Copy the file into " + root + " instead");
      }
    } catch (IOException e) {
      throw fail("source.entrypoint", "cannot read [source] entrypoint `" + entrypoint + "`: " + e.getMessage());
    }
    return root.relativize(resolved).toString().replace('\\', '/');
  }

  private void checkGlob(String key, String glob) throws ConfigException {
    if (glob.isBlank()) {
      throw fail(key, "[source] " + key.substring(7) + " has an empty pattern. Remove it or write a glob such as \"**/*.py\"");
    }
    if (glob.contains("..")) {
      throw fail(key, "[source] " + key.substring(7) + " pattern `" + glob + "` contains `..`. Patterns match paths inside the source path only");
    }
  }

  private Capabilities readCapabilities(JsonNode caps) throws ConfigException {
    if (caps == null) {
      return Capabilities.NONE;
    }
    requireTable(caps, "capabilities");
    List<Integer> listen = new ArrayList<>();
    List<String> connect = new ArrayList<>();
    JsonNode network = caps.get("network");
    if (network != null) {
      requireTable(network, "capabilities.network");
      JsonNode ports = network.get("listen");
      if (ports != null) {
        if (!ports.isArray()) {
          throw fail("capabilities.network.listen", "[capabilities.network] listen must be a list of ports, e.g. listen = [8080], not "
              + describe(ports));
        }
        for (JsonNode port : ports) {
          if (!port.isIntegralNumber() || !port.canConvertToInt() || port.asInt() < 1 || port.asInt() > 65535) {
            throw fail("capabilities.network.listen", "[capabilities.network] listen has " + describe(port)
                + ", which is not a TCP port. Use whole numbers from 1 to 65535");
          }
          listen.add(port.asInt());
        }
      }
      for (String target : stringList(network, "capabilities.network", "connect", List.of())) {
        checkConnect(target);
        connect.add(target);
      }
    }
    List<String> env = stringList(caps, "capabilities", "env", List.of());
    for (String name : env) {
      if (!ENV_NAME.matcher(name).matches()) {
        throw fail("capabilities.env", "[capabilities] env has `" + name
            + "`, which is not an environment variable name. Use letters, digits and '_', not starting with a digit");
      }
    }
    return new Capabilities(listen, connect, env, readMounts(caps.get("filesystem")));
  }

  private void checkConnect(String target) throws ConfigException {
    int colon = target.lastIndexOf(':');
    String fix = ". Write host:port, e.g. \"api.example.com:443\", \"*.example.com:443\" or \"localhost:*\"";
    if (colon <= 0) {
      throw fail("capabilities.network.connect", "[capabilities.network] connect has `" + target + "` without a port" + fix);
    }
    String host = target.substring(0, colon);
    String port = target.substring(colon + 1);
    if (!HOST_PATTERN.matcher(host).matches()) {
      throw fail("capabilities.network.connect", "[capabilities.network] connect has `" + target + "` whose host `"
          + host + "` is not a host name, IP address or pattern" + fix);
    }
    if (!port.equals("*")) {
      int number;
      try {
        number = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        number = -1;
      }
      if (number < 1 || number > 65535) {
        throw fail("capabilities.network.connect", "[capabilities.network] connect has `" + target + "` whose port `"
            + port + "` is not 1 to 65535 or *" + fix);
      }
    }
  }

  private List<Capabilities.Mount> readMounts(JsonNode filesystem) throws ConfigException {
    List<Capabilities.Mount> mounts = new ArrayList<>();
    if (filesystem == null) {
      return mounts;
    }
    String fix = ". Write [[capabilities.filesystem]] tables with path = \"/data\" and mode = \"ro\" or \"rw\"";
    if (!filesystem.isArray()) {
      throw fail("capabilities.filesystem", "capabilities.filesystem must be a list of tables, not " + describe(filesystem) + fix);
    }
    Set<String> seen = new LinkedHashSet<>();
    for (int index = 0; index < filesystem.size(); index++) {
      JsonNode mount = filesystem.get(index);
      lineScope = "capabilities.filesystem[" + index + "]";
      if (!mount.isObject()) {
        throw fail("capabilities.filesystem", "capabilities.filesystem has " + describe(mount) + fix);
      }
      String path = requiredString(mount, "capabilities.filesystem", "path", "give the guest path, e.g. path = \"/data\"");
      if (!path.startsWith("/") || path.contains("/../") || path.endsWith("/..")) {
        throw fail("capabilities.filesystem.path", "[[capabilities.filesystem]] path `" + path
            + "` must be an absolute guest path without `..`, e.g. \"/data\"");
      }
      if (!seen.add(path)) {
        throw fail("capabilities.filesystem.path", "[[capabilities.filesystem]] path `" + path + "` is mounted twice. Keep one entry");
      }
      String mode = optionalString(mount, "capabilities.filesystem", "mode", "ro");
      if (!mode.equals("ro") && !mode.equals("rw")) {
        throw fail("capabilities.filesystem.mode", "[[capabilities.filesystem]] mode `" + mode
            + "` is not \"ro\" (read-only) or \"rw\" (read-write)");
      }
      mounts.add(new Capabilities.Mount(path, mode.equals("rw")));
    }
    lineScope = null;
    return mounts;
  }

  private void requireTable(JsonNode node, String key) throws ConfigException {
    if (!node.isObject()) {
      throw fail(key, "`" + key + "` must be a table ([" + key + "]), not " + describe(node));
    }
  }

  private String requiredString(JsonNode table, String tableName, String name, String fix) throws ConfigException {
    JsonNode value = table.get(name);
    String key = tableName + "." + name;
    if (value == null) {
      throw fail(tableName, "missing required key `" + name + "` in [" + tableName + "]; " + fix);
    }
    if (!value.isTextual()) {
      throw fail(key, "[" + tableName + "] " + name + " must be a string, not " + describe(value) + "; " + fix);
    }
    if (value.asText().isBlank()) {
      throw fail(key, "[" + tableName + "] " + name + " is empty; " + fix);
    }
    return value.asText();
  }

  private String optionalString(JsonNode table, String tableName, String name, String fallback) throws ConfigException {
    JsonNode value = table.get(name);
    if (value == null) {
      return fallback;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw fail(tableName + "." + name, "[" + tableName + "] " + name + " must be a non-empty string, not " + describe(value));
    }
    return value.asText();
  }

  private List<String> stringList(JsonNode table, String tableName, String name, List<String> fallback)
      throws ConfigException {
    JsonNode value = table.get(name);
    if (value == null) {
      return fallback;
    }
    String key = tableName + "." + name;
    if (!value.isArray()) {
      throw fail(key, "[" + tableName + "] " + name + " must be a list of strings, e.g. " + name
          + " = [\"a\", \"b\"], not " + describe(value));
    }
    List<String> result = new ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw fail(key, "[" + tableName + "] " + name + " must hold strings only, but has " + describe(element));
      }
      result.add(element.asText());
    }
    return result;
  }

  private static String describe(JsonNode value) {
    if (value.isTextual()) {
      return "the string \"" + value.asText() + "\"";
    }
    if (value.isArray()) {
      return "a list";
    }
    if (value.isObject()) {
      return "a table";
    }
    if (value.isBoolean()) {
      return "the boolean " + value.asText();
    }
    if (value.isNumber()) {
      return "the number " + value.asText();
    }
    return "`" + value.asText() + "`";
  }

  private ConfigException fail(String key, String problem) {
    String lineKey = key;
    if (lineScope != null) {
      String table = lineScope.substring(0, lineScope.indexOf('['));
      if (key.equals(table) || key.startsWith(table + ".")) {
        lineKey = lineScope + key.substring(table.length());
      }
    }
    return new ConfigException(file, lines.lineOf(lineKey), key, problem);
  }
}
