package dev.airtrace.gateway.testdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.inference.Backend;
import dev.airtrace.inference.BackendInfo;
import dev.airtrace.inference.InferenceException;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.inference.Model;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.inference.Outputs;
import dev.airtrace.inference.TensorSpec;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Unit-test stand-ins for repository models (no ONNX, no natives): a window model whose score is
 * the magnitude of the newest normalised value, and a calibration model that halves the channel
 * mean. Each counts its runs and can be told to fail or to switch version, like a hot reload.
 */
public final class FakeModels {
  public static final BackendInfo CPU = new BackendInfo(Backend.ORT_CPU, -1, "fake CPU backend");

  /** Window length of the fake anomaly model. */
  public static final int WINDOW = 8;

  private FakeModels() {}

  /** The fake anomaly model: score = |newest normalised value| of each window. */
  public static FakeLiveModel anomaly() {
    return new FakeLiveModel(
        "anomaly-ae",
        "anomaly",
        "window",
        List.of(-1L, (long) WINDOW, 1L),
        "score",
        List.of(-1L),
        in -> {
          float[] out = new float[in.length / WINDOW];
          for (int i = 0; i < out.length; i++) {
            out[i] = Math.abs(in[i * WINDOW + WINDOW - 1]);
          }
          return out;
        });
  }

  /** The fake calibration model: pm2_5 = features[0] / 2 (half the channel mean). */
  public static FakeLiveModel calibration() {
    return new FakeLiveModel(
        "pm25-calibration",
        "calibration",
        "features",
        List.of(-1L, 3L),
        "pm2_5",
        List.of(-1L, 1L),
        in -> {
          float[] out = new float[in.length / 3];
          for (int i = 0; i < out.length; i++) {
            out[i] = in[i * 3] / 2;
          }
          return out;
        });
  }

  /** A {@link LiveModel} whose version can be switched and whose runs can be made to fail. */
  public static final class FakeLiveModel implements LiveModel {
    private final String name;
    private final String task;
    private final TensorSpec input;
    private final TensorSpec output;
    private final Function<float[], float[]> compute;
    private final AtomicLong version = new AtomicLong(1);
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger batchRows = new AtomicInteger();
    private volatile boolean failing;

    FakeLiveModel(
        String name,
        String task,
        String inputName,
        List<Long> inputShape,
        String outputName,
        List<Long> outputShape,
        Function<float[], float[]> compute) {
      this.name = name;
      this.task = task;
      this.input = new TensorSpec(inputName, inputShape);
      this.output = new TensorSpec(outputName, outputShape);
      this.compute = compute;
    }

    /** Serves {@code v} from the next lease on, as a hot reload would. */
    public void switchTo(long v) {
      version.set(v);
    }

    /** Makes every later run throw. */
    public void failRuns(boolean fail) {
      failing = fail;
    }

    /** Model runs so far. */
    public int runs() {
      return runs.get();
    }

    /** Rows of the largest batch so far. */
    public int largestBatch() {
      return batchRows.get();
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public ModelManifest current() {
      return manifest(version.get());
    }

    private ModelManifest manifest(long v) {
      ObjectNode raw = new ObjectMapper().createObjectNode();
      if (task.equals("anomaly")) {
        ObjectNode w = raw.putObject("window");
        w.put("length", WINDOW);
        ObjectNode n = w.putObject("normalisation");
        n.put("method", "ewm-zscore");
        n.put("half_life", 100.0);
        n.put("clip", 8.0);
        n.put("std_floor", 0.001);
      }
      return new ModelManifest(
          name,
          v,
          task,
          Path.of("model.onnx"),
          "0".repeat(64),
          17,
          List.of(input),
          List.of(output),
          Path.of("model.json"),
          raw);
    }

    @Override
    public BackendInfo backend() {
      return CPU;
    }

    @Override
    public Lease acquire() {
      ModelManifest m = current();
      Model model =
          new Model() {
            @Override
            public ModelManifest manifest() {
              return m;
            }

            @Override
            public BackendInfo backend() {
              return CPU;
            }

            @Override
            public Outputs run(FloatBuffer in, int batch) {
              if (failing) {
                throw new InferenceException("fake model told to fail");
              }
              runs.incrementAndGet();
              batchRows.accumulateAndGet(batch, Math::max);
              float[] values = new float[in.remaining()];
              in.get(values);
              float[] out = compute.apply(values);
              return Outputs.of(
                  Map.of(output.name(), out), Map.of(output.name(), output.shapeFor(batch)));
            }

            @Override
            public void close() {}
          };
      return new Lease() {
        @Override
        public Model model() {
          return model;
        }

        @Override
        public void close() {}
      };
    }
  }
}
