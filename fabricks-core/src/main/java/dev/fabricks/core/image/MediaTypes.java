package dev.fabricks.core.image;

/** The media types and annotation keys of Fabricks artifacts and of the OCI formats they use. */
public final class MediaTypes {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

  /** Layer 0 of every app, and the only layer of a runtime image: the runtime component. */
  public static final String RUNTIME_LAYER = "application/vnd.fabricks.runtime.v1+wasm";
  /** Layer 1 of an app: the generated source-layer component. */
  public static final String MODULE_LAYER = "application/vnd.fabricks.module.v1+wasm";
  /** Config blob of an app artifact. */
  public static final String APP_CONFIG = "application/vnd.fabricks.config.v1+json";
  /** Config blob of a runtime image. */
  public static final String RUNTIME_CONFIG = "application/vnd.fabricks.runtime.config.v1+json";
  /** artifactType of an app manifest. */
  public static final String APP_ARTIFACT = "application/vnd.fabricks.app.v1";
  /** artifactType of a runtime image manifest. */
  public static final String RUNTIME_ARTIFACT = "application/vnd.fabricks.runtime.v1";

  public static final String ANNOTATION_RUNTIME = "fabricks.runtime";
  /** On a runtime layer: what the build does to an app's files for it (see dev.fabricks.core.js.NodePreparation). */
  public static final String ANNOTATION_PREPARATION = "fabricks.source.preparation";
  public static final String ANNOTATION_ENTRYPOINT = "fabricks.entrypoint";
  public static final String ANNOTATION_REF_NAME = "org.opencontainers.image.ref.name";
  public static final String ANNOTATION_TITLE = "org.opencontainers.image.title";
  public static final String ANNOTATION_VERSION = "org.opencontainers.image.version";
  public static final String ANNOTATION_CREATED = "org.opencontainers.image.created";
  public static final String ANNOTATION_BASE_NAME = "org.opencontainers.image.base.name";
  public static final String ANNOTATION_BASE_DIGEST = "org.opencontainers.image.base.digest";

  /** File names that {@code oras pull} and other file-oriented tools give the layers. */
  public static final String RUNTIME_LAYER_TITLE = "runtime.wasm";
  public static final String MODULE_LAYER_TITLE = "source-layer.wasm";

  private MediaTypes() {}
}
