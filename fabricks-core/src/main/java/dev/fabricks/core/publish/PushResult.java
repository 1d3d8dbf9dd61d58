package dev.fabricks.core.publish;

import dev.fabricks.core.image.Digest;
import dev.fabricks.core.oci.Descriptor;
import dev.fabricks.core.registry.BlobPush;
import java.util.List;
import java.util.Map;

/**
 * What a push did.
 *
 * @param image {@code registry/repository} pushed to
 * @param digest the manifest digest, as built and as the registry reported it
 * @param tags every tag that now points at it
 * @param blobs each blob and what pushing it came to
 * @param wasmTag the tag of the CNCF Wasm view, or null when none was pushed
 * @param wasmDigest the Wasm view's manifest digest, or null
 */
public record PushResult(String image, Digest digest, List<String> tags, Map<Descriptor, BlobPush> blobs,
    String wasmTag, Digest wasmDigest) {

  public long bytesUploaded() {
    return blobs.entrySet().stream().filter(e -> e.getValue() == BlobPush.UPLOADED).mapToLong(e -> e.getKey().size()).sum();
  }
}
