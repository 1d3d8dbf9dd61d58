package dev.fabricks.maven;

import java.util.ArrayList;
import java.util.List;

/** {@code <to>}: where {@code fabricks:push} sends the artifact. */
public class To {
  /** {@code registry/repository[:tag]}; property {@code fabricks.to.image}. */
  String image;
  /** Tags pushed besides the image's own; default the project version; property {@code fabricks.to.tags}. */
  List<String> tags = new ArrayList<>();
  /**
   * A repository of the target registry where the runtime layer lives, e.g. {@code runtimes/node}:
   * the push puts the layer there once if it is missing and mounts it from there, so apps on a local
   * {@code oci:} runtime upload it once per registry; property {@code fabricks.to.runtimeRepository}.
   */
  String runtimeRepository;
  /**
   * A tag under which the composed component is also pushed, to the same repository, as a CNCF Wasm
   * OCI artifact (one {@code application/wasm} layer) for wkg, wasmCloud and runwasi, e.g.
   * {@code 1.0.0-wasm}; property {@code fabricks.to.wasmTag}. Unset: not pushed.
   */
  String wasmTag;
  /** Credentials for the target registry. */
  Auth auth = new Auth();
}
