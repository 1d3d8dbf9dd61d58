/**
 * Signatures over pushed artifacts in cosign's key-based format: a simple-signing payload naming
 * the manifest digest, signed with ECDSA P-256, stored as the {@code sha256-<hex>.sig} tag beside
 * the artifact.
 */
package dev.fabricks.core.sign;
