/** File writing that never leaves a half-written file behind. */
package dev.fabricks.core.io;
