package dev.fabricks.core.runtime;

import dev.fabricks.core.FabricksException;
import dev.fabricks.core.event.Sizes;
import dev.fabricks.core.cache.BlobCache;
import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.image.ImageReference;
import dev.fabricks.core.image.ImageSource;
import dev.fabricks.core.image.MediaTypes;
import dev.fabricks.core.oci.Descriptor;
import dev.fabricks.core.registry.RawManifest;
import dev.fabricks.core.registry.Registries;
import dev.fabricks.core.registry.RegistryException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Resolves {@code [from]} images from registries through the user-wide cache. A digest reference,
 * or a tag resolved before, is served from the cache without any network call; otherwise the
 * manifest is fetched (raw, verified), checked to be a runtime image, and its layer downloaded once.
 */
public final class RegistryRuntimeResolver implements RuntimeResolver {
  /** Asked for so that a container image or an index is recognised and refused with a clear message. */
  private static final List<String> ACCEPT = List.of(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
      "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.distribution.manifest.list.v2+json");

  /** One resolution per reference at a time in this JVM, so parallel modules (-T) fetch a manifest once. */
  private static final java.util.concurrent.ConcurrentHashMap<String, Object> RESOLVING =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Registries registries;
  private final BlobCache cache;
  private final BuildEvents events;

  public RegistryRuntimeResolver(Registries registries, BlobCache cache, BuildEvents events) {
    this.registries = registries;
    this.cache = cache;
    this.events = events;
  }

  @Override
  public RuntimeImage resolve(ImageSource source) throws RuntimeImageException {
    if (!(source instanceof ImageSource.Registry registrySource)) {
      throw new IllegalArgumentException("not a registry image: " + source.text());
    }
    try {
      synchronized (RESOLVING.computeIfAbsent(registrySource.reference().toString(), k -> new Object())) {
        return resolve(registrySource.text(), registrySource.reference());
      }
    } catch (RuntimeImageException e) {
      throw e;
    } catch (RegistryException e) {
      throw new RuntimeImageException("[from] image " + source.text() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new RuntimeImageException("[from] image " + source.text() + ": the cache " + cache.root()
          + " cannot be used: " + e.getMessage(), e);
    } catch (FabricksException e) {
      throw new RuntimeImageException("[from] image " + source.text() + ": " + e.getMessage(), e);
    }
  }

  private RuntimeImage resolve(String text, ImageReference ref) throws FabricksException, IOException {
    boolean offline = registries.options().offline();
    Digest manifestDigest = ref.digest();
    if (manifestDigest == null && (!registries.options().refresh() || offline)) {
      manifestDigest = cache.tag(ref.registry(), ref.repository(), ref.tag()).orElse(null);
    }
    Optional<byte[]> cached = manifestDigest == null ? Optional.empty() : cache.read(manifestDigest);
    byte[] manifestBytes;
    if (cached.isPresent()) {
      manifestBytes = cached.get();
      events.debug("runtime " + text + " resolved from the cache as " + manifestDigest);
    } else {
      if (offline) {
        throw new RuntimeImageException("[from] image " + text + " is not in the cache (" + cache.root() + ") and the build"
            + " is offline. Run the build once without -o so the runtime is downloaded, or name a local layout (oci:...)");
      }
      String host = registries.serving(ref.registry());
      RawManifest manifest = registries.open(ref.registry()).pullManifest(ref.repository(), ref.qualifier(), ACCEPT)
          .orElseThrow(() -> new RuntimeImageException("[from] image " + text + " was not found: " + host + " has no "
              + ref.repository() + " with " + (ref.digest() != null ? "digest " : "tag ") + ref.qualifier()
              + ". Check the repository and tag, or the registry mirror for " + ref.registry()));
      manifestBytes = manifest.bytes();
      manifestDigest = manifest.digest();
      RuntimeImages.runtimeLayer(manifestBytes, text, manifestDigest);
      cache.write(manifestBytes);
      if (ref.digest() == null) {
        cache.setTag(ref.registry(), ref.repository(), ref.tag(), manifestDigest);
      }
      events.info("resolved " + text + " to " + manifestDigest + (host.equals(ref.registry()) ? "" : " via " + host));
    }
    Descriptor layer = RuntimeImages.runtimeLayer(manifestBytes, text, manifestDigest);
    Digest pinned = manifestDigest;
    BlobCache.Entry entry = cache.fetchIfAbsent(layer.digest(), layer.size(), target -> {
      if (offline) {
        throw new RuntimeImageException("[from] image " + text + ": its runtime layer " + layer.digest()
            + " is not in the cache and the build is offline. Run the build once without -o");
      }
      events.info("downloading the runtime layer of " + text + " (" + Sizes.human(layer.size()) + ")");
      registries.open(ref.registry()).pullBlob(ref.repository(), layer.digest(), layer.size(), target);
    });
    if (entry.fetched()) {
      events.info("cached " + layer.digest().shortForm() + " in " + cache.root());
    }
    return new RuntimeImage(text, pinned, layer, entry.path());
  }
}
