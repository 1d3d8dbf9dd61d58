/**
 * What the build does for the JavaScript runtime: ES modules turned into the loader's function
 * form ({@link dev.fabricks.core.js.ModuleTransform}), Node's module resolution ({@link
 * dev.fabricks.core.js.NodeResolver}) and the reachable module graph that decides which files of
 * {@code node_modules} are packed ({@link dev.fabricks.core.js.NodePreparation}).
 */
package dev.fabricks.core.js;
