package dev.fabricks.maven;

/** {@code <auth><username>…</username><password>…</password></auth>} in the POM. */
public class Auth {
  String username;
  String password;

  boolean isSet() {
    return username != null && !username.isBlank() && password != null;
  }
}
