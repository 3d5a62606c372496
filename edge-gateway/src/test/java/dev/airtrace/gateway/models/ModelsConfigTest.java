package dev.airtrace.gateway.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.anomaly.AnomalyConfig;
import dev.airtrace.inference.Accelerator;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelsConfigTest {
  @Test
  void shouldDefaultToBarkjohn2022WithoutModelsFromTheCommittedRepository() {
    ModelsConfig d = ModelsConfig.defaults();

    assertThat(d.calibration()).isEqualTo(CalibrationMode.BARKJOHN_2022);
    assertThat(d.anomalyEnabled()).isFalse();
    assertThat(d.needsModels()).isFalse();
    assertThat(d.modelsDirectory()).isEqualTo(Path.of("models", "repository"));
    assertThat(d.accelerator()).isEqualTo(Accelerator.AUTO);
    assertThat(d.strict()).isFalse();
    assertThat(d.anomaliesTopic()).isEqualTo("airtrace.gateway.anomalies.v1");
  }

  @Test
  void shouldServeExactlyTheModelsTheConfigurationUses() {
    ModelsConfig both =
        ModelsConfig.defaults()
            .withAnomaly(true, AnomalyConfig.defaults())
            .withCalibration(CalibrationMode.MODEL);

    assertThat(both.servedModels()).containsExactly("anomaly-ae", "pm25-calibration");
    assertThat(both.repository().models()).containsExactly("anomaly-ae", "pm25-calibration");
    assertThat(both.inference().intraOpThreads()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({
    "off, OFF",
    "barkjohn-2021, BARKJOHN_2021",
    "Barkjohn-2022, BARKJOHN_2022",
    "model, MODEL"
  })
  void shouldParseCalibrationLabels(String label, CalibrationMode mode) {
    assertThat(CalibrationMode.parse(label)).isEqualTo(mode);
  }

  @Test
  void shouldRejectAnUnknownCalibrationNamingTheChoices() {
    assertThatThrownBy(() -> CalibrationMode.parse("epa"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("barkjohn-2022");
  }

  @Test
  void shouldRejectOutOfRangeValues() {
    assertThatThrownBy(() -> ModelsConfig.defaults().withMaxBatchMessages(0))
        .hasMessageContaining("maxBatchMessages");
    assertThatThrownBy(
            () -> ModelsConfig.defaults().withRepository(Path.of("m"), Duration.ofSeconds(-1)))
        .hasMessageContaining("rescanInterval");
    assertThatThrownBy(() -> ModelsConfig.defaults().withInference(Accelerator.CUDA, -1, true))
        .hasMessageContaining("deviceId");
  }
}
