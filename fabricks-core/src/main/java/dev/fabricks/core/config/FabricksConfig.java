package dev.fabricks.core.config;

import dev.fabricks.core.image.ImageSource;
import java.nio.file.Path;

/** A validated fabricks.toml. */
public record FabricksConfig(Path file, ImageSource from, SourceSpec source, Capabilities capabilities) {}
