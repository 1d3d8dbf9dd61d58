/** Finding, downloading and running external tools (wasm-tools). */
package dev.fabricks.core.tools;
