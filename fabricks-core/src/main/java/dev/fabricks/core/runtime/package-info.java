/** Runtime images: resolving {@code [from]}, checking that an image is a runtime, packaging one. */
package dev.fabricks.core.runtime;
