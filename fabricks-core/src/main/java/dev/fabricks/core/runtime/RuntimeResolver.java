package dev.fabricks.core.runtime;

import dev.fabricks.core.image.ImageSource;

/** Turns a {@code [from]} image into a runtime whose layer is on disk and verified. */
public interface RuntimeResolver {
  RuntimeImage resolve(ImageSource source) throws RuntimeImageException;
}
