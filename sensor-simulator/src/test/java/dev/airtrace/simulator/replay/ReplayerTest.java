package dev.airtrace.simulator.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.core.integrity.PayloadSignature;
import dev.airtrace.mqtt.MqttConnectionStatus;
import dev.airtrace.mqtt.MqttPublisher;
import java.io.BufferedReader;
import java.io.StringReader;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ReplayerTest {
  private static final String FILE =
      "time,site,device,pm2_5[ug/m3],temperature[Cel]\n"
          + "2014-01-01T00:00Z,s1,d1,10,1\n"
          + "2014-01-01T00:00Z,s1,d2,20,2\n"
          + "2014-01-01T01:00Z,s1,d1,NA,NA\n"
          + "2014-01-01T02:00Z,s1,d1,bad,3\n"
          + "2014-01-01T03:00Z,s1,d1,13,3\n";

  private static ReplaySource source() throws Exception {
    return ReplayCsv.open(new BufferedReader(new StringReader(FILE)));
  }

  @Test
  void shouldPublishOneJsonMessagePerRowWithTheFilesEventTimeAndPerDeviceSequences()
      throws Exception {
    RecordingPublisher mqtt = new RecordingPublisher();
    List<Long> bad = new ArrayList<>();

    ReplayResult result =
        new Replayer(ReplayConfig.defaults()).run(source(), mqtt, Map.of(), e -> bad.add(e.row()));

    assertThat(mqtt.topics)
        .containsExactly(
            "airtrace/v1/s1/d1/json", "airtrace/v1/s1/d2/json", "airtrace/v1/s1/d1/json");
    JsonNode third = Json.mapper().readTree(mqtt.payloads.get(2));
    assertThat(third.get("seq").asLong()).isEqualTo(1);
    assertThat(third.get("time").asLong())
        .isEqualTo(Instant.parse("2014-01-01T03:00:00Z").toEpochMilli());
    assertThat(third.get("values").get("pm2_5").asDouble()).isEqualTo(13.0);
    assertThat(Json.mapper().readTree(mqtt.payloads.get(1)).get("seq").asLong()).isZero();
    assertThat(bad).containsExactly(5L);
    assertThat(result)
        .isEqualTo(
            new ReplayResult(
                5,
                3,
                0,
                1,
                1,
                Instant.parse("2014-01-01T00:00:00Z").toEpochMilli(),
                Instant.parse("2014-01-01T03:00:00Z").toEpochMilli()));
  }

  @Test
  void shouldSkipAndCountRowsOutsideTheTimeRange() throws Exception {
    RecordingPublisher mqtt = new RecordingPublisher();
    ReplayConfig config =
        ReplayConfig.builder()
            .range(Instant.parse("2014-01-01T00:30:00Z"), Instant.parse("2014-01-01T03:00:00Z"))
            .build();

    ReplayResult result = new Replayer(config).run(source(), mqtt, Map.of(), e -> {});

    assertThat(result.published()).isZero();
    assertThat(result.outsideRange()).isEqualTo(3);
    assertThat(result.empty()).isEqualTo(1);
    assertThat(result.bad()).isEqualTo(1);
  }

  @Test
  void shouldStopAtTheFirstBadRowWhenToldTo() throws Exception {
    RecordingPublisher mqtt = new RecordingPublisher();
    ReplayConfig config = ReplayConfig.builder().badRows(ReplayConfig.BadRowPolicy.STOP).build();

    assertThatThrownBy(() -> new Replayer(config).run(source(), mqtt, Map.of(), e -> {}))
        .isInstanceOf(BadRowException.class)
        .hasMessageStartingWith("row 5:");
    assertThat(mqtt.payloads).hasSize(2);
  }

  @Test
  void shouldStartEachDeviceAtTheConfiguredFirstSequence() throws Exception {
    RecordingPublisher mqtt = new RecordingPublisher();

    new Replayer(ReplayConfig.builder().firstSequence(100).build())
        .run(source(), mqtt, Map.of(), e -> {});

    assertThat(mqtt.payloads)
        .extracting(p -> Json.mapper().readTree(p).get("seq").asLong())
        .containsExactly(100L, 100L, 101L);
  }

  @Test
  void shouldSignThePayloadsOfDevicesWithAKey() throws Exception {
    RecordingPublisher mqtt = new RecordingPublisher();
    KeyPair d1 = Ed25519.generate();

    new Replayer(ReplayConfig.defaults())
        .run(source(), mqtt, Map.of(new DeviceId("d1"), d1.getPrivate()), e -> {});

    assertThat(PayloadSignature.parse(mqtt.payloads.get(0)))
        .isNotInstanceOf(PayloadSignature.Unsigned.class);
    assertThat(PayloadSignature.parse(mqtt.payloads.get(1)))
        .isInstanceOf(PayloadSignature.Unsigned.class);
  }

  @Test
  void shouldPaceEventTimeBySpeedFactor() throws Exception {
    RecordingPublisher mqtt = new RecordingPublisher();
    // 3 h of event time in 0.3 s: the last row is due 300 ms after the first
    long start = System.nanoTime();

    new Replayer(ReplayConfig.builder().speed(3 * 3600.0 / 0.3).build())
        .run(source(), mqtt, Map.of(), e -> {});

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void shouldRefuseANegativeSpeedAndAnEmptyRange() {
    assertThatThrownBy(() -> ReplayConfig.builder().speed(-1).build())
        .hasMessageContaining("speed");
    Instant t = Instant.parse("2014-01-01T00:00:00Z");
    assertThatThrownBy(() -> ReplayConfig.builder().range(t, t).build())
        .hasMessageContaining("must be after");
  }

  private static final class RecordingPublisher implements MqttPublisher {
    final List<String> topics = new ArrayList<>();
    final List<byte[]> payloads = new ArrayList<>();

    @Override
    public void start() {}

    @Override
    public boolean awaitConnected(Duration timeout) {
      return true;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload) {
      topics.add(topic);
      payloads.add(payload.clone());
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean awaitDelivered(Duration timeout) {
      return true;
    }

    @Override
    public long published() {
      return payloads.size();
    }

    @Override
    public long acknowledged() {
      return payloads.size();
    }

    @Override
    public MqttConnectionStatus status() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }
}
