/** The Maven goals: thin adapters from POM parameters to one core request. */
package dev.fabricks.maven;
