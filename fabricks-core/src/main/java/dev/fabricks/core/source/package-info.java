/** Choosing the source files and writing them as the core module of a source layer. */
package dev.fabricks.core.source;
