package dev.airtrace.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed OIP inference request: {@code {"id"?, "inputs":[{"name","shape","datatype":"FP32",
 * "data"}], "outputs"?:[{"name"}]}}. {@code data} may be flat or nested row-major; JSON {@code
 * null} is NaN (a missing value). Parsing checks only what needs no model; the tensor is checked
 * against the serving version when its batch runs.
 */
record InferRequest(String id, TensorInput input, List<String> outputs) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Parses a body; {@code version} pins the model version ({@code 0}: whichever is live). */
  static InferRequest parse(byte[] body, long version) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new OipException(400, "request body is not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new OipException(400, "request body must be a JSON object");
    }
    JsonNode idNode = root.get("id");
    String id = idNode == null || idNode.isNull() ? null : idNode.asText();
    JsonNode inputs = root.get("inputs");
    if (inputs == null || !inputs.isArray() || inputs.size() != 1) {
      throw new OipException(400, "\"inputs\" must be an array with exactly one tensor");
    }
    TensorInput tensor = tensor(inputs.get(0), version);
    List<String> outputs = new ArrayList<>();
    JsonNode out = root.get("outputs");
    if (out != null && !out.isNull()) {
      if (!out.isArray()) {
        throw new OipException(400, "\"outputs\" must be an array");
      }
      for (JsonNode o : out) {
        JsonNode n = o.get("name");
        if (n == null || !n.isTextual()) {
          throw new OipException(400, "every requested output needs a \"name\"");
        }
        outputs.add(n.asText());
      }
    }
    return new InferRequest(id, tensor, List.copyOf(outputs));
  }

  private static TensorInput tensor(JsonNode t, long version) {
    JsonNode name = t.get("name");
    if (name == null || !name.isTextual()) {
      throw new OipException(400, "input tensor needs a \"name\"");
    }
    JsonNode datatype = t.get("datatype");
    if (datatype == null || !"FP32".equals(datatype.asText())) {
      throw new OipException(
          400, "input \"" + name.asText() + "\": datatype must be FP32 but was " + datatype);
    }
    JsonNode shapeNode = t.get("shape");
    if (shapeNode == null || !shapeNode.isArray() || shapeNode.isEmpty()) {
      throw new OipException(400, "input \"" + name.asText() + "\": \"shape\" must be an array");
    }
    long[] shape = new long[shapeNode.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = shapeNode.get(i);
      if (!d.canConvertToExactIntegral() || d.asLong() < 1) {
        throw new OipException(
            400, "input \"" + name.asText() + "\": shape dimensions must be integers >= 1");
      }
      shape[i] = d.asLong();
      count *= shape[i];
      if (count > OipServer.MAX_BODY_BYTES) {
        throw new OipException(400, "input \"" + name.asText() + "\" is too large");
      }
    }
    JsonNode data = t.get("data");
    if (data == null || !data.isArray()) {
      throw new OipException(400, "input \"" + name.asText() + "\": \"data\" must be an array");
    }
    float[] values = new float[(int) count];
    int n = flatten(data, values, 0, name.asText());
    if (n != count) {
      throw new OipException(
          400,
          "input \"" + name.asText() + "\": shape needs " + count + " values but data has " + n);
    }
    return new TensorInput(name.asText(), shape, values, version);
  }

  /** Copies nested arrays depth-first into {@code out}; returns the count seen (may exceed it). */
  private static int flatten(JsonNode node, float[] out, int at, String name) {
    int n = at;
    for (JsonNode v : node) {
      if (v.isArray()) {
        n = flatten(v, out, n, name);
      } else if (v.isNumber() || v.isNull()) {
        if (n < out.length) {
          out[n] = v.isNull() ? Float.NaN : v.floatValue();
        }
        n++;
      } else {
        throw new OipException(
            400, "input \"" + name + "\": data must hold numbers (or null for a missing value)");
      }
    }
    return n;
  }
}
