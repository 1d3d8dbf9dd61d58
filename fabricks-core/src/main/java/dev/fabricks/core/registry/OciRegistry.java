package dev.fabricks.core.registry;

import dev.fabricks.core.image.Digest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The registry operations Fabricks uses, for one registry host. The one implementation sits on
 * Jib's registry layer ({@link JibRegistry}); nothing else in core knows Jib.
 */
public interface OciRegistry {

  /** The registry host, e.g. {@code ghcr.io} or {@code 127.0.0.1:5000}. */
  String host();

  /**
   * Fetches a manifest by tag or digest as raw bytes and checks them against the digest asked for
   * (or the one the registry reports). Empty when the registry has no such manifest.
   */
  Optional<RawManifest> pullManifest(String repository, String reference, List<String> accept)
      throws RegistryException;

  /** The size of a blob in a repository, or empty when that repository does not have it. */
  Optional<Long> checkBlob(String repository, Digest digest) throws RegistryException;

  /** Streams a blob into {@code target} (a file that is overwritten) and checks its digest and size. */
  void pullBlob(String repository, Digest digest, long size, Path target) throws RegistryException;

  /**
   * Pushes a blob unless the repository has it; asks the registry to mount it from
   * {@code mountFrom} (a repository of the same registry, or null) before uploading.
   */
  BlobPush pushBlob(String repository, Digest digest, long size, Path file, String mountFrom) throws RegistryException;

  /** Pushes these exact manifest bytes under {@code tag} and checks the digest the registry reports. */
  Digest pushManifest(String repository, String tag, byte[] manifest, String mediaType) throws RegistryException;
}
