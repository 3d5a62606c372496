package dev.airtrace.serving.testdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds OIP inference request bodies as documented in docs/serving.md: one FP32 input, flat or
 * nested data, NaN written as JSON {@code null}.
 */
public final class InferBody {
  private static final ObjectMapper JSON = new ObjectMapper();
  private String id;
  private String name = "features";
  private String datatype = "FP32";
  private long[] shape;
  private float[] data;
  private boolean nested;
  private String output;

  private InferBody() {}

  /** {@code rows} rows of {@code [48, 8]} from {@code data}. */
  public static InferBody features(int rows, float[] data) {
    InferBody b = new InferBody();
    b.shape = new long[] {rows, Golden.HOURS, Golden.CHANNELS};
    b.data = data;
    return b;
  }

  public InferBody id(String requestId) {
    this.id = requestId;
    return this;
  }

  public InferBody name(String inputName) {
    this.name = inputName;
    return this;
  }

  public InferBody datatype(String type) {
    this.datatype = type;
    return this;
  }

  public InferBody shape(long... dims) {
    this.shape = dims;
    return this;
  }

  public InferBody nested() {
    this.nested = true;
    return this;
  }

  public InferBody onlyOutput(String outputName) {
    this.output = outputName;
    return this;
  }

  public String json() {
    ObjectNode root = JSON.createObjectNode();
    if (id != null) {
      root.put("id", id);
    }
    ObjectNode in = root.putArray("inputs").addObject();
    in.put("name", name);
    in.put("datatype", datatype);
    ArrayNode s = in.putArray("shape");
    for (long d : shape) {
      s.add(d);
    }
    ArrayNode d = in.putArray("data");
    if (nested) {
      int row = data.length / (int) shape[0];
      int hourSize = row / (int) shape[1];
      for (int r = 0; r < shape[0]; r++) {
        ArrayNode rowNode = d.addArray();
        for (int h = 0; h < shape[1]; h++) {
          ArrayNode hour = rowNode.addArray();
          for (int c = 0; c < hourSize; c++) {
            add(hour, data[r * row + h * hourSize + c]);
          }
        }
      }
    } else {
      for (float v : data) {
        add(d, v);
      }
    }
    if (output != null) {
      root.putArray("outputs").addObject().put("name", output);
    }
    return root.toString();
  }

  private static void add(ArrayNode a, float v) {
    if (Float.isNaN(v)) {
      a.addNull();
    } else {
      a.add(v);
    }
  }
}
