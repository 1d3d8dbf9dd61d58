package dev.fabricks.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.event.BuildEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigCredentialsTest {
  @TempDir Path dir;

  @Test
  void theFileIsWhereTheDockerCliLooks() {
    Path home = Path.of("/home/u");
    assertEquals(Path.of("/home/u/.docker/config.json"), DockerConfigCredentials.configFile(Map.of(), home));
    assertEquals(Path.of("/ci/docker/config.json"),
        DockerConfigCredentials.configFile(Map.of("DOCKER_CONFIG", "/ci/docker"), home));
    assertEquals(Path.of("/home/u/.docker/config.json"),
        DockerConfigCredentials.configFile(Map.of("DOCKER_CONFIG", " "), home));
  }

  @Test
  void authsOfTheRegistryAreFoundAndOthersAreNot() throws Exception {
    String auth = Base64.getEncoder().encodeToString("deployer:s3cret".getBytes(StandardCharsets.UTF_8));
    Path config = Files.writeString(dir.resolve("config.json"),
        "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + auth + "\"}}}");
    DockerConfigCredentials source = new DockerConfigCredentials(BuildEvents.NONE, config);
    Credentials found = source.find("127.0.0.1:5000").orElseThrow();
    assertEquals("deployer", found.username());
    assertTrue(found.toString().indexOf("s3cret") < 0, "toString hides the secret: " + found);
    assertTrue(source.find("127.0.0.1:5001").isEmpty());
  }
}
