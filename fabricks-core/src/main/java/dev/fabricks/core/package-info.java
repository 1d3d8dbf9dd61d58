/** Fabricks core: a Maven-free library that builds WebAssembly components and their OCI artifacts. */
package dev.fabricks.core;
