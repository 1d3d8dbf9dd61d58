/** The user-wide, content-addressed cache. */
package dev.fabricks.core.cache;
