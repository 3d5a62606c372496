package dev.airtrace.serving.http;

import dev.airtrace.inference.ModelManifest;
import dev.airtrace.serving.batching.InputRejectedException;
import dev.airtrace.serving.batching.ServingBatchInput;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * One OIP request tensor as a batch input: {@code shape[0]} rows of flat row-major values (NaN for
 * JSON {@code null}), checked against the serving version's input when the batch runs. Immutable.
 */
record TensorInput(String name, long[] shape, float[] data, long requiredVersion)
    implements ServingBatchInput {

  @Override
  public int rows() {
    return (int) shape[0];
  }

  @Override
  public void write(ModelManifest model, FloatBuffer dst) {
    String expected = model.input().name();
    if (!expected.equals(name)) {
      throw new InputRejectedException(
          "input \""
              + name
              + "\" is not an input of "
              + model.id()
              + "; expected \""
              + expected
              + "\"");
    }
    List<Long> want = model.input().shape();
    boolean fits = want.size() == shape.length;
    for (int i = 1; fits && i < shape.length; i++) {
      fits = want.get(i) == shape[i];
    }
    if (!fits) {
      throw new InputRejectedException(
          "input \""
              + name
              + "\" has shape "
              + Arrays.toString(shape)
              + " but "
              + model.id()
              + " takes "
              + want);
    }
    dst.put(data);
  }
}
