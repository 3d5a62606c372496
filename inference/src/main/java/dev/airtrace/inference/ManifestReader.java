package dev.airtrace.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Parses {@code airtrace-model/1} sidecars into {@link ModelManifest}s. */
final class ManifestReader {
  static final String FORMAT = "airtrace-model/1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ManifestReader() {}

  static ModelManifest read(Path sidecar) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(sidecar));
    } catch (IOException e) {
      throw new InferenceException(
          "cannot read model sidecar " + sidecar + ": " + e.getMessage(), e);
    }
    try {
      String format = text(root, "format");
      if (!FORMAT.equals(format)) {
        throw new IllegalArgumentException("format must be " + FORMAT + " but was " + format);
      }
      Path dir = sidecar.toAbsolutePath().getParent();
      return new ModelManifest(
          text(root, "name"),
          number(root, "version"),
          text(root, "task"),
          dir.resolve(text(root, "file")),
          text(root, "sha256"),
          Math.toIntExact(number(root, "opset")),
          tensors(root, "inputs"),
          tensors(root, "outputs"),
          sidecar,
          root);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new InferenceException("invalid model sidecar " + sidecar + ": " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" must be a string");
    }
    return v.asText();
  }

  private static long number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.canConvertToExactIntegral()) {
      throw new IllegalArgumentException("\"" + field + "\" must be an integer");
    }
    return v.asLong();
  }

  private static List<TensorSpec> tensors(JsonNode root, String field) {
    JsonNode array = root.get(field);
    if (array == null || !array.isArray()) {
      throw new IllegalArgumentException("\"" + field + "\" must be an array");
    }
    List<TensorSpec> specs = new ArrayList<>();
    for (JsonNode t : array) {
      JsonNode shape = t.get("shape");
      if (shape == null || !shape.isArray()) {
        throw new IllegalArgumentException("\"" + field + "[].shape\" must be an array");
      }
      List<Long> dims = new ArrayList<>();
      shape.forEach(d -> dims.add(d.asLong()));
      specs.add(new TensorSpec(text(t, "name"), dims));
    }
    return specs;
  }
}
