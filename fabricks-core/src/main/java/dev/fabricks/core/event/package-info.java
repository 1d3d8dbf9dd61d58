/** Progress and log events that core emits and a front end turns into log lines. */
package dev.fabricks.core.event;
