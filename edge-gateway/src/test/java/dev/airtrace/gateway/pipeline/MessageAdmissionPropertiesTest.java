package dev.airtrace.gateway.pipeline;

import static dev.airtrace.gateway.testdata.ReadingBuilder.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.codec.SensorPayloadDecoder;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.integrity.LeafEncoding;
import dev.airtrace.core.validation.ReadingValidator;
import dev.airtrace.core.validation.SequenceTracker;
import dev.airtrace.core.validation.ValidationConfig;
import dev.airtrace.topics.deadletter.DeadLetterJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Admission over hostile inputs: it never throws, every dead letter encodes within the record
 * bound, and every admitted reading encodes as a Merkle leaf, so no message can stop the worker.
 */
class MessageAdmissionPropertiesTest {
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 60_000), ZoneOffset.UTC);

  private final MessageAdmission admission =
      new MessageAdmission(
          new GatewayId("gw-1"),
          new SensorPayloadDecoder(),
          // The widest time bounds (1,000 years), so that admitted readings reach the leaf
          // encoding.
          new ReadingValidator(
              new ValidationConfig(
                  java.time.Duration.ofHours(8_760_000), java.time.Duration.ofHours(8_760_000)),
              CLOCK),
          new SequenceTracker(64),
          CLOCK);

  private void assertAdmitsWithoutThrowing(String topic, byte[] payload) {
    AdmissionVerdict v = admission.admit(topic, payload, T0 + 1_000, false);
    v.accepted().forEach(LeafEncoding::leafHash);
    for (DeadLetter d : v.deadLetters()) {
      assertThat(DeadLetterJson.encode(d).length).isLessThan(DeadLetterJson.MAX_ENCODED_BYTES);
    }
    assertThat(v.accepted().size() + v.deadLetters().size()).isPositive();
  }

  @Property(tries = 300)
  void shouldNeverThrowForAnyBytes(
      @ForAll("topics") String topic, @ForAll @Size(max = 400) byte[] payload) {
    assertAdmitsWithoutThrowing(topic, payload);
  }

  @Property(tries = 300)
  void shouldNeverThrowForHostileJson(
      @ForAll("topics") String topic, @ForAll("hostileJson") String text) {
    assertAdmitsWithoutThrowing(topic, text.getBytes(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<String> topics() {
    return Arbitraries.of(
        "airtrace/v1/site-a/d1/json",
        "airtrace/v1/site-a/d1/senml",
        "airtrace/v1/site-a/d1/xml",
        "not/a/topic",
        "airtrace/v1/" + "s".repeat(70) + "/d1/json");
  }

  @Provide
  Arbitrary<String> hostileJson() {
    Arbitrary<String> numbers =
        Arbitraries.of(
            "9007199254740991",
            "9007199254740992",
            "-9007199254740992",
            "9223372036854775807",
            "-1",
            "1e308",
            "1e400",
            "123456789012345678901234567890",
            "0.5",
            "268435456",
            "9.1e12");
    Arbitrary<String> strings =
        Arbitraries.oneOf(
            Arbitraries.of("\"x\"", "\"d1:\"", "\"d2:\"", "\"pm2_5\"", "\"seq\""),
            Arbitraries.integers().between(1, 70_000).map(n -> "\"" + "a".repeat(n) + "\""));
    Arbitrary<String> json =
        Arbitraries.oneOf(
            Arbitraries.longs()
                .map(seq -> "{\"seq\":" + seq + ",\"time\":" + T0 + ",\"values\":{\"pm2_5\":1}}"),
            jsonObjects(numbers, strings),
            senmlPacks(numbers, strings),
            Arbitraries.integers().between(1, 5_000).map(d -> "[".repeat(d) + "]".repeat(d)));
    return json;
  }

  private static Arbitrary<String> jsonObjects(
      Arbitrary<String> numbers, Arbitrary<String> strings) {
    Arbitrary<String> any = Arbitraries.oneOf(numbers, strings);
    return Combinators.combine(numbers, Arbitraries.oneOf(numbers, strings), any)
        .as(
            (seq, time, value) ->
                "{\"seq\":" + seq + ",\"time\":" + time + ",\"values\":{\"pm2_5\":" + value + "}}");
  }

  private static Arbitrary<String> senmlPacks(
      Arbitrary<String> numbers, Arbitrary<String> strings) {
    Arbitrary<String> record =
        Combinators.combine(
                Arbitraries.of("", "\"bn\":\"d1:\",", "\"bn\":\"d2:\",", "\"bt\":1795593600,"),
                Arbitraries.oneOf(Arbitraries.of("\"seq\"", "\"pm10\"", "\"lat\""), strings),
                numbers,
                numbers)
            .as((base, n, v, t) -> "{" + base + "\"n\":" + n + ",\"v\":" + v + ",\"t\":" + t + "}");
    return record.list().ofMinSize(1).ofMaxSize(8).map(l -> "[" + String.join(",", l) + "]");
  }
}
