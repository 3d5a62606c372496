package dev.airtrace.serving.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.inference.TensorSpec;
import dev.airtrace.serving.batching.InputRejectedException;
import dev.airtrace.serving.testdata.TestModels;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** A v2-style manifest: {@code [-1, hours, 3]} of pm2_5, hour_of_day, day_of_week. */
  private static ModelManifest calendarModel(int hours, String zone) {
    ObjectNode raw = new ObjectMapper().createObjectNode();
    ObjectNode features = raw.putObject("features");
    features.put("hours", hours);
    features.putArray("channels").add("pm2_5").add("hour_of_day").add("day_of_week");
    if (zone != null) {
      features.put("calendar_zone", zone);
    }
    return new ModelManifest(
        "calendar",
        2,
        "forecast",
        Path.of("model.onnx"),
        "0".repeat(64),
        17,
        List.of(new TensorSpec("features", List.of(-1L, (long) hours, 3L))),
        List.of(new TensorSpec("pm2_5", List.of(-1L, 12L))),
        Path.of("model.json"),
        raw);
  }

  private static float[] write(ModelManifest m, FeatureInput input, int hours) {
    FloatBuffer b = FloatBuffer.allocate(hours * 3);
    input.write(m, b);
    assertThat(b.position()).isEqualTo(hours * 3);
    return b.array();
  }

  private static ForecastWindow pmOnly(long issueTime, double... pm) {
    return new ForecastWindow("s", issueTime, Map.of("pm2_5", pm));
  }

  @Test
  void shouldDeriveCalendarChannelsFromTheIssueTimeInTheSidecarsTrainingZone() {
    // issue time 2024-01-01T00:00Z (a Monday); rows start 21:00, 22:00, 23:00 UTC on Sunday
    // 2023-12-31 = 05:00, 06:00, 07:00 on Monday 2024-01-01 at UTC+8
    float[] row =
        write(
            calendarModel(3, "Etc/GMT-8"),
            new FeatureInput(pmOnly(1_704_067_200_000L, 10, 11, 12)),
            3);

    assertThat(row).containsExactly(10f, 5f, 0f, 11f, 6f, 0f, 12f, 7f, 0f);
  }

  @Test
  void shouldUseTheDeploymentsSiteZoneOverTheTrainingZone() {
    // the same rows in New York (UTC-5 in January): 16:00, 17:00, 18:00 on Sunday = day 6
    float[] row =
        write(
            calendarModel(3, "Etc/GMT-8"),
            new FeatureInput(
                pmOnly(1_704_067_200_000L, 10, 11, 12), Optional.of(ZoneId.of("America/New_York"))),
            3);

    assertThat(row).containsExactly(10f, 16f, 6f, 11f, 17f, 6f, 12f, 18f, 6f);
  }

  @Test
  void shouldFollowDaylightSavingTimeOfTheSiteZone() {
    // issue time 2024-03-31T02:00Z: rows start 00:00Z (01:00 CET) and 01:00Z (03:00 CEST, the
    // clocks jumped from 02:00 to 03:00); 2024-03-31 is a Sunday
    float[] row =
        write(
            calendarModel(2, null),
            new FeatureInput(
                pmOnly(1_711_850_400_000L, 1, 2), Optional.of(ZoneId.of("Europe/Berlin"))),
            2);

    assertThat(row).containsExactly(1f, 1f, 6f, 2f, 3f, 6f);
  }

  @Test
  void shouldRefuseCalendarChannelsWithoutAZone() {
    FeatureInput input = new FeatureInput(pmOnly(1_704_067_200_000L, 1, 2));

    assertThatThrownBy(() -> input.write(calendarModel(2, null), FloatBuffer.allocate(6)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("calendar_zone");
  }
}
