package dev.fabricks.maven;

import dev.fabricks.core.build.InputSnapshot;
import java.io.File;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Builds the app, then builds it again whenever fabricks.toml, a source file or a local runtime
 * layout changes, until stopped with Ctrl-C: {@code mvn fabricks:watch}. One JVM serves every
 * rebuild, so an edit costs the composition alone, not Maven's start. A failed build is reported
 * and watching goes on. Takes every parameter of the {@code build} goal.
 */
@Mojo(name = "watch", threadSafe = false)
public final class WatchMojo extends BuildMojo {
  static final String PROPERTY_INTERVAL = "fabricks.watch.interval";
  static final String PROPERTY_BUILDS = "fabricks.watch.builds";

  /** How often, in milliseconds, the inputs are checked for changes. */
  @Parameter(property = PROPERTY_INTERVAL, defaultValue = "200")
  long interval;

  /** Stop after this many builds (for scripts); 0 watches until stopped. */
  @Parameter(property = PROPERTY_BUILDS, defaultValue = "0")
  int builds;

  @Inject
  public WatchMojo(SettingsDecrypter decrypter) {
    super(decrypter);
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skipped()) {
      return;
    }
    if (interval < 10) {
      throw new MojoExecutionException("-D" + PROPERTY_INTERVAL + "=" + interval + " is too short: use 10 ms or more");
    }
    List<String> apps = session == null ? List.of() : session.getProjects().stream()
        .filter(p -> new File(p.getBasedir(), "fabricks.toml").isFile()).map(MavenProject::getArtifactId).toList();
    if (apps.size() > 1) {
      // the goal never returns: the reactor would watch its first app and never reach the others
      throw new MojoExecutionException("fabricks:watch watches one app, and this build has " + apps.size() + ": "
          + String.join(", ", apps) + ". Run it in one module: mvn -pl <module> fabricks:watch (or -f <module>/pom.xml)");
    }
    InputSnapshot built = null;
    int done = 0;
    try {
      while (builds == 0 || done < builds) {
        // Taken before the build: a file saved while it runs starts another one.
        InputSnapshot now = InputSnapshot.take(configFile.toPath(), fromImage);
        if (!now.equals(built)) {
          built = now;
          try {
            buildOnce();
          } catch (MojoFailureException e) {
            getLog().error(e.getMessage());
          }
          done++;
          if (builds == 0 || done < builds) {
            getLog().info("Watching " + configFile.getParentFile() + " for changes (Ctrl-C to stop)");
          }
        }
        Thread.sleep(interval);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
