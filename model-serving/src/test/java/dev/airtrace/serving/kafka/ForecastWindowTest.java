package dev.airtrace.serving.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.serving.testdata.FeatureRecords;
import dev.airtrace.serving.testdata.Schemas;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ForecastWindowTest {
  private static final long ISSUE = 1_764_057_600_000L;

  private static float[] rampRow() {
    float[] row = new float[48 * 8];
    for (int i = 0; i < row.length; i++) {
      row[i] = i;
    }
    row[47 * 8] = Float.NaN; // newest pm2_5 hour missing
    return row;
  }

  @Test
  void shouldDecodeWhatTheStreamProcessorSchemaDescribes() {
    byte[] value = FeatureRecords.window("site-a", ISSUE, rampRow());
    assertThat(Schemas.errors("site-features.v1.schema.json", value)).isEmpty();

    ForecastWindow w = ForecastWindow.decode(value);

    assertThat(w.siteId()).isEqualTo("site-a");
    assertThat(w.issueTime()).isEqualTo(ISSUE);
    assertThat(w.hours()).isEqualTo(48);
    assertThat(w.channels()).containsOnlyKeys(FeatureRecords.CHANNELS);
    assertThat(w.channels().get("pm10")[0]).isEqualTo(1.0);
    assertThat(w.channels().get("wind_direction")[1]).isEqualTo(15.0);
    assertThat(w.channels().get("pm2_5")[47]).isNaN();
  }

  @Test
  void shouldRejectRecordsThatAreNotFeatureWindows() {
    for (String bad :
        new String[] {
          "not json",
          "[1,2]",
          "{\"issueTime\":1,\"channels\":{\"pm2_5\":[1]}}",
          "{\"siteId\":\"s\",\"channels\":{\"pm2_5\":[1]}}",
          "{\"siteId\":\"s\",\"issueTime\":1,\"channels\":{}}",
          "{\"siteId\":\"s\",\"issueTime\":1,\"channels\":{\"pm2_5\":[1,\"x\"]}}",
          "{\"siteId\":\"s\",\"issueTime\":1,\"hours\":2,\"channels\":{\"pm2_5\":[1]}}",
          "{\"siteId\":\"s\",\"issueTime\":1,\"channels\":{\"pm2_5\":[1,2],\"pm10\":[1]}}",
          "{\"schemaVersion\":2,\"siteId\":\"s\",\"issueTime\":1,\"channels\":{\"pm2_5\":[1]}}"
        }) {
      assertThatThrownBy(() -> ForecastWindow.decode(bad.getBytes(StandardCharsets.UTF_8)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
