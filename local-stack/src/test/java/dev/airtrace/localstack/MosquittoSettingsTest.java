package dev.airtrace.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MosquittoSettingsTest {
  @Test
  void shouldDescribeMosquittosOwnDefaults() {
    // mosquitto.conf(5), 2.0: persistence false, autosave_interval 1800, max_queued_messages
    // 1000, max_inflight_messages 20.
    assertThat(MosquittoService.Settings.mosquittoDefaults())
        .isEqualTo(new MosquittoService.Settings(false, 1_800, false, 1_000, 20));
  }

  @Test
  void shouldKeepTheHarnessSettingsTheTestsAlwaysHad() {
    assertThat(MosquittoService.Settings.harness())
        .isEqualTo(
            new MosquittoService.Settings(
                true,
                60,
                false,
                MosquittoService.MAX_QUEUED_MESSAGES,
                MosquittoService.MAX_INFLIGHT_MESSAGES));
  }

  @Test
  void shouldRejectNegativeLimitsAndAnEmptyWindow() {
    assertThatThrownBy(() -> new MosquittoService.Settings(true, -1, false, 10, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MosquittoService.Settings(true, 1, true, -1, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MosquittoService.Settings(true, 1, true, 10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxInflightMessages");
  }
}
