package dev.airtrace.inference;

import java.util.List;
import java.util.Objects;

/**
 * One named float32 tensor of a model's signature. The leading dimension is the batch and is
 * written {@code -1}; every other dimension is fixed.
 *
 * @param name the ONNX input or output name
 * @param shape dimensions, the first {@code -1}
 */
public record TensorSpec(String name, List<Long> shape) {
  public TensorSpec {
    Objects.requireNonNull(name, "name");
    shape = List.copyOf(shape);
    if (shape.isEmpty() || shape.get(0) != -1) {
      throw new IllegalArgumentException(name + ": the first dimension must be the batch (-1)");
    }
    for (int i = 1; i < shape.size(); i++) {
      if (shape.get(i) < 1) {
        throw new IllegalArgumentException(name + ": dimension " + i + " must be >= 1");
      }
    }
  }

  /** Values per batch row: the product of every dimension after the batch. */
  public int rowSize() {
    long n = 1;
    for (int i = 1; i < shape.size(); i++) {
      n *= shape.get(i);
    }
    return Math.toIntExact(n);
  }

  /** The concrete shape for {@code batch} rows. */
  public long[] shapeFor(int batch) {
    long[] s = new long[shape.size()];
    s[0] = batch;
    for (int i = 1; i < s.length; i++) {
      s[i] = shape.get(i);
    }
    return s;
  }
}
