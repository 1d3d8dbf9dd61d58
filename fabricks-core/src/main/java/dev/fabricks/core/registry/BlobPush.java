package dev.fabricks.core.registry;

/** What pushing one blob came to. */
public enum BlobPush {
  /** The target repository had it already: nothing was sent. */
  SKIPPED,
  /** The registry linked it from another repository: nothing was sent. */
  MOUNTED,
  /** The bytes were uploaded. */
  UPLOADED
}
