package dev.fabricks.maven;

import dev.fabricks.core.cache.UserCache;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.tools.ToolDownload;
import dev.fabricks.core.tools.WasmToolsLocator;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** The parameters every goal shares; each has a {@code fabricks.*} user property. */
abstract class AbstractFabricksMojo extends AbstractMojo {
  static final String PROPERTY_SKIP = "fabricks.skip";
  static final String PROPERTY_WASM_TOOLS = "fabricks.wasmTools";
  static final String PROPERTY_WASM_TOOLS_URL = "fabricks.wasmTools.url";
  static final String PROPERTY_WASM_TOOLS_SHA256 = "fabricks.wasmTools.sha256";
  static final String PROPERTY_CACHE = "fabricks.cacheDirectory";
  static final String PROPERTY_OUTPUT = "fabricks.outputDirectory";

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
