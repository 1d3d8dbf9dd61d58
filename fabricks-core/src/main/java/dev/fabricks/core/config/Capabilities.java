package dev.fabricks.core.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabricks.core.oci.CanonicalJson;
import java.util.List;

/**
 * What the program may do beyond computing: everything is denied unless listed here. The host that
 * runs the component reads these grants from the artifact's config.
 *
 * @param listen TCP ports the program may listen on
 * @param connect {@code host:port} patterns it may connect to ({@code *} and {@code *.domain} allowed)
 * @param env names of host environment variables it may read
 * @param filesystem host folders mounted into the guest
 */
public record Capabilities(List<Integer> listen, List<String> connect, List<String> env, List<Mount> filesystem) {

  /** Nothing granted. */
  public static final Capabilities NONE = new Capabilities(List.of(), List.of(), List.of(), List.of());

  /** A guest path mounted read-only or read-write. */
  public record Mount(String path, boolean writable) {}

  public Capabilities {
    listen = List.copyOf(listen);
    connect = List.copyOf(connect);
    env = List.copyOf(env);
    filesystem = List.copyOf(filesystem);
  }

  /** The grants as JSON for the artifact's config; every key is present, so a denial is visible. */
  public ObjectNode toJson() {
    ObjectNode node = CanonicalJson.object();
    ObjectNode network = node.putObject("network");
    ArrayNode listenArray = network.putArray("listen");
    listen.forEach(listenArray::add);
    ArrayNode connectArray = network.putArray("connect");
    connect.forEach(connectArray::add);
    ArrayNode envArray = node.putArray("env");
    env.forEach(envArray::add);
    ArrayNode mounts = node.putArray("filesystem");
    for (Mount mount : filesystem) {
      mounts.addObject().put("path", mount.path()).put("mode", mount.writable() ? "rw" : "ro");
    }
    return node;
  }
}
