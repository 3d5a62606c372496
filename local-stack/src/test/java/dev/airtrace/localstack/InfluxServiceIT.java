package dev.airtrace.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InfluxServiceIT {

  @Test
  void shouldReturnWrittenPointFromInfluxQlQuery() {
    InfluxService influx = Services.influx();
    String db = "harness_" + System.nanoTime();
    influx.createDatabase(db);

    influx.write(db, "air,site=s1 pm2_5=17.4,aqi=66i 1764057600000");

    String json = influx.query(db, "SELECT pm2_5, aqi FROM air WHERE site = 's1'");
    assertThat(json)
        .contains("\"columns\":[\"time\",\"pm2_5\",\"aqi\"]")
        .contains("[\"2025-11-25T08:00:00Z\",17.4,66]");
  }

  @Test
  void shouldRejectQueryAgainstMissingMeasurementField() {
    InfluxService influx = Services.influx();

    assertThatThrownBy(() -> influx.query(null, "SELEC nonsense"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("error parsing query");
  }

  @Test
  void shouldLaunchPrivateServerEvenWhenSharedOneExists() {
    try (InfluxService own = InfluxService.launch()) {
      assertThat(own.isExternal()).isFalse();
      assertThat(own.url()).isNotEqualTo(Services.influx().url());
    }
  }

  @Test
  void shouldKeepUrlAndDataAcrossRestart() {
    try (InfluxService influx = InfluxService.launch()) {
      String url = influx.url();
      influx.createDatabase("restart");
      influx.write("restart", "m v=1 1764057600000");

      influx.restart();

      assertThat(influx.url()).isEqualTo(url);
      assertThat(influx.query("restart", "SELECT v FROM m"))
          .contains("[\"2025-11-25T08:00:00Z\",1]");
    }
  }

  @Test
  void shouldFailWritesWhileStopped() {
    try (InfluxService influx = InfluxService.launch()) {
      influx.createDatabase("outage");
      influx.stop();

      assertThatThrownBy(() -> influx.write("outage", "m v=1 1764057600000"))
          .isInstanceOf(IllegalStateException.class);
      assertThat(influx.isRunning()).isFalse();
    }
  }
}
