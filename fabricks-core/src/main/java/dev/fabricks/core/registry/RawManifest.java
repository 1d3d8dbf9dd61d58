package dev.fabricks.core.registry;

import dev.fabricks.core.image.Digest;

/** A manifest exactly as the registry sent it, with the digest of those bytes. */
public record RawManifest(byte[] bytes, Digest digest, String mediaType) {}
