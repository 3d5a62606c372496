package dev.airtrace.serving.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.inference.Backend;
import dev.airtrace.inference.BackendInfo;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.inference.Model;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.inference.Outputs;
import dev.airtrace.serving.batching.InputRejectedException;
import dev.airtrace.serving.batching.Prediction;
import dev.airtrace.serving.batching.ServingBatchConfig;
import dev.airtrace.serving.batching.ServingBatchInput;
import dev.airtrace.serving.batching.ServingBatchRunner;
import dev.airtrace.serving.batching.ServingBatcher;
import dev.airtrace.serving.testdata.TestModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelRunnerTest {
  private static final int ROW = 3;
  private final SumModel model = new SumModel(TestModels.fakeManifest(5, ROW));
  private ServingBatcher batcher;

  @AfterEach
  void close() {
    if (batcher != null) {
      batcher.close();
    }
  }

  /** A fake model whose output y for a row is the sum of the row's values. */
  static final class SumModel implements Model {
    private final ModelManifest manifest;
    final List<Integer> runs = new ArrayList<>();
    int leases;
    int released;

    SumModel(ModelManifest manifest) {
      this.manifest = manifest;
    }

    @Override
    public ModelManifest manifest() {
      return manifest;
    }

    @Override
    public BackendInfo backend() {
      return new BackendInfo(Backend.ORT_CPU, -1, "fake");
    }

    @Override
    public synchronized Outputs run(FloatBuffer input, int batch) {
      int row = manifest.input().rowSize();
      assertThat(input.remaining()).isEqualTo(batch * row);
      float[] y = new float[batch];
      for (int i = 0; i < batch; i++) {
        for (int j = 0; j < row; j++) {
          y[i] += input.get(input.position() + i * row + j);
        }
      }
      runs.add(batch);
      return Outputs.of(Map.of("y", y), Map.of("y", new long[] {batch, 1}));
    }

    @Override
    public void close() {}
  }

  private LiveModel source(Model m) {
    return new LiveModel() {
      @Override
      public String name() {
        return m.manifest().name();
      }

      @Override
      public BackendInfo backend() {
        return m.backend();
      }

      @Override
      public ModelManifest current() {
        return m.manifest();
      }

      @Override
      public Lease acquire() {
        model.leases++;
        return new Lease() {
          @Override
          public Model model() {
            return m;
          }

          @Override
          public void close() {
            model.released++;
          }
        };
      }
    };
  }

  /** {@code rows} rows, every value {@code value}. */
  record Filled(int rows, float value, long requiredVersion) implements ServingBatchInput {
    @Override
    public void write(ModelManifest m, FloatBuffer dst) {
      for (int i = 0; i < rows * m.input().rowSize(); i++) {
        dst.put(value);
      }
    }
  }

  /** Writes too few values. */
  record Short() implements ServingBatchInput {
    @Override
    public int rows() {
      return 1;
    }

    @Override
    public void write(ModelManifest m, FloatBuffer dst) {
      dst.put(1f);
    }
  }

  private void start(int maxBatch, Duration delay) {
    ServingBatchRunner runner = new ModelRunner(source(model));
    batcher =
        new ServingBatcher(
            new ServingBatchConfig(maxBatch, delay, 100, 1), runner, new SimpleMeterRegistry());
  }

  private static Prediction get(CompletableFuture<Prediction> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldRunInputsAsOneBatchAndGiveEachItsOwnRows() throws Exception {
    start(8, Duration.ofSeconds(30));

    var a = batcher.submit(new Filled(2, 1f, 0));
    var b = batcher.submit(new Filled(1, 2f, 0));
    var c = batcher.submit(new Filled(5, 3f, 0));

    assertThat(get(a).output("y")).containsExactly(3f, 3f);
    assertThat(get(b).output("y")).containsExactly(6f);
    assertThat(get(c).output("y")).containsExactly(9f, 9f, 9f, 9f, 9f);
    assertThat(get(c).model().id()).isEqualTo("fake@5");
    assertThat(get(c).accelerator()).isEqualTo("ort-cpu");
    assertThat(model.runs).containsExactly(8);
    assertThat(model.released).isEqualTo(model.leases);
  }

  @Test
  void shouldRunAnOversizedInputInChunksOfMaxBatchAndMergeTheOutputs() throws Exception {
    start(4, Duration.ZERO);

    Prediction p = get(batcher.submit(new Filled(10, 0.5f, 0)));

    assertThat(p.rows()).isEqualTo(10);
    assertThat(p.output("y")).hasSize(10).containsOnly(1.5f);
    assertThat(model.runs).containsExactly(4, 4, 2);
  }

  @Test
  void shouldFailOnlyInputsThatDoNotFitTheLiveVersion() throws Exception {
    start(8, Duration.ofMillis(300));

    var ok = batcher.submit(new Filled(1, 1f, 0));
    var pinnedElsewhere = batcher.submit(new Filled(1, 1f, 4));
    var tooShort = batcher.submit(new Short());
    var pinnedHere = batcher.submit(new Filled(1, 2f, 5));

    assertThat(get(ok).output("y")).containsExactly(3f);
    assertThat(get(pinnedHere).output("y")).containsExactly(6f);
    assertThat(pinnedElsewhere)
        .failsWithin(Duration.ofSeconds(1))
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            InputRejectedException.class, e -> assertThat(e.notFound()).isTrue());
    assertThat(tooShort)
        .failsWithin(Duration.ofSeconds(1))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(InputRejectedException.class);
    assertThat(model.runs).containsExactly(2);
  }
}
