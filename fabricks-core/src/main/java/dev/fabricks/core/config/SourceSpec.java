package dev.fabricks.core.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code [source]} table: the folder whose files make the source layer, the program to run, and
 * the globs that choose the files.
 *
 * @param root absolute, normalised source folder
 * @param entrypoint '/'-separated path relative to root
 * @param include globs of files to pack (default: everything)
 * @param exclude globs of files to leave out, in addition to {@link #DEFAULT_EXCLUDES}
 * @param defaultExcludes whether {@link #DEFAULT_EXCLUDES} apply
 * @param allNodeModules for runtimes that prepare JavaScript: pack all code of node_modules, not
 *     only what the entrypoint reaches ({@code node-modules = "all"})
 * @param keep globs of node_modules files packed even when nothing reaches them
 */
public record SourceSpec(
    Path root, String entrypoint, List<String> include, List<String> exclude, boolean defaultExcludes,
    boolean allNodeModules, List<String> keep) {

  public static final String NODE_MODULES_REACHABLE = "reachable";
  public static final String NODE_MODULES_ALL = "all";

  public SourceSpec(Path root, String entrypoint, List<String> include, List<String> exclude, boolean defaultExcludes) {
    this(root, entrypoint, include, exclude, defaultExcludes, false, List.of());
  }

  /**
   * Never packed unless {@code default-excludes = false}: version control, build output, caches,
   * secrets, editor files and the build's own configuration.
   */
  public static final List<String> DEFAULT_EXCLUDES = List.of(
      ".git/", ".hg/", ".svn/", "/target/", "__pycache__/", "*.pyc", "node_modules/.cache/",
      ".env", ".env.*", ".DS_Store", ".idea/", ".vscode/", "/pom.xml", "/fabricks.toml", "/.mvn/");

  /**
   * Key and certificate files, never packed from the app's own folders unless {@code
   * default-excludes = false}. Inside installed packages ({@link #DEPENDENCY_FOLDERS}) they are the
   * package's published data (certifi's CA bundle, test fixtures) and are packed.
   */
  public static final List<String> SECRET_EXCLUDES = List.of(
      "*.pem", "*.key", "*.p12", "*.jks", "id_rsa*", "id_dsa*", "id_ecdsa*", "id_ed25519*");

  /** Folders that hold installed packages: {@code pip install --target vendor}, a venv's, npm's. */
  public static final List<String> DEPENDENCY_FOLDERS = List.of("vendor", "site-packages", "node_modules");

  public static final List<String> DEFAULT_INCLUDE = List.of("**");

  public SourceSpec {
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    keep = List.copyOf(keep);
  }

  /** The secret patterns in force outside dependency folders: none when the defaults are off. */
  public List<String> effectiveSecretExcludes() {
    return defaultExcludes ? SECRET_EXCLUDES : List.of();
  }

  /** The excludes in force everywhere: the user's, plus the defaults unless switched off. */
  public List<String> effectiveExcludes() {
    if (!defaultExcludes) {
      return exclude;
    }
    List<String> all = new java.util.ArrayList<>(DEFAULT_EXCLUDES);
    all.addAll(exclude);
    return List.copyOf(all);
  }
}
