package dev.airtrace.bench.inference;

import dev.airtrace.bench.baseline.OrtBaseline;
import dev.airtrace.inference.GoldenSet;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.inference.InferenceEngine;
import dev.airtrace.inference.InferenceEngines;
import dev.airtrace.inference.Model;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.inference.Outputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Calls per second of one model at batch 1, 32 and 256 on one thread, through the DJL path ({@code
 * djl}: {@link Model#run} on the CPU backend with one intra-op thread: tensor creation, predictor,
 * translator, output copy) and through raw ONNX Runtime ({@code ortRaw}: {@link OrtBaseline},
 * {@code session.run} on an input tensor prebuilt from a direct buffer, outputs copied). Both run
 * the same ONNX file with the same session options in the same JMH run. Samples per second = score
 * × batch.
 *
 * <p>Goals (docs/inference.md): {@code djl} ≥ 0.8 × {@code ortRaw} at batch ≥ 32; batch 32 ≥ 5 ×
 * batch 1 in samples per second for the anomaly model.
 *
 * <p>The input is the model's golden input repeated to the batch size. Models come from {@code
 * -Dairtrace.models.repository} (default {@code models/repository}, run from the repository root),
 * highest version of {@link #model}.
 *
 * <p>Run (docs/inference.md): {@code ./mvnw -q -pl benchmarks -am install -DskipTests && java -cp
 * "benchmarks/target/airtrace-benchmarks.jar:benchmarks/target/lib/*" org.openjdk.jmh.Main
 * InferenceBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InferenceBenchmark {

  @Param({"anomaly-ae", "pm25-calibration", "pm25-forecast"})
  public String model;

  @Param({"1", "32", "256"})
  public int batch;

  private InferenceEngine engine;
  private Model djlModel;
  private OrtBaseline raw;
  private FloatBuffer input;

  @Setup(Level.Trial)
  public void setUp() {
    ModelManifest manifest = latest(model);
    engine = InferenceEngines.create(InferenceConfig.cpu());
    djlModel = engine.load(manifest);
    raw = OrtBaseline.open(manifest, 1);
    input = repeatGolden(GoldenSet.read(manifest), manifest.input().rowSize(), batch);
    raw.prepare(input, batch);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    raw.close();
    djlModel.close();
    engine.close();
  }

  /** The DJL path, as the gateway and serving tier call it. */
  @Benchmark
  public Outputs djl() {
    return djlModel.run(input.rewind(), batch);
  }

  /** The ceiling: raw {@code session.run} on a prebuilt input tensor. */
  @Benchmark
  public float ortRaw() {
    return raw.run();
  }

  static ModelManifest latest(String name) {
    Path root = Path.of(System.getProperty("airtrace.models.repository", "models/repository"));
    try (Stream<Path> versions = Files.list(root.resolve(name))) {
      Path dir =
          versions
              .filter(p -> p.getFileName().toString().matches("[1-9][0-9]*"))
              .filter(p -> Files.isRegularFile(p.resolve("model.json")))
              .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString())))
              .orElseThrow(
                  () -> new IllegalStateException("no version of " + name + " in " + root));
      return ModelManifest.read(dir.resolve("model.json"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root.resolve(name), e);
    }
  }

  /** The golden rows repeated to {@code batch} rows, in a direct native-order buffer. */
  static FloatBuffer repeatGolden(GoldenSet golden, int rowSize, int batch) {
    float[] rows = new float[golden.batch() * rowSize];
    golden.input().get(rows);
    FloatBuffer out =
        ByteBuffer.allocateDirect(batch * rowSize * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    for (int r = 0; r < batch; r++) {
      out.put(rows, (r % golden.batch()) * rowSize, rowSize);
    }
    return out.flip();
  }
}
