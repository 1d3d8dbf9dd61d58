package dev.fabricks.core.source;

import java.nio.file.Path;

/**
 * One file of the source layer.
 *
 * @param path '/'-separated path relative to the source root, as the runtime sees it
 * @param file where the bytes are on disk
 * @param size the size in bytes when the tree was scanned
 */
public record SourceFile(String path, Path file, long size) {}
