package dev.fabricks.core.registry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Hands Jib's manifest pusher our exact manifest bytes: Jib serialises templates with Jackson, and
 * this template serialises to the bytes it was given, unchanged, so the digest Jib computes and the
 * registry stores are those of our file.
 */
@JsonSerialize(using = RawManifestTemplate.Writer.class)
final class RawManifestTemplate implements ManifestTemplate {
  private final String json;
  private final String mediaType;

  RawManifestTemplate(byte[] bytes, String mediaType) {
    this.json = new String(bytes, StandardCharsets.UTF_8);
    this.mediaType = mediaType;
  }

  @Override
  public int getSchemaVersion() {
    return 2;
  }

  @Override
  public String getManifestMediaType() {
    return mediaType;
  }

  static final class Writer extends StdSerializer<RawManifestTemplate> {
    private static final long serialVersionUID = 1L;

    Writer() {
      super(RawManifestTemplate.class);
    }

    @Override
    public void serialize(RawManifestTemplate value, JsonGenerator out, SerializerProvider provider) throws IOException {
      out.writeRawValue(value.json);
    }
  }
}
