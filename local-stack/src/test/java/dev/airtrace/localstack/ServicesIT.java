package dev.airtrace.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ServicesIT {

  @Test
  void shouldReturnTheSameInstanceOfEachServiceWithinOneJvm() {
    assertThat(Services.kafka()).isSameAs(Services.kafka());
    assertThat(Services.mosquitto()).isSameAs(Services.mosquitto());
    assertThat(Services.influx()).isSameAs(Services.influx());
  }
}
