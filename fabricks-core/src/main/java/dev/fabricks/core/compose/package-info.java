/** Building the source-layer component and composing it with a runtime. */
package dev.fabricks.core.compose;
