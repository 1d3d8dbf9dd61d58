package dev.fabricks.core.publish;

/**
 * What a push does besides sending the artifact.
 *
 * @param runtimeRepository a repository of the target registry where the runtime layer lives (or is
 *     put once), to mount it from; null mounts only from a registry runtime's own repository
 */
public record PushOptions(String runtimeRepository) {
  public static final PushOptions NONE = new PushOptions(null);
}
