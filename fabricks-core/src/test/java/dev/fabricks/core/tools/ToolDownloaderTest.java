package dev.fabricks.core.tools;

import com.sun.net.httpserver.HttpServer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fabricks.core.event.BuildEvents;
import dev.fabricks.core.image.Digest;
import dev.fabricks.core.testing.RecordedEvents;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a local HTTP server, directly and through {@link WasmToolsLocator#locate}. */
class ToolDownloaderTest {
  private static final String ARCHIVE = "/releases/wasm-tools-1.263.0-x86_64-linux.tar.gz";
  private static final byte[] SCRIPT = "#!/bin/sh\necho 'wasm-tools 1.263.0'\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private Path cache;
  private HttpServer server;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final RecordedEvents events = new RecordedEvents();
  private final List<String> infos = events.infos;
  private byte[] archive;

  @BeforeEach
  void start() throws IOException {
    cache = dir.resolve("cache/tools");
    archive = new Tars()
        .folder("wasm-tools-1.263.0-x86_64-linux/")
        .file("wasm-tools-1.263.0-x86_64-linux/LICENSE", 0644, "license".getBytes(StandardCharsets.UTF_8))
        .file("wasm-tools-1.263.0-x86_64-linux/wasm-tools", 0755, SCRIPT)
        .tarGz();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    serve(ARCHIVE, 200, archive);
    serve("/plain/wasm-tools", 200, SCRIPT);
    serve("/no-tool.tar.gz", 200, new Tars().file("x/readme", 0644, new byte[3]).tarGz());
    serve("/missing.tar.gz", 404, "not found".getBytes(StandardCharsets.UTF_8));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void serve(String path, int status, byte[] body) {
    requests.put(path, new AtomicInteger());
    server.createContext(path, exchange -> {
      requests.get(path).incrementAndGet();
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private Path fetch(String path, Digest sha256) throws ToolException {
    return new ToolDownloader(events).fetch(new ToolDownload("wasm-tools", url(path), sha256), cache);
  }

  /** Every regular file under the cache; folders do not count. */
  private List<Path> cachedFiles() throws IOException {
    if (!Files.exists(cache)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(cache)) {
      return all.filter(p -> !Files.isDirectory(p)).toList();
    }
  }

  @Test
  void downloadsVerifiesAndUnpacksAnArchive() throws Exception {
    Digest sha = Digest.of(archive);
    Path tool = fetch(ARCHIVE, sha);
    assertEquals(cache.resolve(sha.hex()).resolve("wasm-tools"), tool);
    assertArrayEquals(SCRIPT, Files.readAllBytes(tool));
    assertTrue(Files.isExecutable(tool));
    assertEquals(List.of(tool), cachedFiles(), "no temporary files are left");
    assertEquals(List.of("downloading wasm-tools from " + url(ARCHIVE)), infos);
    WasmTools tools = new WasmToolsLocator(new ProcessRunner(BuildEvents.NONE), BuildEvents.NONE)
        .locate(new WasmToolsLocator.Settings(tool, null, null, dir));
    assertEquals(WasmTools.PINNED, tools.version(), "the downloaded script runs");
  }

  @Test
  void locateFallsBackToTheDownloadWhenTheSearchPathHasNoTool() throws Exception {
    Digest sha = Digest.of(archive);
    Path empty = Files.createDirectories(dir.resolve("empty-bin"));
    WasmTools tools = new WasmToolsLocator(new ProcessRunner(BuildEvents.NONE), BuildEvents.NONE)
        .locate(new WasmToolsLocator.Settings(null, empty.toString(),
            new ToolDownload("wasm-tools", url(ARCHIVE), sha), dir.resolve("cache")));
    assertEquals(cache.resolve(sha.hex()).resolve("wasm-tools"), tools.executable());
    assertEquals(WasmTools.PINNED, tools.version());
  }

  @Test
  void locateWithoutToolOrDownloadSaysHowToInstall() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty-bin"));
    ToolException e = assertThrows(ToolException.class, () -> new WasmToolsLocator(
        new ProcessRunner(BuildEvents.NONE), BuildEvents.NONE)
        .locate(new WasmToolsLocator.Settings(null, empty.toString(), null, dir.resolve("cache"))));
    assertTrue(e.getMessage().startsWith("wasm-tools was not found on PATH. Install it with `cargo install --locked wasm-tools@"),
        e.getMessage());
    assertTrue(e.getMessage().contains("-Dfabricks.wasmTools.url"), e.getMessage());
  }

  @Test
  void secondFetchUsesTheCacheWithoutARequest() throws Exception {
    Digest sha = Digest.of(archive);
    Path first = fetch(ARCHIVE, sha);
    assertEquals(1, requests.get(ARCHIVE).get());
    Path second = fetch(ARCHIVE, sha);
    assertEquals(first, second);
    assertEquals(1, requests.get(ARCHIVE).get(), "no second request");
    assertEquals(1, infos.size());
  }

  @Test
  void downloadsAPlainExecutable() throws Exception {
    Path tool = fetch("/plain/wasm-tools", Digest.of(SCRIPT));
    assertArrayEquals(SCRIPT, Files.readAllBytes(tool));
    assertTrue(Files.isExecutable(tool));
  }

  @Test
  void wrongSha256InstallsNothing() throws Exception {
    Digest wrong = Digest.of("something else".getBytes(StandardCharsets.UTF_8));
    ToolException e = assertThrows(ToolException.class, () -> fetch(ARCHIVE, wrong));
    assertTrue(e.getMessage().contains("has digest " + Digest.of(archive) + ", not the expected " + wrong), e.getMessage());
    assertTrue(e.getMessage().contains("Nothing was installed"), e.getMessage());
    assertEquals(List.of(), cachedFiles());
    assertEquals(1, requests.get(ARCHIVE).get());
    // and a later fetch tries again rather than trusting anything left over
    assertThrows(ToolException.class, () -> fetch(ARCHIVE, wrong));
    assertEquals(2, requests.get(ARCHIVE).get());
  }

  @Test
  void http404IsReported() throws Exception {
    ToolException e = assertThrows(ToolException.class,
        () -> fetch("/missing.tar.gz", Digest.of(new byte[0])));
    assertTrue(e.getMessage().contains("downloading " + url("/missing.tar.gz") + " failed with HTTP 404"), e.getMessage());
    assertTrue(e.getMessage().contains(WasmTools.INSTALL_HINT), e.getMessage());
    assertEquals(List.of(), cachedFiles());
  }

  @Test
  void archiveWithoutTheToolIsReported() throws Exception {
    byte[] body = new Tars().file("x/readme", 0644, new byte[3]).tarGz();
    ToolException e = assertThrows(ToolException.class, () -> fetch("/no-tool.tar.gz", Digest.of(body)));
    assertTrue(e.getMessage().contains("holds no file named wasm-tools"), e.getMessage());
    assertEquals(List.of(), cachedFiles());
  }

  @Test
  void unreachableServerIsAToolException() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + closedPort + "/wasm-tools");
    ToolException e = assertThrows(ToolException.class, () -> new ToolDownloader(BuildEvents.NONE)
        .fetch(new ToolDownload("wasm-tools", url, Digest.of(SCRIPT)), cache));
    assertTrue(e.getMessage().startsWith("downloading " + url + " failed: "), e.getMessage());
    assertEquals(List.of(), cachedFiles());
  }
}
