package dev.fabricks.core.registry;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.testing.TestRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS is verified unless the user names the registry as insecure: a real registry serving HTTPS
 * with a self-signed certificate is refused by default and when another host is named, and reached
 * when its own host is named.
 */
class TlsVerificationTest {
  @TempDir static Path dir;
  static TestRegistry selfSigned;

  @BeforeAll
  static void start() throws Exception {
    selfSigned = TestRegistry.startWithSelfSignedTls(dir.resolve("tls"));
  }

  @AfterAll
  static void stop() throws Exception {
    selfSigned.close();
  }

  private static OciRegistry open(Set<String> insecure) throws RegistryException {
    RegistryOptions options = new RegistryOptions(Map.of(), insecure, CredentialSource.NONE, false, false);
    return new Registries(options, BuildEvents.NONE).open(selfSigned.host());
  }

  private static void pull(OciRegistry registry) throws RegistryException {
    registry.pullManifest("runtimes/node", "1.0", List.of(MediaTypes.OCI_MANIFEST));
  }

  @Test
  void anUntrustedCertificateIsRefusedByDefault() {
    RegistryException e = assertThrows(RegistryException.class, () -> pull(open(Set.of())));
    assertTrue(e.getMessage().contains("TLS failed (plain http or an untrusted certificate?)"), e.getMessage());
    assertTrue(e.getMessage().contains(selfSigned.host()), e.getMessage());
    assertTrue(e.getMessage().contains("-Dfabricks.insecureRegistries=" + selfSigned.host()), e.getMessage());
  }

  @Test
  void namingAnotherRegistryAsInsecureChangesNothing() {
    RegistryException e = assertThrows(RegistryException.class, () -> pull(open(Set.of("127.0.0.1:1"))));
    assertTrue(e.getMessage().contains("TLS failed"), e.getMessage());
  }

  @Test
  void namingThisRegistryAsInsecureReachesIt() throws Exception {
    OciRegistry registry = open(Set.of(selfSigned.host()));
    assertTrue(registry.pullManifest("runtimes/node", "1.0", List.of(MediaTypes.OCI_MANIFEST)).isEmpty(),
        "reached over unverified TLS: the registry answers that the manifest is unknown");
    assertTrue(!selfSigned.requests("GET", "/v2/runtimes/node/manifests/1.0").isEmpty(), selfSigned.log());
  }
}
