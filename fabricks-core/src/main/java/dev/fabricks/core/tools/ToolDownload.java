package dev.fabricks.core.tools;

import dev.fabricks.core.image.Digest;
import java.net.URI;

/**
 * A pinned download of a tool: a plain executable or a {@code .tar.gz} that holds one, and the
 * sha256 of the downloaded file.
 *
 * @param name the executable's file name inside the archive, e.g. {@code wasm-tools}
 */
public record ToolDownload(String name, URI url, Digest sha256) {}
