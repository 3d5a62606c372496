package dev.airtrace.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class FaultProfileTest {

  @Test
  void shouldKeepTheCiOutageTailAtTwentySecondsBecauseItsDrainIsShorter() {
    // 200/s x 20 s x 2 records / 2,000 records/s = 4 s < 20 s
    assertThat(FaultProfile.CI.outageTail("")).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void shouldPublishThroughTheWholeExpectedDrainAtSoakSize() {
    // 1,000/s x 1,800 s x 2 records / 2,000 records/s = 1,800 s
    assertThat(FaultProfile.SOAK.outageTail("")).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void shouldTakeTheTailFromThePropertyWhenItIsSet() {
    assertThat(FaultProfile.SOAK.outageTail(" PT10M ")).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void shouldRefuseATailThatIsNoDuration() {
    assertThatThrownBy(() -> FaultProfile.CI.outageTail("ten minutes"))
        .isInstanceOf(DateTimeParseException.class);
    assertThatThrownBy(() -> FaultProfile.CI.outageTail("-PT1S"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(FaultProfile.OUTAGE_TAIL_PROPERTY);
  }
}
