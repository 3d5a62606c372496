package dev.airtrace.gateway.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.anomaly.AnomalyConfig;
import dev.airtrace.inference.Accelerator;
import dev.airtrace.inference.InferenceConfig;
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
    assertThat(d.inference().accelerator()).isEqualTo(Accelerator.AUTO);
    assertThat(d.inference().strict()).isFalse();
    assertThat(d.anomaliesTopic()).isEqualTo("airtrace.gateway.anomalies.v1");
  }

  @Test
  void shouldServeExactlyTheModelsTheConfigurationUses() {
    ModelsConfig both =
        ModelsConfig.builder()
            .anomalyEnabled(true)
            .anomaly(AnomalyConfig.defaults())
            .calibration(CalibrationMode.MODEL)
            .build();

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
    assertThatThrownBy(() -> ModelsConfig.builder().maxModelBatchMessages(0).build())
        .hasMessageContaining("maxModelBatchMessages");
    assertThatThrownBy(
            () -> ModelsConfig.builder().repository(Path.of("m"), Duration.ofSeconds(-1)).build())
        .hasMessageContaining("rescanInterval");
    assertThatThrownBy(
            () ->
                ModelsConfig.builder()
                    .inference(
                        InferenceConfig.builder()
                            .accelerator(Accelerator.CUDA)
                            .deviceId(-1)
                            .strict(true)
                            .build())
                    .build())
        .hasMessageContaining("deviceId");
  }
}
