package dev.airtrace.serving.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/** Validates JSON against the topic schemas on the classpath ({@code airtrace-topics}). */
public final class Schemas {
  private Schemas() {}

  /** The validation errors of {@code json} against {@code schemas/<file>}. */
  public static Set<ValidationMessage> errors(String file, byte[] json) {
    try (InputStream in = Schemas.class.getResourceAsStream("/schemas/" + file)) {
      JsonNode node = new ObjectMapper().readTree(json);
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(in)
          .validate(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
