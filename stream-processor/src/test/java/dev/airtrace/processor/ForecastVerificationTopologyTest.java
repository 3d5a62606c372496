package dev.airtrace.processor;

import static dev.airtrace.processor.ReadingBuilder.at;
import static dev.airtrace.processor.ReadingBuilder.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.topics.Topic;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.gateway.ReadingJson;
import dev.airtrace.topics.processor.ForecastSkill;
import dev.airtrace.topics.processor.ForecastVerification;
import dev.airtrace.topics.serving.Forecast;
import dev.airtrace.topics.serving.ForecastJson;
import dev.airtrace.topics.serving.ForecastSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forecast verifier through the whole topology in a TopologyTestDriver: readings make the
 * closed hours (grace 10 minutes: hour h closes at h+1:10; a late reading revises an hour after the
 * revision interval of wall clock), forecasts come in on the forecasts topic, verifications and
 * skill records go out.
 */
class ForecastVerificationTopologyTest {
  private static final String MODEL = "pm25-forecast@2";
  private static final Duration REVISION_INTERVAL = Duration.ofSeconds(5);

  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> readings;
  private TestInputTopic<String, byte[]> forecasts;
  private TestOutputTopic<String, ForecastVerification> verifications;
  private TestOutputTopic<String, ForecastSkill> skill;
  private TestOutputTopic<String, DeadLetter> deadLetters;
  private long seq = 1;

  @BeforeEach
  void start() {
    ProcessorConfig config =
        ProcessorConfig.builder("unused:9092", stateDir)
            .applicationId(TopologyFixture.APP_ID)
            .revisionInterval(REVISION_INTERVAL)
            .verification(VerificationConfig.builder().enabled(true).build())
            .build();
    driver =
        new TopologyTestDriver(
            SiteAqiTopology.build(config),
            config.toStreamsProperties(),
            TopologyFixture.WALL_CLOCK);
    readings =
        driver.createInputTopic(
            Topics.READINGS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    forecasts =
        driver.createInputTopic(
            Topics.FORECASTS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    verifications = output(Topics.FORECAST_VERIFICATIONS);
    skill = output(Topics.FORECAST_SKILL);
    deadLetters = output(Topics.PROCESSOR_DEAD_LETTERS);
  }

  @AfterEach
  void close() {
    driver.close();
  }

  private <K, V> TestOutputTopic<K, V> output(Topic<K, V> t) {
    return driver.createOutputTopic(
        t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer());
  }

  private void pm(String device, int hour, int minute, double value) {
    var r = reading().device(device).seq(seq++).at(at(hour, minute)).pm25(value).build();
    readings.pipeInput(
        r.deviceId().value(), ReadingJson.encode(r), Instant.ofEpochMilli(r.eventTime()));
  }

  /** A forecast issued at the end of hour {@code k} (T0 + k + 1 h) for horizons 1 and 2. */
  private void forecast(int k, float h1, float h2, double persistence) {
    long issue = at(k + 1, 0).toEpochMilli();
    Forecast f =
        new Forecast(
            "site-a",
            issue,
            new int[] {1, 2},
            new float[] {h1, h2},
            MODEL,
            "ort-cpu",
            new Forecast.Provenance(
                persistence,
                List.of(
                    new Forecast.HorizonProvenance(ForecastSource.MODEL, h1, Double.NaN, null),
                    new Forecast.HorizonProvenance(ForecastSource.MODEL, h2, Double.NaN, null))));
    forecasts.pipeInput("site-a", ForecastJson.encode(f), Instant.ofEpochMilli(issue));
  }

  @Test
  void shouldVerifyForecastsWhenTheirHourClosesAndAgainAfterALateRevision() {
    pm("d1", 0, 10, 10.0); // hour 0 = 10
    pm("d1", 1, 10, 12.0); // closes hour 0; hour 1 = 12
    forecast(1, 15f, 16f, 12.0); // issued at 02:00 for hour 2 (15) and hour 3 (16), persistence 12
    pm("d1", 2, 10, 14.0); // closes hour 1
    pm("d1", 3, 10, 20.0); // closes hour 2 = 14: horizon 1 verified
    assertThat(verifications.readValuesToList())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.hours()).isEqualTo(1);
              assertThat(v.validTime()).isEqualTo(at(3, 0).toEpochMilli());
              assertThat(v.observed()).isEqualTo(14.0);
              assertThat(v.error()).isEqualTo(1.0); // 15 - 14
              assertThat(v.persistenceError()).isEqualTo(-2.0); // 12 - 14
              assertThat(v.observedRevision()).isZero();
            });
    ForecastSkill first = skill.readValuesToList().get(0);
    assertThat(first.rmse()).isEqualTo(1.0);
    assertThat(first.persistenceRmse()).isEqualTo(2.0);
    assertThat(first.skill()).isEqualTo(0.5); // 1 - 1 / 2

    // A second device reports hour 2 late: its mean becomes (14 + 18) / 2 = 16 after the
    // revision interval, and the horizon-1 forecast is verified again with revision 1.
    pm("d2", 2, 40, 18.0);
    assertThat(verifications.readValuesToList()).isEmpty();
    driver.advanceWallClockTime(REVISION_INTERVAL);
    assertThat(verifications.readValuesToList())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.observed()).isEqualTo(16.0);
              assertThat(v.observedRevision()).isEqualTo(1);
              assertThat(v.error()).isEqualTo(-1.0); // 15 - 16
              assertThat(v.persistenceError()).isEqualTo(-4.0); // 12 - 16
            });
    var revised = skill.readKeyValuesToList();
    assertThat(revised)
        .singleElement()
        .satisfies(
            kv -> {
              assertThat(kv.key).isEqualTo("site-a/1/" + MODEL);
              assertThat(kv.value.count()).isEqualTo(1); // replaced, not added
              assertThat(kv.value.skill()).isEqualTo(0.75); // 1 - 1 / 4
              assertThat(kv.value.correction().updates()).isEqualTo(2);
            });

    pm("d1", 4, 10, 5.0); // closes hour 3 = 20: horizon 2 verified (16 - 20)
    assertThat(verifications.readValuesToList())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.hours()).isEqualTo(2);
              assertThat(v.error()).isEqualTo(-4.0);
              assertThat(v.absError()).isEqualTo(4.0);
            });
    ForecastSkill h2 = skill.readValuesToList().get(0);
    assertThat(h2.hours()).isEqualTo(2);
    assertThat(h2.persistenceRmse()).isCloseTo(8.0, within(1e-12)); // 12 - 20
  }

  @Test
  void shouldDeadLetterAnUndecodableForecastAndGoOn() {
    forecasts.pipeInput("site-a", "{not json".getBytes(StandardCharsets.UTF_8), at(1, 0));
    pm("d1", 0, 10, 10.0);
    pm("d1", 1, 10, 12.0);
    forecast(1, 15f, 16f, 12.0);
    pm("d1", 2, 10, 14.0);
    pm("d1", 3, 10, 20.0);

    assertThat(deadLetters.readValuesToList())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo(RejectReason.UNDECODABLE_RECORD);
              assertThat(d.source()).startsWith("kafka:" + Topics.FORECASTS.name() + "/");
              assertThat(new String(d.payload(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            });
    assertThat(verifications.readValuesToList()).hasSize(1);
  }

  @Test
  void shouldNameTheVerifierProcessorsStoresAndSinks() {
    TopologyDescription d =
        SiteAqiTopology.build(
                ProcessorConfig.builder("unused:9092", stateDir)
                    .verification(VerificationConfig.builder().enabled(true).build())
                    .build())
            .describe();
    String text = d.toString();
    assertThat(text)
        .contains("verify-forecasts")
        .contains(SiteAqiTopology.VERIFICATION_PENDING_STORE)
        .contains(SiteAqiTopology.VERIFICATION_OBSERVED_STORE)
        .contains(SiteAqiTopology.SKILL_STORE)
        .contains("forecast-verifications-sink")
        .contains("forecast-skill-sink")
        .contains(SiteAqiTopology.VERIFICATION_REPARTITION)
        .doesNotContain("KSTREAM-");
    assertThat(
            SiteAqiTopology.build(ProcessorConfig.builder("unused:9092", stateDir).build())
                .describe()
                .toString())
        .doesNotContain("verify-forecasts");
  }
}
