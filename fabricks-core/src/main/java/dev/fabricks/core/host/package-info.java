/** Finding {@code fabricks-host} and describing one run of it; the host enforces the policy, not Java. */
package dev.fabricks.core.host;
