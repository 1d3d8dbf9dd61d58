/** The fabricks.toml model and its validation. */
package dev.fabricks.core.config;
