package dev.fabricks.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostLocatorTest {
  @TempDir Path dir;

  private Path executable(Path path) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(path, "#!/bin/sh\n");
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    return path;
  }

  @Test
  void explicitThenPathThenLocalRepository() throws Exception {
    Path repo = dir.resolve("m2");
    Path fromRepo = executable(HostLocator.artifactPath(repo, "1.0"));
    Path onPath = executable(dir.resolve("bin/fabricks-host"));
    Path explicit = executable(dir.resolve("custom/host"));
    HostLocator locator = new HostLocator();
    assertEquals(explicit, locator.locate(new HostLocator.Settings(explicit, dir.resolve("bin").toString(), repo, "1.0")));
    assertEquals(onPath, locator.locate(new HostLocator.Settings(null, dir.resolve("bin").toString(), repo, "1.0")));
    assertEquals(fromRepo, locator.locate(new HostLocator.Settings(null, dir.resolve("empty").toString(), repo, "1.0")));
    assertTrue(fromRepo.toString().endsWith("dev/fabricks/fabricks-host/1.0/fabricks-host-1.0-" + HostLocator.classifier() + ".exe"));
  }

  @Test
  void aMissingHostSaysHowToGetOne() {
    HostNotFoundException e = assertThrows(HostNotFoundException.class, () -> new HostLocator()
        .locate(new HostLocator.Settings(null, dir.toString(), dir.resolve("m2"), "1.0")));
    assertTrue(e.getMessage().contains("scripts/setup") && e.getMessage().contains("-Dfabricks.host"), e.getMessage());
    HostNotFoundException explicit = assertThrows(HostNotFoundException.class, () -> new HostLocator()
        .locate(new HostLocator.Settings(dir.resolve("nope"), null, null, "1.0")));
    assertTrue(explicit.getMessage().contains("<host>"), explicit.getMessage());
  }
}
