package dev.airtrace.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Reading;
import dev.airtrace.core.codec.SensorPayloadDecoder;
import dev.airtrace.core.codec.SensorTopic;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensorCorpusTest {
  private static final long BASE = 1_764_000_000_000L;
  private final SensorCorpus corpus = new SensorCorpus(BASE);

  private static Reading decode(String topic, byte[] payload) {
    List<Reading> readings =
        new SensorPayloadDecoder()
            .decode(SensorTopic.parse(topic), payload, new GatewayId("gw"), BASE + 3_600_000);
    assertThat(readings).hasSize(1);
    return readings.get(0);
  }

  @Test
  void shouldGiveEveryDeviceTheNextSequenceNumbersInTheNextChunk() {
    int messages = 2_500; // 3 readings per device per chunk, the last 500 devices get only 2
    // message 1_234 of chunk 0: device 234, sequence 1_234 / 1_000 = 1
    Reading first = decode(SensorCorpus.topic(1_234), corpus.payload(0, messages, 1_234));
    // message 234 of chunk 1: device 234, sequence 1 * 3 + 0 = 3
    Reading next = decode(SensorCorpus.topic(234), corpus.payload(1, messages, 234));

    assertThat(first.deviceId().value()).isEqualTo("dev-0234");
    assertThat(first.siteId().value()).isEqualTo("site-04");
    assertThat(first.sequence()).isEqualTo(1);
    assertThat(first.eventTime()).isEqualTo(BASE + 1_000);
    assertThat(next.sequence()).isEqualTo(3);
    assertThat(next.eventTime()).isEqualTo(BASE + 3_000);
    assertThat(next.values()).hasSize(6);
  }

  @Test
  void shouldWritePayloadsOfAboutTwoHundredBytes() {
    for (int i = 0; i < 5_000; i += 499) {
      assertThat(corpus.payload(7, 30_000, i).length).isBetween(180, 240);
    }
  }

  @Test
  void shouldGiveTheSameBytesForTheSameChunkAndMessage() {
    assertThat(corpus.payload(3, 30_000, 17)).isEqualTo(corpus.payload(3, 30_000, 17));
  }
}
