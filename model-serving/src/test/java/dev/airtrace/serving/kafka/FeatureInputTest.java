package dev.airtrace.serving.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.inference.ModelManifest;
import dev.airtrace.serving.batching.InputRejectedException;
import dev.airtrace.serving.testdata.TestModels;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureInputTest {
  private static final ModelManifest FORECASTER =
      ModelManifest.read(TestModels.REPOSITORY.resolve("pm25-forecast/1/model.json"));

  /** A window of {@code hours} hours; channel c at hour h holds 100 * c + h. */
  private static ForecastWindow window(int hours, String... channels) {
    Map<String, double[]> m = new LinkedHashMap<>();
    for (int c = 0; c < channels.length; c++) {
      double[] v = new double[hours];
      for (int h = 0; h < hours; h++) {
        v[h] = 100 * c + h;
      }
      m.put(channels[c], v);
    }
    return new ForecastWindow("s", 0, m);
  }

  private static float[] write(ForecastWindow w) {
    FloatBuffer b = FloatBuffer.allocate(48 * 8);
    new FeatureInput(w).write(FORECASTER, b);
    assertThat(b.position()).isEqualTo(48 * 8);
    return b.array();
  }

  @Test
  void shouldLayOutChannelsInTheSidecarOrderByName() {
    float[] row = write(window(48, "pressure", "pm2_5"));

    // sidecar order: pm2_5 (0), pm10 (1), ..., pressure (5)
    assertThat(row[0]).isEqualTo(100f); // hour 0, pm2_5 = channel index 1 in the window
    assertThat(row[5]).isEqualTo(0f); // hour 0, pressure
    assertThat(row[47 * 8]).isEqualTo(147f);
    assertThat(row[47 * 8 + 5]).isEqualTo(47f);
  }

  @Test
  void shouldFillChannelsTheSiteLacksWithNaN() {
    float[] row = write(window(48, "pm2_5"));

    assertThat(row[1]).isNaN(); // pm10
    assertThat(row[47 * 8 + 7]).isNaN(); // wind_direction
  }

  @Test
  void shouldTakeTheNewestHoursOfALongerWindow() {
    float[] row = write(window(72, "pm2_5"));

    assertThat(row[0]).isEqualTo(24f);
    assertThat(row[47 * 8]).isEqualTo(71f);
  }

  @Test
  void shouldRejectAWindowShorterThanTheModelNeeds() {
    FeatureInput input = new FeatureInput(window(24, "pm2_5"));

    assertThatThrownBy(() -> input.write(FORECASTER, FloatBuffer.allocate(48 * 8)))
        .isInstanceOf(InputRejectedException.class)
        .hasMessageContaining("24 hours")
        .hasMessageContaining("needs 48");
  }
}
