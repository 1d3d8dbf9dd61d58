package dev.fabricks.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** Parameter binding of the build goal, checked through Maven's own mojo configurator. */
@MojoTest
class BuildMojoTest {
  private static final String POM = "src/test/resources/unit/bad-key/pom.xml";

  @Test
  @InjectMojo(goal = "build", pom = POM)
  void pomConfigurationReachesTheMojoAndErrorsNameTheKey(BuildMojo mojo) {
    assertTrue(mojo.configFile.getPath().endsWith("unit/bad-key/fabricks.toml"), mojo.configFile.getPath());
    assertEquals(new File("/nonexistent/wasm-tools"), mojo.wasmTools);
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().contains("fabricks.toml:6: [source] include must be a list of strings"), e.getMessage());
    assertTrue(e.getMessage().contains("-Dfabricks.config"), e.getMessage());
  }

  @Test
  @InjectMojo(goal = "build", pom = POM)
  @MojoParameter(name = "skip", value = "true")
  void skipWritesNothing(BuildMojo mojo) throws Exception {
    mojo.execute();
    assertFalse(new File(mojo.outputDirectory, "image.digest").exists());
  }

  @Test
  @InjectMojo(goal = "build", pom = POM)
  @MojoParameter(name = "wasmToolsUrl", value = "http://127.0.0.1:1/wasm-tools.tar.gz")
  void aDownloadUrlNeedsItsChecksum(BuildMojo mojo) {
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::toolSettings);
    assertTrue(e.getMessage().contains("<wasmToolsUrl> and <wasmToolsSha256> go together"), e.getMessage());
  }

  @Test
  @InjectMojo(goal = "build", pom = POM)
  @MojoParameter(name = "outputTimestamp", value = "1767225600")
  void outputTimestampInSecondsIsUnderstood(BuildMojo mojo) throws Exception {
    assertEquals("2026-01-01T00:00:00Z", mojo.created().toString());
  }
}
