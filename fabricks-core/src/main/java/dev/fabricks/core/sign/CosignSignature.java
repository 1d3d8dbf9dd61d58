package dev.fabricks.core.sign;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.oci.CanonicalJson;
import dev.fabricks.core.oci.Descriptor;
import dev.fabricks.core.oci.ImageManifest;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A cosign key-based signature of one manifest: the simple-signing payload, a config, and the
 * signature manifest whose one layer is the payload with the base64 signature as an annotation.
 * It is stored under {@link #tag(Digest)} in the artifact's repository, where cosign looks.
 *
 * @param payload the simple-signing payload's bytes
 * @param config the signature image's config bytes
 * @param manifest the signature manifest's bytes
 */
public record CosignSignature(byte[] payload, byte[] config, byte[] manifest) {
  public static final String PAYLOAD_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
  public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
  private static final String IMAGE_CONFIG = "application/vnd.oci.image.config.v1+json";
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  /** cosign's tag for the signatures of {@code manifest}: {@code sha256-<hex>.sig}. */
  public static String tag(Digest manifest) {
    return Digest.ALGORITHM + "-" + manifest.hex() + ".sig";
  }

  /**
   * @param manifest the digest of the signed manifest
   * @param dockerReference {@code registry/repository} it is pushed to
   */
  public static CosignSignature sign(Digest manifest, String dockerReference, SigningKey key) {
    ObjectNode payload = CanonicalJson.object();
    ObjectNode critical = payload.putObject("critical");
    critical.putObject("identity").put("docker-reference", dockerReference);
    critical.putObject("image").put("docker-manifest-digest", manifest.toString());
    critical.put("type", "cosign container image signature");
    payload.putNull("optional");
    byte[] payloadBytes = CanonicalJson.bytes(payload);
    String signature = Base64.getEncoder().encodeToString(key.sign(payloadBytes));

    ObjectNode config = CanonicalJson.object();
    config.put("architecture", "");
    config.put("created", ZERO_TIME);
    config.putArray("history").addObject().put("created", ZERO_TIME);
    config.put("os", "");
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.putArray("diff_ids").add(Digest.of(payloadBytes).toString());
    config.putObject("config");
    byte[] configBytes = CanonicalJson.bytes(config);

    Descriptor layer = new Descriptor(PAYLOAD_TYPE, Digest.of(payloadBytes), payloadBytes.length,
        Map.of(SIGNATURE_ANNOTATION, signature), null);
    byte[] manifestBytes = new ImageManifest(null, new Descriptor(IMAGE_CONFIG, Digest.of(configBytes), configBytes.length),
        List.of(layer), Map.of()).toBytes();
    return new CosignSignature(payloadBytes, configBytes, manifestBytes);
  }

  /** The descriptor under which the signature manifest is indexed in a local layout. */
  public Descriptor indexEntry(Digest signed) {
    return new Descriptor(MediaTypes.OCI_MANIFEST, Digest.of(manifest), manifest.length,
        Map.of(MediaTypes.ANNOTATION_REF_NAME, tag(signed)), null);
  }
}
