package dev.airtrace.serving.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Validates JSON against the documented schemas in docs/schemas. */
public final class Schemas {
  private static final Path DIR = Path.of("..", "docs", "schemas");

  private Schemas() {}

  /** The validation errors of {@code json} against {@code docs/schemas/<file>}. */
  public static Set<ValidationMessage> errors(String file, byte[] json) {
    try (InputStream in = Files.newInputStream(DIR.resolve(file))) {
      JsonNode node = new ObjectMapper().readTree(json);
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(in)
          .validate(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
