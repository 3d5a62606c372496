package dev.airtrace.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airtrace.inference.GoldenSet;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.serving.batching.Prediction;
import dev.airtrace.serving.batching.ServingBatchConfig;
import dev.airtrace.serving.batching.ServingBatchInput;
import dev.airtrace.serving.batching.ServingBatcher;
import dev.airtrace.serving.kafka.FeatureInput;
import dev.airtrace.serving.kafka.ForecastWindow;
import dev.airtrace.serving.kafka.Forecasts;
import dev.airtrace.serving.model.ModelRunner;
import dev.airtrace.serving.model.RepositoryModelSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The committed forecaster ({@code models/repository/pm25-forecast}, owned by the models helper)
 * served the way Kafka windows are: each golden row turned into a feature window by channel name
 * and back into a row by the serving code, batched, and compared with the golden outputs.
 */
@Timeout(120)
class CommittedForecasterTest {
  private static final Path REPOSITORY = Path.of("..", "models", "repository");

  @Test
  void shouldReproduceTheGoldenForecastsFromFeatureWindows() throws Exception {
    assumeTrue(Files.isDirectory(REPOSITORY.resolve("pm25-forecast")), "forecaster not committed");
    try (RepositoryModelSource source =
        RepositoryModelSource.open(
            InferenceConfig.cpu(),
            REPOSITORY,
            "pm25-forecast",
            Duration.ZERO,
            new SimpleMeterRegistry())) {
      ModelManifest m = source.current();
      GoldenSet golden = GoldenSet.read(m);
      FloatBuffer in = golden.input();
      float[] input = new float[in.remaining()];
      in.get(input);
      List<String> channels = new ArrayList<>();
      m.raw().path("features").path("channels").forEach(c -> channels.add(c.asText()));
      int hours = m.raw().path("features").path("hours").asInt();
      int row = hours * channels.size();
      float[] expected = golden.expected(Forecasts.OUTPUT);
      int horizons = expected.length / golden.batch();

      try (ServingBatcher batcher =
          new ServingBatcher(
              ServingBatchConfig.builder().maxBatch(4).build(),
              new ModelRunner(source),
              new SimpleMeterRegistry())) {
        List<java.util.concurrent.CompletableFuture<Prediction>> answers = new ArrayList<>();
        List<ForecastWindow> windows = goldenWindows(m);
        for (int r = 0; r < golden.batch(); r++) {
          ForecastWindow w;
          if (windows.isEmpty()) { // a version without calendar channels: rebuild by name
            Map<String, double[]> window = new HashMap<>();
            for (int c = 0; c < channels.size(); c++) {
              double[] v = new double[hours];
              for (int h = 0; h < hours; h++) {
                v[h] = input[r * row + h * channels.size() + c];
              }
              window.put(channels.get(c), v);
            }
            w = new ForecastWindow("site-" + r, 0, window);
          } else {
            w = windows.get(r);
          }
          ServingBatchInput fi = new FeatureInput(w);
          answers.add(batcher.submit(fi));
        }
        for (int r = 0; r < golden.batch(); r++) {
          float[] got = answers.get(r).get(30, TimeUnit.SECONDS).output(Forecasts.OUTPUT);
          assertThat(got).hasSize(horizons);
          for (int k = 0; k < horizons; k++) {
            float want = expected[r * horizons + k];
            assertThat((double) got[k])
                .as("row %d horizon %d", r, k)
                .isCloseTo(
                    want, org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, Math.abs(want))));
          }
        }
      }
    }
  }

  /**
   * Every committed forecaster version that ships {@code features.golden_windows} (site-features
   * records written by its training script from the golden rows): decoding each record with the
   * topic's codec and laying it out with {@link FeatureInput} gives exactly the training script's
   * model input row, calendar channels and NaNs included — Java and Python preprocess alike.
   */
  @Test
  void shouldBuildTheTrainingScriptsModelInputFromTheGoldenFeatureRecords() throws Exception {
    assumeTrue(Files.isDirectory(REPOSITORY.resolve("pm25-forecast")), "forecaster not committed");
    int checked = 0;
    try (var versions = Files.list(REPOSITORY.resolve("pm25-forecast"))) {
      for (Path dir : versions.sorted().toList()) {
        ModelManifest m = ModelManifest.read(dir.resolve("model.json"));
        List<ForecastWindow> windows = goldenWindows(m);
        if (windows.isEmpty()) {
          continue;
        }
        GoldenSet golden = GoldenSet.read(m);
        FloatBuffer in = golden.input();
        float[] expected = new float[in.remaining()];
        in.get(expected);
        int row = expected.length / golden.batch();
        assertThat(windows).hasSize(golden.batch());
        for (int r = 0; r < golden.batch(); r++) {
          FloatBuffer b = FloatBuffer.allocate(row);
          new FeatureInput(windows.get(r)).write(m, b);
          assertThat(b.position()).isEqualTo(row);
          float[] want = java.util.Arrays.copyOfRange(expected, r * row, (r + 1) * row);
          for (int i = 0; i < row; i++) {
            // bit-exact, NaN included
            assertThat(Float.floatToIntBits(b.get(i)))
                .as("%s row %d element %d", m.id(), r, i)
                .isEqualTo(Float.floatToIntBits(want[i]));
          }
        }
        checked++;
      }
    }
    assertThat(checked).as("versions with golden feature records").isPositive();
  }

  /** The sidecar's golden site-features records as forecaster windows; empty when it has none. */
  private static List<ForecastWindow> goldenWindows(ModelManifest m) throws Exception {
    String file = m.raw().path("features").path("golden_windows").asText("");
    if (file.isEmpty()) {
      return List.of();
    }
    Path p = m.sidecar().resolveSibling(file);
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    List<ForecastWindow> out = new ArrayList<>();
    for (var record : json.readTree(p.toFile()).path("records")) {
      out.add(ForecastWindow.decode(json.writeValueAsBytes(record)));
    }
    return out;
  }
}
