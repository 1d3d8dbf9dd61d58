package dev.fabricks.core.publish;

import java.nio.file.Path;

/**
 * What a push does besides sending the artifact.
 *
 * @param runtimeRepository a repository of the target registry where the runtime layer lives (or is
 *     put once), to mount it from; null mounts only from a registry runtime's own repository
 * @param wasmTag a tag under which the composed component is also pushed as a CNCF Wasm OCI
 *     artifact, or null for none
 * @param component the composed component the build wrote, needed with {@code wasmTag}
 * @param signingKey a PEM EC private key (P-256) to sign what is pushed with, cosign-compatible, or null
 */
public record PushOptions(String runtimeRepository, String wasmTag, Path component, Path signingKey) {
  public static final PushOptions NONE = new PushOptions(null, null, null, null);

  public PushOptions withRuntimeRepository(String repository) {
    return new PushOptions(repository, wasmTag, component, signingKey);
  }

  public PushOptions withWasmView(String tag, Path composed) {
    return new PushOptions(runtimeRepository, tag, composed, signingKey);
  }

  public PushOptions withSigningKey(Path key) {
    return new PushOptions(runtimeRepository, wasmTag, component, key);
  }
}
