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
        for (int r = 0; r < golden.batch(); r++) {
          Map<String, double[]> window = new HashMap<>();
          for (int c = 0; c < channels.size(); c++) {
            double[] v = new double[hours];
            for (int h = 0; h < hours; h++) {
              v[h] = input[r * row + h * channels.size() + c];
            }
            window.put(channels.get(c), v);
          }
          ServingBatchInput fi = new FeatureInput(new ForecastWindow("site-" + r, 0, window));
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
}
