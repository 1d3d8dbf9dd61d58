package dev.fabricks.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.registry.CredentialSource;
import dev.fabricks.core.registry.Credentials;
import dev.fabricks.core.registry.RegistryException;
import java.util.List;
import java.util.Map;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsProblem;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.junit.jupiter.api.Test;

/** The order credentials are looked up in, with settings.xml servers decrypted. */
class MavenCredentialsTest {

  /** Decrypts "{secret}" to "secret", and reports an error for "{broken}". */
  private static final SettingsDecrypter DECRYPTER = new SettingsDecrypter() {
    @Override
    public SettingsDecryptionResult decrypt(SettingsDecryptionRequest request) {
      Server server = request.getServers().get(0).clone();
      List<SettingsProblem> problems = List.of();
      if (server.getPassword().equals("{broken}")) {
        problems = List.of(new DefaultSettingsProblem("master password missing", SettingsProblem.Severity.ERROR,
            "settings.xml", -1, -1, null));
      } else if (server.getPassword().startsWith("{")) {
        server.setPassword(server.getPassword().substring(1, server.getPassword().length() - 1));
      }
      Server result = server;
      List<SettingsProblem> found = problems;
      return new SettingsDecryptionResult() {
        @Override
        public Server getServer() {
          return result;
        }

        @Override
        public List<Server> getServers() {
          return List.of(result);
        }

        @Override
        public org.apache.maven.settings.Proxy getProxy() {
          return null;
        }

        @Override
        public List<org.apache.maven.settings.Proxy> getProxies() {
          return List.of();
        }

        @Override
        public List<SettingsProblem> getProblems() {
          return found;
        }
      };
    }
  };

  private static Settings settings(String id, String user, String password) {
    Server server = new Server();
    server.setId(id);
    server.setUsername(user);
    server.setPassword(password);
    Settings settings = new Settings();
    settings.addServer(server);
    return settings;
  }

  @Test
  void explicitCredentialsWinOverSettings() throws Exception {
    CredentialSource chain = MavenCredentials.chain(Map.of("registry.example.com",
        new Credentials("pom-user", "pom-pass", "POM")), settings("registry.example.com", "settings-user", "{s}"),
        DECRYPTER, BuildEvents.NONE);
    assertEquals("pom-user", chain.find("registry.example.com").orElseThrow().username());
  }

  @Test
  void aSettingsServerWhoseIdIsTheHostIsDecrypted() throws Exception {
    CredentialSource chain = MavenCredentials.chain(Map.of(), settings("registry.example.com:5000", "deployer", "{t0ken}"),
        DECRYPTER, BuildEvents.NONE);
    Credentials found = chain.find("registry.example.com:5000").orElseThrow();
    assertEquals("deployer", found.username());
    assertEquals("t0ken", found.password());
    assertEquals("settings.xml server registry.example.com:5000", found.source());
    assertFalse(found.toString().contains("t0ken"), "toString hides the secret");
    assertTrue(chain.find("other.example.com").isEmpty() || !"deployer".equals(chain.find("other.example.com").get().username()),
        "a server is used for its own host only");
  }

  @Test
  void aServerThatCannotBeDecryptedFailsWithItsId() {
    CredentialSource chain = MavenCredentials.chain(Map.of(), settings("registry.example.com", "deployer", "{broken}"),
        DECRYPTER, BuildEvents.NONE);
    RegistryException e = assertThrows(RegistryException.class, () -> chain.find("registry.example.com"));
    assertTrue(e.getMessage().contains("settings.xml <server> registry.example.com cannot be decrypted"), e.getMessage());
    assertFalse(e.getMessage().contains("broken"));
  }
}
