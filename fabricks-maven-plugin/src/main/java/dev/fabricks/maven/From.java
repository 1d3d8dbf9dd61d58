package dev.fabricks.maven;

/** {@code <from>}: credentials for the registry of the {@code [from]} runtime image. */
public class From {
  Auth auth = new Auth();
}
