package dev.fabricks.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostRunTest {

  @Test
  void commandLineHasMountsLimitsAndArgumentsAfterTheSeparator() {
    HostRun run = new HostRun(Path.of("/opt/fabricks-host"), Path.of("/w/app/target/fabricks/oci"),
        List.of("/data=/w/app/notes"), "512M", "30", Path.of("/keys/cosign.pub"), List.of("--verbose", "two words"));
    assertEquals(List.of("/opt/fabricks-host", "run", "/w/app/target/fabricks/oci", "--mount", "/data=/w/app/notes",
        "--memory", "512M", "--timeout", "30", "--verify-key", "/keys/cosign.pub", "--", "--verbose", "two words"),
        run.commandLine());
    assertEquals("/opt/fabricks-host run /w/app/target/fabricks/oci --mount /data=/w/app/notes --memory 512M --timeout 30"
        + " --verify-key /keys/cosign.pub -- --verbose 'two words'", run.shellLine());
  }

  @Test
  void mountsResolveAgainstTheModule() {
    assertEquals(List.of("/data=/w/app/notes", "/ref=/abs"), HostRun.parseMounts("/data=./notes, /ref=/abs", Path.of("/w/app")));
    assertEquals(List.of(), HostRun.parseMounts(" ", Path.of("/w")));
    assertThrows(IllegalArgumentException.class, () -> HostRun.parseMounts("/data", Path.of("/w")));
    assertThrows(IllegalArgumentException.class, () -> HostRun.parseMounts("=x", Path.of("/w")));
  }

  @Test
  void argumentsSplitLikeAShell() {
    assertEquals(List.of("a", "b c", "d'e", ""), HostRun.parseArgs(" a 'b c' \"d'e\" ''"));
    assertThrows(IllegalArgumentException.class, () -> HostRun.parseArgs("'open"));
  }
}
