/** Publishing built artifacts to registries. */
package dev.fabricks.core.publish;
