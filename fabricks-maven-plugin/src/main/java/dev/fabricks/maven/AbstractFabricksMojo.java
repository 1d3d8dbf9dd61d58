package dev.fabricks.maven;

import dev.fabricks.core.cache.UserCache;
import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.registry.Credentials;
import dev.fabricks.core.registry.Registries;
import dev.fabricks.core.registry.RegistryOptions;
import dev.fabricks.core.tools.ToolDownload;
import dev.fabricks.core.tools.WasmToolsLocator;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.codehaus.plexus.util.StringUtils;

/** The parameters every goal shares; each has a {@code fabricks.*} user property. */
abstract class AbstractFabricksMojo extends AbstractMojo {
  static final String PROPERTY_SKIP = "fabricks.skip";
  static final String PROPERTY_WASM_TOOLS = "fabricks.wasmTools";
  static final String PROPERTY_WASM_TOOLS_URL = "fabricks.wasmTools.url";
  static final String PROPERTY_WASM_TOOLS_SHA256 = "fabricks.wasmTools.sha256";
  static final String PROPERTY_CACHE = "fabricks.cacheDirectory";
  static final String PROPERTY_OUTPUT = "fabricks.outputDirectory";
  static final String PROPERTY_MIRRORS = "fabricks.mirrors";
  static final String PROPERTY_INSECURE = "fabricks.insecureRegistries";
  static final String PROPERTY_REFRESH = "fabricks.refresh";
  static final String PROPERTY_FROM_USERNAME = "fabricks.from.auth.username";
  static final String PROPERTY_FROM_PASSWORD = "fabricks.from.auth.password";
  static final String PROPERTY_TO_IMAGE = "fabricks.to.image";
  static final String PROPERTY_TO_TAGS = "fabricks.to.tags";
  static final String PROPERTY_TO_RUNTIME_REPOSITORY = "fabricks.to.runtimeRepository";
  static final String PROPERTY_TO_WASM_TAG = "fabricks.to.wasmTag";
  static final String PROPERTY_TO_USERNAME = "fabricks.to.auth.username";
  static final String PROPERTY_TO_PASSWORD = "fabricks.to.auth.password";

  /** Decrypts settings.xml passwords; set by the goals' injected constructors. */
  protected final SettingsDecrypter decrypter;

  protected AbstractFabricksMojo(SettingsDecrypter decrypter) {
    this.decrypter = decrypter;
  }

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  protected MavenSession session;

  @Parameter(defaultValue = "${settings}", readonly = true, required = true)
  protected Settings settings;

  /**
   * Registry mirrors: {@code <mirrors><fabricks.dev>registry.example.com</fabricks.dev></mirrors>};
   * property {@code fabricks.mirrors=fabricks.dev=registry.example.com,docker.io=mirror.example.com}.
   */
  @Parameter
  protected Map<String, String> mirrors = new HashMap<>();

  /**
   * Registries that may be reached over plain http or with unverified TLS, and that may receive
   * credentials over plain http; property {@code fabricks.insecureRegistries} (comma-separated).
   */
  @Parameter
  protected List<String> insecureRegistries = List.of();

  /**
   * Allows plain http and unverified TLS for every registry, and credentials over plain http to
   * them. Prefer naming the hosts in {@link #insecureRegistries}.
   */
  @Parameter(property = "fabricks.allowInsecureRegistries", defaultValue = "false")
  protected boolean allowInsecureRegistries;

  /** Resolve {@code [from]} tags again even when the cache knows them (also {@code mvn -U}). */
  @Parameter(property = PROPERTY_REFRESH, defaultValue = "false")
  protected boolean refresh;

  /** Credentials for the registry of the {@code [from]} runtime. */
  @Parameter
  protected From from = new From();

  /** Where {@code fabricks:push} sends the artifact. */
  @Parameter
  protected To to = new To();

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  /** Skips the goal. */
  @Parameter(property = PROPERTY_SKIP, defaultValue = "false")
  protected boolean skip;

  /** Where the goal writes: the component, the OCI image layout and the digest file. */
  @Parameter(property = PROPERTY_OUTPUT, defaultValue = "${project.build.directory}/fabricks")
  protected File outputDirectory;

  /** The wasm-tools executable; when unset, PATH and cargo's bin folder are searched. */
  @Parameter(property = PROPERTY_WASM_TOOLS)
  protected File wasmTools;

  /** A URL of a wasm-tools release (.tar.gz or the executable) to download when none is installed. */
  @Parameter(property = PROPERTY_WASM_TOOLS_URL)
  protected String wasmToolsUrl;

  /** The sha256 of the file at {@link #wasmToolsUrl}; required with it. */
  @Parameter(property = PROPERTY_WASM_TOOLS_SHA256)
  protected String wasmToolsSha256;

  /** The user-wide cache of runtimes and tools; default {@code $XDG_CACHE_HOME/fabricks} or {@code ~/.cache/fabricks}. */
  @Parameter(property = PROPERTY_CACHE)
  protected File cacheDirectory;

  /** Time stamp recorded in artifacts, for reproducible builds. */
  @Parameter(defaultValue = "${project.build.outputTimestamp}")
  protected String outputTimestamp;

  /** A {@code -D} user property, else a system property, else a project property, else null. */
  String property(String name) {
    String value = session == null ? null : session.getUserProperties().getProperty(name);
    if (value == null && session != null) {
      value = session.getSystemProperties().getProperty(name);
    }
    if (value == null && project != null) {
      value = project.getProperties().getProperty(name);
    }
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** The non-empty, trimmed items of a comma-separated property value. */
  static List<String> commaList(String text) {
    return text == null ? List.of() : Arrays.stream(StringUtils.split(text, ",")).map(String::strip)
        .filter(item -> !item.isEmpty()).toList();
  }

  Map<String, String> effectiveMirrors() throws MojoFailureException {
    Map<String, String> result = new LinkedHashMap<>(mirrors == null ? Map.of() : mirrors);
    for (String entry : commaList(property(PROPERTY_MIRRORS))) {
      String[] parts = entry.split("=", 2);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new MojoFailureException("-D" + PROPERTY_MIRRORS + " has '" + entry
            + "'; write registry=mirror pairs separated by commas, e.g. fabricks.dev=registry.example.com");
      }
      result.put(parts[0].strip(), parts[1].strip());
    }
    return result;
  }

  Set<String> effectiveInsecureRegistries() {
    Set<String> result = new LinkedHashSet<>(insecureRegistries == null ? List.of() : insecureRegistries);
    result.addAll(commaList(property(PROPERTY_INSECURE)));
    if (allowInsecureRegistries) {
      getLog().warn("allowInsecureRegistries is on: every registry may be reached over plain http or unverified TLS");
      result.add(dev.fabricks.core.registry.RegistryOptions.ALL_HOSTS);
    }
    return result;
  }

  /** Registry access with explicit credentials for the given hosts, then settings.xml, Docker, environment. */
  Registries registries(Map<String, Credentials> explicit, BuildEvents events) throws MojoFailureException {
    boolean offline = session != null && session.isOffline();
    boolean update = refresh || (session != null && session.getRequest() != null && session.getRequest().isUpdateSnapshots());
    return new Registries(new RegistryOptions(effectiveMirrors(), effectiveInsecureRegistries(),
        MavenCredentials.chain(explicit, settings, decrypter, events), offline, update), events);
  }

  /** Explicit credentials from the POM or -D, when both user name and password are set. */
  static Credentials explicit(Auth auth, String userProperty, String passwordProperty, AbstractFabricksMojo mojo) {
    String user = mojo.property(userProperty);
    String password = mojo.property(passwordProperty);
    if (user == null && auth != null && auth.isSet()) {
      user = auth.username;
      password = auth.password;
    }
    return user == null || password == null ? null : new Credentials(user, password, "POM <auth> or -D" + userProperty);
  }

  Path cacheDirectory() {
    return cacheDirectory != null ? cacheDirectory.toPath() : UserCache.defaultDirectory();
  }

  WasmToolsLocator.Settings toolSettings() throws MojoFailureException {
    ToolDownload download = null;
    boolean hasUrl = wasmToolsUrl != null && !wasmToolsUrl.isBlank();
    boolean hasSha = wasmToolsSha256 != null && !wasmToolsSha256.isBlank();
    if (hasUrl != hasSha) {
      throw new MojoFailureException("<wasmToolsUrl> and <wasmToolsSha256> go together: set both (-D"
          + PROPERTY_WASM_TOOLS_URL + " and -D" + PROPERTY_WASM_TOOLS_SHA256 + ") or neither");
    }
    if (hasUrl) {
      Digest sha = Digest.parseOrNull(wasmToolsSha256.startsWith("sha256:") ? wasmToolsSha256 : "sha256:" + wasmToolsSha256);
      if (sha == null) {
        throw new MojoFailureException("<wasmToolsSha256> (-D" + PROPERTY_WASM_TOOLS_SHA256 + ") must be 64 hex digits, not '"
            + wasmToolsSha256 + "'");
      }
      try {
        download = new ToolDownload("wasm-tools", URI.create(wasmToolsUrl), sha);
      } catch (IllegalArgumentException e) {
        throw new MojoFailureException("<wasmToolsUrl> (-D" + PROPERTY_WASM_TOOLS_URL + ") is not a URL: " + wasmToolsUrl);
      }
    }
    return new WasmToolsLocator.Settings(wasmTools == null ? null : wasmTools.toPath(), WasmToolsLocator.defaultSearchPath(),
        download, cacheDirectory());
  }

  /** Reads Maven's {@code project.build.outputTimestamp}: ISO-8601 or seconds since 1970; null when unset. */
  Instant created() throws MojoFailureException {
    if (outputTimestamp == null || outputTimestamp.length() < 2) {
      return null;
    }
    if (outputTimestamp.chars().allMatch(Character::isDigit)) {
      return Instant.ofEpochSecond(Long.parseLong(outputTimestamp));
    }
    try {
      return OffsetDateTime.parse(outputTimestamp).toInstant();
    } catch (DateTimeParseException e) {
      throw new MojoFailureException("project.build.outputTimestamp '" + outputTimestamp
          + "' is neither ISO-8601 (2026-01-01T00:00:00Z) nor seconds since 1970");
    }
  }
}
