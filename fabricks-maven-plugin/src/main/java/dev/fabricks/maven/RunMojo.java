package dev.fabricks.maven;

import dev.fabricks.core.host.HostLocator;
import dev.fabricks.core.host.HostNotFoundException;
import dev.fabricks.core.host.HostRun;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Runs the module's app (built by {@code fabricks:build} into {@code target/fabricks/oci}) with
 * {@code fabricks-host}, which grants it exactly the capabilities its artifact declares. stdin,
 * stdout and stderr are this Maven process's; a non-zero exit fails the build. Run it after
 * {@code package}: {@code mvn package fabricks:run}.
 */
@Mojo(name = "run", threadSafe = true)
public final class RunMojo extends AbstractFabricksMojo {
  static final String PROPERTY_HOST = "fabricks.host";
  static final String PROPERTY_ARGS = "fabricks.run.args";
  static final String PROPERTY_MOUNTS = "fabricks.run.mounts";
  static final String PROPERTY_MEMORY = "fabricks.run.memory";
  static final String PROPERTY_TIMEOUT = "fabricks.run.timeout";

  @Inject
  public RunMojo(SettingsDecrypter decrypter) {
    super(decrypter);
  }

  /** The fabricks-host executable; when unset, PATH and then the local Maven repository are searched. */
  @Parameter(property = PROPERTY_HOST)
  private File host;

  /** The app's arguments, split like a shell line. */
  @Parameter(property = PROPERTY_ARGS)
  private String args;

  /**
   * Host folders for the app's declared {@code [[capabilities.filesystem]]} paths, each
   * {@code GUEST=HOST} with the host folder relative to the module, e.g. {@code /data=./notes};
   * property {@code fabricks.run.mounts} (comma-separated), added to the POM's list.
   */
  @Parameter
  private List<String> mounts = List.of();

  /** The most memory the app may use, e.g. {@code 512M} (the host's default: 1G). */
  @Parameter(property = PROPERTY_MEMORY)
  private String memory;

  /** Stops the app after this many seconds. */
  @Parameter(property = PROPERTY_TIMEOUT)
  private String timeout;

  /**
   * A PEM public key (cosign.pub): the host refuses to start the app unless the layout holds its
   * cosign signature made with the matching key (as {@code fabricks:push -Dfabricks.sign.key} writes it).
   */
  @Parameter(property = "fabricks.run.verifyKey")
  private File verifyKey;

  @Parameter(defaultValue = "${plugin.version}", readonly = true)
  private String pluginVersion;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping Fabricks run (" + PROPERTY_SKIP + "=true)");
      return;
    }
    Path base = project.getBasedir().toPath();
    if ("pom".equals(project.getPackaging()) && !Files.exists(base.resolve("fabricks.toml"))) {
      getLog().info("Skipping Fabricks run: this pom-packaged module has no fabricks.toml");
      return;
    }
    Path layout = outputDirectory.toPath().resolve("oci");
    if (!Files.isRegularFile(layout.resolve("index.json"))) {
      throw new MojoFailureException("nothing to run: " + layout + " holds no artifact. Build it first: mvn package fabricks:run");
    }
    Path executable;
    try {
      Path repository = session == null || session.getLocalRepository() == null ? null
          : Path.of(session.getLocalRepository().getBasedir());
      executable = new HostLocator().locate(new HostLocator.Settings(host == null ? null : host.toPath(),
          System.getenv("PATH"), repository, pluginVersion));
    } catch (HostNotFoundException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
    HostRun run;
    try {
      List<String> all = new ArrayList<>();
      for (String mount : mounts == null ? List.<String>of() : mounts) {
        all.addAll(HostRun.parseMounts(mount, base));
      }
      all.addAll(HostRun.parseMounts(property(PROPERTY_MOUNTS), base));
      run = new HostRun(executable, layout, all, memory, timeout,
          verifyKey == null ? null : verifyKey.toPath().toAbsolutePath(), HostRun.parseArgs(args));
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("<mounts> / -D" + PROPERTY_MOUNTS + " or -D" + PROPERTY_ARGS + ": " + e.getMessage());
    }
    getLog().info("running " + run.shellLine());
    int code;
    try {
      Process process = new ProcessBuilder(run.commandLine()).inheritIO().start();
      try {
        code = process.waitFor();
      } catch (InterruptedException e) {
        process.destroy();
        Thread.currentThread().interrupt();
        throw new MojoExecutionException("interrupted while the app ran; it was stopped", e);
      }
    } catch (IOException e) {
      throw new MojoExecutionException("could not start " + executable + ": " + e.getMessage(), e);
    }
    if (code != 0) {
      throw new MojoFailureException("the app exited with status " + code + " (" + run.shellLine() + ")");
    }
  }
}
