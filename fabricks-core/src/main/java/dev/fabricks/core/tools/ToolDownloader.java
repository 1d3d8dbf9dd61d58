package dev.fabricks.core.tools;

import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

/**
 * Downloads a pinned tool into {@code <cache>/<sha256>/<name>}: the bytes go to a temporary file,
 * are checked against the sha256, unpacked if they are a .tar.gz, and only then moved into place.
 * A cached tool is used without a network call.
 */
final class ToolDownloader {
  private final BuildEvents events;

  ToolDownloader(BuildEvents events) {
    this.events = events;
  }

  Path fetch(ToolDownload download, Path cacheDirectory) throws ToolException {
    Path target = cacheDirectory.resolve(download.sha256().hex()).resolve(download.name());
    if (Files.isExecutable(target)) {
      return target;
    }
    events.info("downloading " + download.name() + " from " + download.url());
    Path temp = null;
    Path unpacked = null;
    try {
      temp = AtomicFiles.newTempFile(target);
      MessageDigest md = Digest.newSha256();
      HttpClient client = HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(Duration.ofSeconds(30))
          .build();
      HttpResponse<InputStream> response = client.send(
          HttpRequest.newBuilder(download.url()).timeout(Duration.ofMinutes(5)).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body();
          OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), md)) {
        if (response.statusCode() != 200) {
          throw new ToolException("downloading " + download.url() + " failed with HTTP " + response.statusCode()
              + ". Check the URL (<wasmToolsUrl> / -Dfabricks.wasmTools.url), or install the tool with: "
              + WasmTools.INSTALL_HINT);
        }
        in.transferTo(out);
      }
      Digest actual = Digest.fromMessageDigest(md);
      if (!actual.equals(download.sha256())) {
        throw new ToolException("the file downloaded from " + download.url() + " has digest " + actual
            + ", not the expected " + download.sha256() + ". Nothing was installed. Check <wasmToolsSha256> /"
            + " -Dfabricks.wasmTools.sha256, or the download was damaged or tampered with");
      }
      String path = download.url().getPath();
      if (path.endsWith(".tar.gz") || path.endsWith(".tgz")) {
        unpacked = AtomicFiles.newTempFile(target);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(temp))) {
          if (!TarReader.extract(in, download.name(), unpacked)) {
            throw new ToolException("the archive from " + download.url() + " holds no file named " + download.name());
          }
        }
        Files.move(unpacked, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      if (!temp.toFile().setExecutable(true, false)) {
        throw new ToolException("cannot make " + temp + " executable");
      }
      AtomicFiles.moveContentAddressed(temp, target);
      return target;
    } catch (IOException e) {
      throw new ToolException("downloading " + download.url() + " failed: " + e + ". Check the URL and network, or"
          + " install the tool with: " + WasmTools.INSTALL_HINT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToolException("interrupted while downloading " + download.url(), e);
    } finally {
      deleteQuietly(temp);
      deleteQuietly(unpacked);
    }
  }

  private static void deleteQuietly(Path path) {
    if (path != null) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // a leftover temporary file is never trusted: its name is not a digest
      }
    }
  }
}
