package dev.airtrace.inference;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The outputs of one {@link Model#run}: each named float32 tensor, row-major, with its concrete
 * shape (batch first). Immutable once built; the arrays are owned by this object and must not be
 * modified by readers.
 */
public final class Outputs {
  private final Map<String, float[]> values = new LinkedHashMap<>();
  private final Map<String, long[]> shapes = new LinkedHashMap<>();

  /** Builds outputs from name → (values, shape); values.length must equal the shape's product. */
  public static Outputs of(Map<String, float[]> values, Map<String, long[]> shapes) {
    Outputs o = new Outputs();
    values.forEach(
        (name, v) -> {
          long[] shape = Objects.requireNonNull(shapes.get(name), () -> "no shape for " + name);
          long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
          if (n != v.length) {
            throw new IllegalArgumentException(
                name + " has " + v.length + " values but shape " + Arrays.toString(shape));
          }
          o.values.put(name, v);
          o.shapes.put(name, shape.clone());
        });
    return o;
  }

  /** The output's values, row-major. */
  public float[] get(String name) {
    float[] v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no output named " + name + "; have " + values.keySet());
    }
    return v;
  }

  /** The output's concrete shape, batch first. */
  public long[] shape(String name) {
    long[] s = shapes.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no output named " + name + "; have " + shapes.keySet());
    }
    return s.clone();
  }

  /** The output names in model order. */
  public Set<String> names() {
    return values.keySet();
  }
}
