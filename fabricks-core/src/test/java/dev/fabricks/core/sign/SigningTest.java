package dev.fabricks.core.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.FabricksException;
import dev.fabricks.core.build.BuildResult;
import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.ImageReference;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.oci.Descriptor;
import dev.fabricks.core.oci.ImageManifest;
import dev.fabricks.core.oci.OciLayout;
import dev.fabricks.core.publish.ArtifactPusher;
import dev.fabricks.core.publish.PushOptions;
import dev.fabricks.core.registry.CredentialSource;
import dev.fabricks.core.registry.Registries;
import dev.fabricks.core.registry.RegistryOptions;
import dev.fabricks.core.testing.TestRegistry;
import dev.fabricks.core.testing.TestApps;
import dev.fabricks.core.testing.TestTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fabricks:push signs what it pushes in cosign's key-based format, and the real cosign verifies
 * it against the public key; cosign refuses it under another key.
 */
class SigningTest {
  @TempDir Path dir;

  private static String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command + "\n" + output);
    }
    return process.exitValue() + "\n" + output;
  }

  private Path key(String name) throws Exception {
    Path key = dir.resolve(name + ".key");
    assertTrue(run(List.of("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-out", key.toString())).startsWith("0\n"));
    assertTrue(run(List.of("openssl", "pkey", "-in", key.toString(), "-pubout", "-out", dir.resolve(name + ".pub")
        .toString())).startsWith("0\n"));
    return key;
  }

  private String cosignVerify(String registry, String image, Path publicKey) throws Exception {
    return run(List.of(TestTools.testTool("cosign").toString(), "verify", "--key", publicKey.toString(),
        "--insecure-ignore-tlog=true", "--allow-http-registry=true", "--allow-insecure-registry=true", image));
  }

  /** Replaces the signature's annotation with another valid-looking one: the payload is unchanged. */
  private void tamper(OciLayout layout, String tag) throws Exception {
    List<Descriptor> index = new ArrayList<>();
    for (Descriptor entry : layout.manifests()) {
      if (!tag.equals(entry.annotations().get(MediaTypes.ANNOTATION_REF_NAME))) {
        index.add(entry);
        continue;
      }
      ImageManifest signature = ImageManifest.parse(layout.readBlob(entry.digest()), "signature");
      Descriptor payload = signature.layers().get(0);
      String forged = Base64.getEncoder().encodeToString(SigningKey.read(dir.resolve("other.key"))
          .sign(layout.readBlob(payload.digest())));
      ImageManifest changed = new ImageManifest(null, signature.config(),
          List.of(payload.withAnnotations(Map.of(CosignSignature.SIGNATURE_ANNOTATION, forged))), Map.of());
      Descriptor written = layout.writeBlob(changed.toBytes(), MediaTypes.OCI_MANIFEST);
      index.add(new Descriptor(written.mediaType(), written.digest(), written.size(), entry.annotations(), null));
    }
    layout.writeIndex(index);
  }

  @Test
  void cosignAndTheHostVerifyThePushedSignatureAndRefuseAnotherKeyOrATamperedOne() throws Exception {
    BuildResult built = TestApps.jsApp(dir, TestApps.runtimeLayout(dir), "hello", "console.log('signed');\n");
    Path signing = key("cosign");
    key("other");

    try (TestRegistry registry = TestRegistry.start(dir.resolve("registry"))) {
      ArtifactPusher pusher = new ArtifactPusher(new Registries(new RegistryOptions(Map.of(), Set.of(registry.host()),
          CredentialSource.NONE, false, false), BuildEvents.NONE), BuildEvents.NONE);
      String image = registry.host() + "/apps/hello:1.0.0";
      pusher.push(built.layout(), built.manifestDigest(), ImageReference.parse(image), List.of(),
          PushOptions.NONE.withSigningKey(signing));

      String verified = cosignVerify(registry.host(), image, dir.resolve("cosign.pub"));
      assertTrue(verified.startsWith("0\n"), verified);
      assertTrue(verified.contains("\"docker-manifest-digest\":\"" + built.manifestDigest() + "\""), verified);
      String other = cosignVerify(registry.host(), image, dir.resolve("other.pub"));
      assertNotEquals("0", other.substring(0, other.indexOf('\n')), "another key must not verify: " + other);

      String tag = CosignSignature.tag(built.manifestDigest());
      assertEquals(1, OciLayout.open(built.layout()).manifests().stream()
          .filter(m -> tag.equals(m.annotations().get("org.opencontainers.image.ref.name"))).count(),
          "the signature is kept in the local layout for hosts that verify it");

      // our host checks the same signature in the layout, and refuses a wrong key and a tampered signature
      Path host = TestTools.host();
      String layout = built.layout().toString();
      String ran = run(List.of(host.toString(), "run", "--verify-key", dir.resolve("cosign.pub").toString(), layout));
      assertEquals("0\nsigned\n", ran);
      String wrongKey = run(List.of(host.toString(), "run", "--verify-key", dir.resolve("other.pub").toString(), layout));
      assertTrue(wrongKey.startsWith("2\n") && wrongKey.contains("refused: the signature " + tag)
          && wrongKey.contains("does not verify with " + dir.resolve("other.pub")), wrongKey);
      // a layout copied from the registry with oras, the .sig tag beside the app, verifies the same way
      String copied = dir.resolve("copied").toString();
      String oras = TestTools.testTool("oras").toString();
      for (String ref : List.of("1.0.0", tag)) {
        String out = run(List.of(oras, "copy", "--from-plain-http", registry.host() + "/apps/hello:" + ref,
            "--to-oci-layout", copied + ":" + ref));
        assertTrue(out.startsWith("0\n"), out);
      }
      assertEquals("0\nsigned\n", run(List.of(host.toString(), "run", "--verify-key", dir.resolve("cosign.pub").toString(),
          copied)));
      String unsigned = dir.resolve("unsigned").toString();
      assertTrue(run(List.of(oras, "copy", "--from-plain-http", image, "--to-oci-layout", unsigned + ":1.0.0"))
          .startsWith("0\n"));
      String refused = run(List.of(host.toString(), "run", "--verify-key", dir.resolve("cosign.pub").toString(), unsigned));
      assertTrue(refused.startsWith("2\n") && refused.contains("is not signed: the layout has no " + tag), refused);

      tamper(OciLayout.open(built.layout()), tag);
      String tampered = run(List.of(host.toString(), "run", "--verify-key", dir.resolve("cosign.pub").toString(), layout));
      assertTrue(tampered.startsWith("2\n") && tampered.contains("does not match the payload under this key"), tampered);
      assertFalse(tampered.contains("\nsigned\n"), "the app did not run: " + tampered);

      Files.writeString(dir.resolve("sec1.key"), run(List.of("openssl", "ec", "-in", signing.toString()))
          .substring(2).replaceAll("(?s)^.*?(-----BEGIN)", "$1"));
      FabricksException sec1 = assertThrows(FabricksException.class, () -> pusher.push(built.layout(),
          built.manifestDigest(), ImageReference.parse(image), List.of(),
          PushOptions.NONE.withSigningKey(dir.resolve("sec1.key"))));
      assertTrue(sec1.getMessage().contains("is a PEM `EC PRIVATE KEY`: convert it with `openssl pkcs8 -topk8"),
          sec1.getMessage());
    }
  }
}
