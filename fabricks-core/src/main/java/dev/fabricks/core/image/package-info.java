/** Image references, digests and media types. */
package dev.fabricks.core.image;
