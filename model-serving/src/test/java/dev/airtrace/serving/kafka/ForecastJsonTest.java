package dev.airtrace.serving.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.inference.ModelManifest;
import dev.airtrace.serving.batching.Prediction;
import dev.airtrace.serving.testdata.Schemas;
import dev.airtrace.serving.testdata.TestModels;
import dev.airtrace.topics.serving.Forecast;
import dev.airtrace.topics.serving.ForecastJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecastJsonTest {
  private static final ModelManifest FORECASTER =
      ModelManifest.read(TestModels.REPOSITORY.resolve("pm25-forecast/2/model.json"));

  private static Forecast forecast() {
    ForecastWindow w = new ForecastWindow("site-a", 1_764_057_600_000L, Map.of());
    float[] values = {12.345678f, 13f, 14.5f, 0.1f, 1e-3f, 99.99f};
    return Forecasts.of(w, new Prediction(FORECASTER, "ort-cpu", 1, Map.of("pm2_5", values)));
  }

  @Test
  void shouldStampSiteIssueTimeHorizonsModelAndAccelerator() {
    Forecast f = forecast();

    assertThat(f.siteId()).isEqualTo("site-a");
    assertThat(f.model()).isEqualTo("pm25-forecast@2");
    assertThat(f.accelerator()).isEqualTo("ort-cpu");
    assertThat(f.horizonsHours()).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void shouldEncodeWhatTheForecastSchemaAcceptsAndDecodeTheExactFloats() {
    Forecast f = forecast();

    byte[] json = ForecastJson.encode(f);
    Forecast back = ForecastJson.decode(json);

    assertThat(Schemas.errors("forecast.v1.schema.json", json)).isEmpty();
    assertThat(back.pm25()).containsExactly(f.pm25());
    assertThat(back.horizonsHours()).containsExactly(f.horizonsHours());
    assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"validTime\":1764061200000")
        .contains("\"pm2_5\":12.345678");
  }

  @Test
  void forecastSchemaShouldRejectAForecastWithoutModel() {
    String noModel =
        "{\"siteId\":\"s\",\"issueTime\":1,\"accelerator\":\"ort-cpu\",\"horizons\":"
            + "[{\"hours\":1,\"validTime\":3600001,\"pm2_5\":1.0}]}";

    assertThat(Schemas.errors("forecast.v1.schema.json", noModel.getBytes())).isNotEmpty();
  }
}
