package dev.airtrace.core.codec;

import static dev.airtrace.core.codec.TestPayloads.DEVICE;
import static dev.airtrace.core.codec.TestPayloads.EVENT_TIME;
import static dev.airtrace.core.codec.TestPayloads.GATEWAY;
import static dev.airtrace.core.codec.TestPayloads.JSON_TOPIC;
import static dev.airtrace.core.codec.TestPayloads.RECEIVED_AT;
import static dev.airtrace.core.codec.TestPayloads.SITE;
import static dev.airtrace.core.codec.TestPayloads.decodeJson;
import static dev.airtrace.core.codec.TestPayloads.utf8;
import static dev.airtrace.core.codec.TestPayloads.validJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.deadletter.RejectReason;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SensorPayloadDecoderJsonTest {
  private final SensorPayloadDecoder decoder = new SensorPayloadDecoder();

  private static void assertRejected(
      ThrowingCallable call, RejectReason reason, String... inMessage) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            CodecException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage()).isNotBlank();
              for (String part : inMessage) {
                assertThat(e.getMessage()).contains(part);
              }
            });
  }

  @Test
  void shouldDecodeDocumentedExample() {
    String payload =
        """
        {"seq":42,"time":"2026-11-25T08:00:00Z",
         "values":{"pm2_5":12.3,"temperature":{"value":70.1,"unit":"degF"}},
         "location":{"latitude":52.1,"longitude":4.3,"altitude":2.0},
         "deviceId":"dev-001","siteId":"site-a"}
        """;

    List<Reading> readings = decoder.decode(JSON_TOPIC, utf8(payload), GATEWAY, RECEIVED_AT);

    assertThat(readings).hasSize(1);
    Reading r = readings.get(0);
    assertThat(r.deviceId()).isEqualTo(DEVICE);
    assertThat(r.siteId()).isEqualTo(SITE);
    assertThat(r.gatewayId()).isEqualTo(GATEWAY);
    assertThat(r.receivedAt()).isEqualTo(RECEIVED_AT);
    assertThat(r.sequence()).isEqualTo(42);
    assertThat(r.eventTime()).isEqualTo(1_795_593_600_000L);
    assertThat(r.values()).containsOnlyKeys(Quantity.PM2_5, Quantity.TEMPERATURE);
    assertThat(r.values().get(Quantity.PM2_5)).isEqualTo(12.3);
    assertThat(r.values().get(Quantity.TEMPERATURE)).isCloseTo(21.1666666667, within(1e-9));
    assertThat(r.location()).isEqualTo(new Location(52.1, 4.3, 2.0));
  }

  @Test
  void shouldTakeIdentifiersFromTopicWhenPayloadOmitsThem() {
    Reading r = decodeJson(validJson()).get(0);

    assertThat(r.deviceId()).isEqualTo(DEVICE);
    assertThat(r.siteId()).isEqualTo(SITE);
    assertThat(r.eventTime()).isEqualTo(EVENT_TIME);
    assertThat(r.location()).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "2025-11-25T08:00:00Z, 1764057600000",
    "2025-11-25T09:00:00+01:00, 1764057600000",
    "2025-11-25T08:00:00.123Z, 1764057600123",
    "2025-11-25T08:00:00.1239Z, 1764057600123"
  })
  void shouldAcceptRfc3339TimeTruncatedToMillis(String time, long expected) {
    ObjectNode p = validJson().put("time", time);

    assertThat(decodeJson(p).get(0).eventTime()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "pm25, PM2_5",
    "PM2.5, PM2_5",
    "pm10, PM10",
    "ozone, O3",
    "temp, TEMPERATURE",
    "humidity, RELATIVE_HUMIDITY",
    "rh, RELATIVE_HUMIDITY",
    "RH, RELATIVE_HUMIDITY",
    "press, PRESSURE",
    "no2, NO2",
    "so2, SO2",
    "co, CO"
  })
  void shouldResolveQuantityAliasToCanonicalQuantity(String alias, Quantity expected) {
    ObjectNode p = validJson();
    p.putObject("values").put(alias, 12.0);

    assertThat(decodeJson(p).get(0).values()).containsOnlyKeys(expected);
  }

  @Test
  void shouldConvertValueObjectWithUnit() {
    ObjectNode p = validJson();
    ObjectNode values = p.putObject("values");
    values.putObject("co").put("value", 1).put("unit", "mg/m3");
    values.putObject("pressure").put("value", 101325).put("unit", "Pa");
    values.putObject("rh").put("value", 0.5).put("unit", "/");

    Reading r = decodeJson(p).get(0);

    assertThat(r.values().get(Quantity.CO)).isCloseTo(0.8729025348, within(1e-9));
    assertThat(r.values().get(Quantity.PRESSURE)).isCloseTo(1013.25, within(1e-9));
    assertThat(r.values().get(Quantity.RELATIVE_HUMIDITY)).isCloseTo(50.0, within(1e-9));
  }

  @Test
  void shouldIgnoreUnknownTopLevelFields() {
    ObjectNode p = validJson().put("battery", 3.7).put("fw", "1.2.3");

    assertThat(decodeJson(p)).hasSize(1);
  }

  @Test
  void shouldAcceptNullLocation() {
    ObjectNode p = validJson();
    p.putNull("location");

    assertThat(decodeJson(p).get(0).location()).isNull();
  }

  // --- MALFORMED_PAYLOAD

  @Test
  void shouldRejectEmptyPayloadAsMalformed() {
    assertRejected(
        () -> decoder.decode(JSON_TOPIC, new byte[0], GATEWAY, RECEIVED_AT),
        RejectReason.MALFORMED_PAYLOAD,
        "empty");
    assertRejected(
        () -> decoder.decode(JSON_TOPIC, null, GATEWAY, RECEIVED_AT),
        RejectReason.MALFORMED_PAYLOAD,
        "empty");
  }

  @Test
  void shouldRejectPayloadOverSizeLimitAsTooLarge() {
    byte[] big = new byte[PayloadLimits.DEFAULT_MAX_PAYLOAD_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');

    assertRejected(
        () -> decoder.decode(JSON_TOPIC, big, GATEWAY, RECEIVED_AT),
        RejectReason.PAYLOAD_TOO_LARGE,
        "65537 bytes, more than the limit of 65536 bytes");
  }

  @Test
  void shouldRejectPayloadOverConfiguredLimitAsTooLarge() {
    SensorPayloadDecoder small =
        new SensorPayloadDecoder(PayloadLimits.builder().maxPayloadBytes(1024).build());
    byte[] payload = TestPayloads.bytes(validJson().put("pad", "x".repeat(1024)));

    assertRejected(
        () -> small.decode(JSON_TOPIC, payload, GATEWAY, RECEIVED_AT),
        RejectReason.PAYLOAD_TOO_LARGE,
        "more than the limit of 1024 bytes");
  }

  @Test
  void shouldRejectSeqAboveLargestSafeIntegerAsOutOfRange() {
    ObjectNode p = validJson().put("seq", 9_007_199_254_740_992L); // 2^53

    assertRejected(
        () -> decodeJson(p),
        RejectReason.OUT_OF_RANGE,
        "seq = 9007199254740992 is outside [0, 2^53-1 = 9007199254740991]");
  }

  @Test
  void shouldAcceptSeqOfLargestSafeInteger() {
    ObjectNode p = validJson().put("seq", 9_007_199_254_740_991L); // 2^53 - 1

    assertThat(decodeJson(p).get(0).sequence()).isEqualTo(9_007_199_254_740_991L);
  }

  @Test
  void shouldRejectNegativeSeqAsOutOfRange() {
    ObjectNode p = validJson().put("seq", -1);

    assertRejected(() -> decodeJson(p), RejectReason.OUT_OF_RANGE, "seq = -1 is outside [0,");
  }

  @ParameterizedTest
  @ValueSource(longs = {9_007_199_254_740_992L, -9_007_199_254_740_992L, Long.MAX_VALUE})
  void shouldRejectEpochMillisBeyondLeafRangeAsOutOfRange(long time) {
    ObjectNode p = validJson().put("time", time);

    assertRejected(
        () -> decodeJson(p), RejectReason.OUT_OF_RANGE, "time = " + time + " ms is outside");
  }

  @Test
  void shouldRejectRfc3339TimeBeyondLeafRangeAsOutOfRange() {
    // Year 300000 is about 9.4e15 ms after 1970: a valid instant, but beyond 2^53 - 1.
    ObjectNode p = validJson().put("time", "+300000-01-01T00:00:00Z");

    assertRejected(() -> decodeJson(p), RejectReason.OUT_OF_RANGE, "ms is outside +-(2^53-1)");
  }

  @Test
  void shouldRejectInvalidUtf8AsMalformed() {
    byte[] bytes = {'{', '"', 's', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};

    assertRejected(
        () -> decoder.decode(JSON_TOPIC, bytes, GATEWAY, RECEIVED_AT),
        RejectReason.MALFORMED_PAYLOAD,
        "UTF-8");
  }

  @Test
  void shouldRejectUtf16AsMalformedEvenWhenItIsValidJson() {
    byte[] utf16 = "{\"seq\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_16);

    assertRejected(
        () -> decoder.decode(JSON_TOPIC, utf16, GATEWAY, RECEIVED_AT),
        RejectReason.MALFORMED_PAYLOAD);
  }

  @Test
  void shouldAcceptLeadingUtf8ByteOrderMark() {
    byte[] json = TestPayloads.bytes(validJson());
    byte[] withBom = new byte[json.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(json, 0, withBom, 3, json.length);

    assertThat(decoder.decode(JSON_TOPIC, withBom, GATEWAY, RECEIVED_AT)).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{",
        "{\"seq\":1,}",
        "{\"seq\":1} {\"seq\":2}",
        "{\"seq\":1,\"seq\":2}",
        "NaN",
        "{\"seq\":NaN}",
        "   ",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
      })
  void shouldRejectTextThatIsNotOneJsonDocumentAsMalformed(String text) {
    assertRejected(
        () -> decoder.decode(JSON_TOPIC, utf8(text), GATEWAY, RECEIVED_AT),
        RejectReason.MALFORMED_PAYLOAD);
  }

  @Test
  void shouldRejectOverlongNumberAsMalformed() {
    String text = "{\"seq\":" + "1".repeat(100) + "}";

    assertRejected(
        () -> decoder.decode(JSON_TOPIC, utf8(text), GATEWAY, RECEIVED_AT),
        RejectReason.MALFORMED_PAYLOAD);
  }

  // --- SCHEMA_VIOLATION

  @ParameterizedTest
  @ValueSource(strings = {"[]", "42", "\"text\"", "null", "true"})
  void shouldRejectNonObjectAsSchemaViolation(String text) {
    assertRejected(
        () -> decoder.decode(JSON_TOPIC, utf8(text), GATEWAY, RECEIVED_AT),
        RejectReason.SCHEMA_VIOLATION,
        "JSON object");
  }

  @Test
  void shouldRejectMissingSeq() {
    ObjectNode p = validJson();
    p.remove("seq");

    assertRejected(() -> decodeJson(p), RejectReason.SCHEMA_VIOLATION, "seq", "nothing");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"42\"", "1.5", "1e30", "true"})
  void shouldRejectSeqThatIsNotAnInteger(String seq) throws Exception {
    ObjectNode p = validJson();
    p.set("seq", Json.mapper().readTree(seq));

    assertRejected(() -> decodeJson(p), RejectReason.SCHEMA_VIOLATION, "seq");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\"yesterday\"", "\"2025-11-25\"", "\"2025-11-25T08:00:00\"", "1.5", "[]", "null"})
  void shouldRejectTimeThatIsNotEpochMillisOrRfc3339(String time) throws Exception {
    ObjectNode p = validJson();
    p.set("time", Json.mapper().readTree(time));

    assertRejected(() -> decodeJson(p), RejectReason.SCHEMA_VIOLATION, "time");
  }

  @Test
  void shouldRejectTimeOutsideEpochMillisRange() {
    ObjectNode p = validJson().put("time", "+999999999-12-31T23:59:59Z");

    assertRejected(() -> decodeJson(p), RejectReason.SCHEMA_VIOLATION, "time");
  }

  @Test
  void shouldRejectEmptyValues() {
    ObjectNode p = validJson();
    p.putObject("values");

    assertRejected(() -> decodeJson(p), RejectReason.SCHEMA_VIOLATION, "values is empty");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"pm2_5\":\"12\"}",
        "{\"pm2_5\":null}",
        "{\"pm2_5\":[12]}",
        "{\"pm2_5\":{\"value\":12}}",
        "{\"pm2_5\":{\"unit\":\"ug/m3\"}}",
        "{\"pm2_5\":{\"value\":\"12\",\"unit\":\"ug/m3\"}}",
        "{\"pm2_5\":{\"value\":12,\"unit\":3}}",
        "[]"
      })
  void shouldRejectMalformedValue(String values) throws Exception {
    ObjectNode p = validJson();
    p.set("values", Json.mapper().readTree(values));

    assertRejected(() -> decodeJson(p), RejectReason.SCHEMA_VIOLATION, "values");
  }

  @Test
  void shouldRejectQuantityNamedTwiceThroughAlias() {
    ObjectNode p = validJson();
    p.putObject("values").put("pm2_5", 1).put("pm25", 2);

    assertRejected(() -> decodeJson(p), RejectReason.SCHEMA_VIOLATION, "second time");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1,2]", "{\"latitude\":52}", "{\"latitude\":\"52\",\"longitude\":4}"})
  void shouldRejectMalformedLocation(String location) throws Exception {
    ObjectNode p = validJson();
    p.set("location", Json.mapper().readTree(location));

    assertRejected(() -> decodeJson(p), RejectReason.SCHEMA_VIOLATION, "location");
  }

  @Test
  void shouldRejectNonStringDeviceId() {
    ObjectNode p = validJson().put("deviceId", 7);

    assertRejected(() -> decodeJson(p), RejectReason.SCHEMA_VIOLATION, "deviceId");
  }

  // --- INVALID_IDENTIFIER

  @Test
  void shouldRejectDeviceIdContradictingTopic() {
    ObjectNode p = validJson().put("deviceId", "dev-002");

    assertRejected(
        () -> decodeJson(p),
        RejectReason.INVALID_IDENTIFIER,
        "deviceId",
        "\"dev-002\"",
        "\"dev-001\"");
  }

  @Test
  void shouldRejectSiteIdContradictingTopic() {
    ObjectNode p = validJson().put("siteId", "site-b");

    assertRejected(() -> decodeJson(p), RejectReason.INVALID_IDENTIFIER, "siteId", "\"site-b\"");
  }

  // --- UNKNOWN_QUANTITY

  @Test
  void shouldRejectUnknownQuantityNamingIt() {
    ObjectNode p = validJson();
    p.putObject("values").put("pm2_5", 1).put("radon", 40);

    assertRejected(() -> decodeJson(p), RejectReason.UNKNOWN_QUANTITY, "\"radon\"", "pm2_5");
  }

  @Test
  void shouldTruncateLongUnknownQuantityName() {
    ObjectNode p = validJson();
    p.putObject("values").put("q".repeat(10_000), 1);

    assertThatThrownBy(() -> decodeJson(p))
        .isInstanceOfSatisfying(
            CodecException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RejectReason.UNKNOWN_QUANTITY);
              assertThat(e.getMessage()).hasSizeLessThan(300);
            });
  }

  // --- UNSUPPORTED_UNIT

  @Test
  void shouldRejectUnitThatDoesNotFitQuantity() {
    ObjectNode p = validJson();
    p.putObject("values").putObject("pm2_5").put("value", 12).put("unit", "ppb");

    assertRejected(
        () -> decodeJson(p), RejectReason.UNSUPPORTED_UNIT, "values[\"pm2_5\"].unit", "\"ppb\"");
  }

  // --- OUT_OF_RANGE

  @Test
  void shouldRejectNumberThatOverflowsDoubleAsOutOfRange() {
    String text = "{\"seq\":1,\"time\":1764057600000,\"values\":{\"pm2_5\":1e999}}";

    assertRejected(
        () -> decoder.decode(JSON_TOPIC, utf8(text), GATEWAY, RECEIVED_AT),
        RejectReason.OUT_OF_RANGE,
        "pm2_5");
  }

  @Test
  void shouldRejectLatitudeOffTheGlobeAsOutOfRange() {
    ObjectNode p = validJson();
    p.putObject("location").put("latitude", 95).put("longitude", 4);

    assertRejected(() -> decodeJson(p), RejectReason.OUT_OF_RANGE, "latitude");
  }

  @Test
  void shouldLeavePlausibilityToTheValidator() {
    ObjectNode p = validJson();
    p.putObject("values").put("pm2_5", -3.0);

    assertThat(decodeJson(p).get(0).values().get(Quantity.PM2_5)).isEqualTo(-3.0);
  }

  @Test
  void shouldDecodeAParsedPayloadExactlyLikeItsBytes() {
    byte[] payload = TestPayloads.bytes(validJson());

    assertThat(decoder.decodeParsed(JSON_TOPIC, decoder.parse(payload), GATEWAY, RECEIVED_AT))
        .isEqualTo(decoder.decode(JSON_TOPIC, payload, GATEWAY, RECEIVED_AT));
  }

  @Test
  void shouldRejectAPayloadThatIsNotUtf8JsonWhenParsingIt() {
    assertThatThrownBy(() -> decoder.parse(utf8("{\"seq\":")))
        .isInstanceOfSatisfying(
            CodecException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED_PAYLOAD));
  }
}
