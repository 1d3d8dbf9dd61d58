package dev.fabricks.maven;

import java.util.ArrayList;
import java.util.List;

/** {@code <to>}: where {@code fabricks:push} sends the artifact. */
public class To {
  /** {@code registry/repository[:tag]}; property {@code fabricks.to.image}. */
  String image;
  /** Tags pushed besides the image's own; default the project version; property {@code fabricks.to.tags}. */
  List<String> tags = new ArrayList<>();
  /** Credentials for the target registry. */
  Auth auth = new Auth();
}
