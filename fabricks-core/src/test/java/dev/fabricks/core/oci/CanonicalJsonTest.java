package dev.fabricks.core.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
  @Test
  void sortsKeysAtEveryDepthWithoutWhiteSpace() throws Exception {
    ObjectNode node = CanonicalJson.object();
    node.put("b", 1);
    node.put("a", "é\u2028\"");
    ObjectNode inner = node.putObject("c");
    inner.put("y", true);
    inner.put("x", (String) null);
    node.putArray("d").add(2).add(1).addObject().put("k2", 0).put("K1", 0);
    byte[] bytes = CanonicalJson.bytes(node);
    assertEquals("{\"a\":\"é\u2028\\\"\",\"b\":1,\"c\":{\"x\":null,\"y\":true},\"d\":[2,1,{\"K1\":0,\"k2\":0}]}",
        new String(bytes, StandardCharsets.UTF_8));
    assertArrayEquals(bytes, CanonicalJson.bytes(CanonicalJson.parse(bytes)), "parse then write gives the same bytes");
  }

  @Test
  void sameTreeBuiltInAnotherOrderGivesTheSameBytes() {
    ObjectNode one = CanonicalJson.object().put("z", 1).put("a", 2);
    ObjectNode two = CanonicalJson.object().put("a", 2).put("z", 1);
    assertArrayEquals(CanonicalJson.bytes(one), CanonicalJson.bytes(two));
    assertEquals("{\"z\":1,\"a\":2}", one.toString(), "the input tree is left as it was");
  }
}
