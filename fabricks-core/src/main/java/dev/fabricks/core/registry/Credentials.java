package dev.fabricks.core.registry;

/**
 * A user name and secret for one registry. {@link #toString()} never shows the secret, so a
 * credential that ends up in a message or log line leaks nothing.
 *
 * @param source where the credential came from, for log lines (e.g. "settings.xml server")
 */
public record Credentials(String username, String password, String source) {

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=****, source=" + source + "]";
  }
}
