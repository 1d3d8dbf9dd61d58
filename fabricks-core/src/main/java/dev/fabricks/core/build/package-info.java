/** The build pipeline: resolve the runtime, build the source layer, compose, write the artifact. */
package dev.fabricks.core.build;
