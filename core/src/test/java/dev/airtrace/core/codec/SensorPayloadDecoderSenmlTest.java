package dev.airtrace.core.codec;

import static dev.airtrace.core.codec.TestPayloads.EVENT_TIME;
import static dev.airtrace.core.codec.TestPayloads.GATEWAY;
import static dev.airtrace.core.codec.TestPayloads.RECEIVED_AT;
import static dev.airtrace.core.codec.TestPayloads.SENML_TOPIC;
import static dev.airtrace.core.codec.TestPayloads.decodeSenml;
import static dev.airtrace.core.codec.TestPayloads.senmlRecord;
import static dev.airtrace.core.codec.TestPayloads.utf8;
import static dev.airtrace.core.codec.TestPayloads.validSenml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.deadletter.RejectReason;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SensorPayloadDecoderSenmlTest {
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

  private List<Reading> decode(String text) {
    return decoder.decode(SENML_TOPIC, utf8(text), GATEWAY, RECEIVED_AT);
  }

  @Test
  void shouldDecodeUrnBaseNameWithBaseTimeAndUnits() {
    List<Reading> readings =
        decode(
            """
            [{"bn":"urn:dev:ow:10e2073a01080063:","bt":1.764057600e9,"bu":"Cel","n":"seq","v":7},
             {"n":"temp","v":23.1},
             {"n":"humidity","u":"%RH","v":41},
             {"n":"pressure","u":"Pa","v":101325},
             {"n":"pm2.5","u":"ug/m3","v":12.5},
             {"n":"co","u":"ppb","v":400}]
            """);

    assertThat(readings).hasSize(1);
    Reading r = readings.get(0);
    assertThat(r.sequence()).isEqualTo(7);
    assertThat(r.eventTime()).isEqualTo(EVENT_TIME);
    assertThat(r.deviceId()).isEqualTo(TestPayloads.DEVICE);
    assertThat(r.values().get(Quantity.TEMPERATURE)).isEqualTo(23.1);
    assertThat(r.values().get(Quantity.RELATIVE_HUMIDITY)).isEqualTo(41.0);
    assertThat(r.values().get(Quantity.PRESSURE)).isCloseTo(1013.25, within(1e-9));
    assertThat(r.values().get(Quantity.PM2_5)).isEqualTo(12.5);
    assertThat(r.values().get(Quantity.CO)).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void shouldDecodeExampleFromMqttDoc() {
    List<Reading> readings =
        decode(
            """
            [
              {"bn": "urn:dev:mac:0024befffe804ff1:", "bt": 1795593600, "n": "seq", "v": 43},
              {"n": "pm2.5", "u": "ug/m3", "v": 13.0},
              {"n": "temp", "u": "Cel", "v": 21.5},
              {"n": "lat", "u": "lat", "v": 52.1},
              {"n": "lon", "u": "lon", "v": 4.3},
              {"n": "seq", "v": 42, "t": -60},
              {"n": "pm2.5", "u": "ug/m3", "v": 12.0, "t": -60}
            ]
            """);

    assertThat(readings).extracting(Reading::sequence).containsExactly(42L, 43L);
    assertThat(readings)
        .extracting(Reading::eventTime)
        .containsExactly(1_795_593_540_000L, 1_795_593_600_000L);
    assertThat(readings.get(0).values()).containsExactly(Map.entry(Quantity.PM2_5, 12.0));
    assertThat(readings.get(0).location()).isNull();
    assertThat(readings.get(1).values())
        .containsExactly(Map.entry(Quantity.PM2_5, 13.0), Map.entry(Quantity.TEMPERATURE, 21.5));
    assertThat(readings.get(1).location()).isEqualTo(new Location(52.1, 4.3, null));
  }

  @Test
  void shouldSplitPackWithSeveralTimesIntoReadingsInTimeOrder() {
    List<Reading> readings =
        decode(
            """
            [{"bn":"dev-001/","bt":1764057660,"n":"seq","v":43,"t":0},
             {"n":"pm2_5","v":13.0},
             {"n":"seq","v":42,"t":-60},
             {"n":"pm2_5","v":12.0,"t":-60},
             {"n":"temperature","u":"K","v":293.15,"t":-60}]
            """);

    assertThat(readings).extracting(Reading::sequence).containsExactly(42L, 43L);
    assertThat(readings)
        .extracting(Reading::eventTime)
        .containsExactly(EVENT_TIME, EVENT_TIME + 60_000);
    assertThat(readings.get(0).values()).containsOnlyKeys(Quantity.PM2_5, Quantity.TEMPERATURE);
    assertThat(readings.get(0).values().get(Quantity.TEMPERATURE)).isCloseTo(20.0, within(1e-9));
    assertThat(readings.get(1).values()).containsOnlyKeys(Quantity.PM2_5);
  }

  @Test
  void shouldConvertFractionalSecondsToMillis() {
    List<Reading> readings =
        decode(
            "[{\"bt\":1764057600.25,\"n\":\"seq\",\"v\":1,\"t\":0.5},"
                + "{\"n\":\"pm10\",\"v\":5,\"t\":0.5}]");

    assertThat(readings).singleElement().extracting(Reading::eventTime).isEqualTo(EVENT_TIME + 750);
  }

  @Test
  void shouldResolveRelativeTimesAgainstReceiveTime() {
    List<Reading> readings =
        decode("[{\"n\":\"seq\",\"v\":1,\"t\":-5.5},{\"n\":\"pm10\",\"v\":5,\"t\":-5.5}]");

    assertThat(readings.get(0).eventTime()).isEqualTo(RECEIVED_AT - 5_500);
  }

  @Test
  void shouldTreatMissingTimeAsNow() {
    List<Reading> readings = decode("[{\"n\":\"seq\",\"v\":1},{\"n\":\"pm10\",\"v\":5}]");

    assertThat(readings.get(0).eventTime()).isEqualTo(RECEIVED_AT);
  }

  @Test
  void shouldApplyBaseValueAndBaseUnit() {
    List<Reading> readings =
        decode(
            """
            [{"bn":"dev-001/","bt":1764057600,"n":"seq","v":1},
             {"bu":"K","bv":273.15,"n":"temperature","v":21.5}]
            """);

    assertThat(readings.get(0).values().get(Quantity.TEMPERATURE)).isCloseTo(21.5, within(1e-9));
  }

  @Test
  void shouldDecodeLocationRecords() {
    ArrayNode p = validSenml();
    p.add(senmlRecord("lat", "lat", 52.1));
    p.add(senmlRecord("lon", "lon", 4.3));
    p.add(senmlRecord("alt", "m", 2.0));

    assertThat(decodeSenml(p).get(0).location()).isEqualTo(new Location(52.1, 4.3, 2.0));
  }

  @Test
  void shouldAcceptSequenceRecordNamedSequence() {
    List<Reading> readings =
        decode("[{\"bn\":\"dev-001/\",\"n\":\"sequence\",\"v\":9},{\"n\":\"pm10\",\"v\":5}]");

    assertThat(readings.get(0).sequence()).isEqualTo(9);
  }

  @Test
  void shouldIgnoreUnknownNonBaseFields() {
    ArrayNode p = validSenml();
    ((ObjectNode) p.get(1)).put("ut", 60).put("s", 100);

    assertThat(decodeSenml(p)).hasSize(1);
  }

  // --- SCHEMA_VIOLATION

  @ParameterizedTest
  @ValueSource(strings = {"{}", "[]", "[1]", "[\"seq\"]", "42"})
  void shouldRejectPackThatIsNotArrayOfRecords(String text) {
    assertRejected(() -> decode(text), RejectReason.SCHEMA_VIOLATION);
  }

  @Test
  void shouldRejectTimeGroupWithoutSeq() {
    assertRejected(
        () ->
            decode(
                "[{\"bt\":1764057600,\"n\":\"seq\",\"v\":1},{\"n\":\"pm10\",\"v\":5},"
                    + "{\"n\":\"pm10\",\"v\":6,\"t\":60}]"),
        RejectReason.SCHEMA_VIOLATION,
        "no \"seq\"",
        "2025-11-25T08:01:00Z");
  }

  @Test
  void shouldRejectTimeGroupWithSeqButNoMeasurement() {
    assertRejected(
        () -> decode("[{\"n\":\"seq\",\"v\":1}]"), RejectReason.SCHEMA_VIOLATION, "no measurement");
  }

  @Test
  void shouldRejectSameSeqAtTwoTimes() {
    assertRejected(
        () ->
            decode(
                "[{\"bt\":1764057600,\"n\":\"seq\",\"v\":1},{\"n\":\"pm10\",\"v\":5},"
                    + "{\"n\":\"seq\",\"v\":1,\"t\":60},{\"n\":\"pm10\",\"v\":6,\"t\":60}]"),
        RejectReason.SCHEMA_VIOLATION,
        "seq 1");
  }

  @Test
  void shouldRejectTwoSeqRecordsForOneTime() {
    ArrayNode p = validSenml();
    p.add(senmlRecord("seq", null, 43));

    assertRejected(() -> decodeSenml(p), RejectReason.SCHEMA_VIOLATION, "second seq");
  }

  @Test
  void shouldRejectQuantityTwiceForOneTime() {
    ArrayNode p = validSenml();
    p.add(senmlRecord("pm25", "ug/m3", 13));

    assertRejected(() -> decodeSenml(p), RejectReason.SCHEMA_VIOLATION, "pm2_5 given twice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "\"1\""})
  void shouldRejectSeqThatIsNotAnInteger(String seq) {
    assertRejected(
        () -> decode("[{\"n\":\"seq\",\"v\":" + seq + "},{\"n\":\"pm10\",\"v\":5}]"),
        RejectReason.SCHEMA_VIOLATION,
        "seq");
  }

  @Test
  void shouldRejectMeasurementWithStringValue() {
    assertRejected(
        () -> decode("[{\"n\":\"seq\",\"v\":1},{\"n\":\"pm10\",\"vs\":\"5\"}]"),
        RejectReason.SCHEMA_VIOLATION,
        "no numeric value");
  }

  @Test
  void shouldRejectMustUnderstandField() {
    assertRejected(
        () -> decode("[{\"n\":\"seq\",\"v\":1,\"rt_\":3},{\"n\":\"pm10\",\"v\":5}]"),
        RejectReason.SCHEMA_VIOLATION,
        "\"rt_\"");
  }

  @Test
  void shouldRejectNewerSenmlVersion() {
    assertRejected(
        () -> decode("[{\"bver\":11,\"n\":\"seq\",\"v\":1},{\"n\":\"pm10\",\"v\":5}]"),
        RejectReason.SCHEMA_VIOLATION,
        "version 11");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\"bn\":\"-dev/\"", "\"bn\":\"dev 1/\"", "\"bn\":\"dev-001/\",\"n\":\"\""})
  void shouldRejectInvalidOrEmptyName(String fields) {
    assertRejected(
        () -> decode("[{" + fields + ",\"v\":1}]"), RejectReason.SCHEMA_VIOLATION, "name");
  }

  @Test
  void shouldRejectLatitudeWithoutLongitude() {
    ArrayNode p = validSenml();
    p.add(senmlRecord("lat", "lat", 52.1));

    assertRejected(() -> decodeSenml(p), RejectReason.SCHEMA_VIOLATION, "lat and lon");
  }

  @Test
  void shouldRejectImplausiblyDistantTime() {
    assertRejected(
        () -> decode("[{\"bt\":1e15,\"n\":\"seq\",\"v\":1},{\"n\":\"pm10\",\"v\":5}]"),
        RejectReason.SCHEMA_VIOLATION,
        "time");
  }

  // --- UNKNOWN_QUANTITY, UNSUPPORTED_UNIT, OUT_OF_RANGE

  @Test
  void shouldRejectUnknownQuantity() {
    assertRejected(
        () -> decode("[{\"bn\":\"dev-001/\",\"n\":\"seq\",\"v\":1},{\"n\":\"battery\",\"v\":3.7}]"),
        RejectReason.UNKNOWN_QUANTITY,
        "\"battery\"");
  }

  @Test
  void shouldRejectUnitThatDoesNotFitQuantity() {
    assertRejected(
        () -> decode("[{\"n\":\"seq\",\"v\":1},{\"n\":\"pm10\",\"u\":\"Cel\",\"v\":5}]"),
        RejectReason.UNSUPPORTED_UNIT,
        "\"Cel\"",
        "pm10");
  }

  @Test
  void shouldRejectWrongUnitOnLocationRecord() {
    ArrayNode p = validSenml();
    p.add(senmlRecord("lat", "rad", 0.9));
    p.add(senmlRecord("lon", "lon", 4.3));

    assertRejected(() -> decodeSenml(p), RejectReason.UNSUPPORTED_UNIT, "\"rad\"");
  }

  @Test
  void shouldRejectInfiniteValueAsOutOfRange() {
    assertRejected(
        () -> decode("[{\"n\":\"seq\",\"v\":1},{\"n\":\"pm10\",\"v\":-1e999}]"),
        RejectReason.OUT_OF_RANGE);
  }

  @Test
  void shouldRejectInfiniteTimeAsOutOfRange() {
    assertRejected(
        () -> decode("[{\"bt\":1e999,\"n\":\"seq\",\"v\":1},{\"n\":\"pm10\",\"v\":5}]"),
        RejectReason.OUT_OF_RANGE);
  }

  @Test
  void shouldRejectLongitudeOffTheGlobeAsOutOfRange() {
    ArrayNode p = validSenml();
    p.add(senmlRecord("lat", "lat", 52.1));
    p.add(senmlRecord("lon", "lon", 190));

    assertRejected(() -> decodeSenml(p), RejectReason.OUT_OF_RANGE, "longitude");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "9007199254740992"})
  void shouldRejectSeqOutsideLeafRangeAsOutOfRange(String seq) {
    assertRejected(
        () -> decode("[{\"n\":\"seq\",\"v\":" + seq + "},{\"n\":\"pm10\",\"v\":5}]"),
        RejectReason.OUT_OF_RANGE,
        "seq = " + seq + " is outside [0, 2^53-1 = 9007199254740991]");
  }

  @Test
  void shouldRejectSeqFromBaseValueAboveLeafRangeAsOutOfRange() {
    // bv + v = 2^53 exactly: an integer, but one past the largest the leaf can carry.
    assertRejected(
        () ->
            decode(
                "[{\"bv\":9007199254740990,\"n\":\"seq\",\"v\":2},"
                    + "{\"n\":\"pm10\",\"v\":5,\"bv\":0}]"),
        RejectReason.OUT_OF_RANGE,
        "9007199254740992");
  }

  @Test
  void shouldRejectTimeBeyondLeafRangeAsOutOfRange() {
    // 9.1e12 s = 9.1e15 ms: below the plausibility bound of 1e13 s but above 2^53 - 1 ms.
    assertRejected(
        () -> decode("[{\"bt\":9.1e12,\"n\":\"seq\",\"v\":1},{\"n\":\"pm10\",\"v\":5}]"),
        RejectReason.OUT_OF_RANGE,
        "ms is outside +-(2^53-1)");
  }

  @Test
  void shouldRejectPackNamingTwoDevicesWithBothNamesInDetail() {
    String pack =
        "[{\"bn\":\"urn:dev:dev-001:\",\"n\":\"seq\",\"v\":1},{\"n\":\"pm10\",\"v\":5},"
            + "{\"bn\":\"urn:dev:dev-002:\",\"n\":\"pm2_5\",\"v\":7}]";

    assertRejected(
        () -> decode(pack),
        RejectReason.SCHEMA_VIOLATION,
        "more than one device",
        "\"urn:dev:dev-001:\"",
        "\"urn:dev:dev-002:\"");
  }

  @Test
  void shouldAcceptPackThatRepeatsTheSameBaseName() {
    String pack =
        "[{\"bn\":\"urn:dev:dev-001:\",\"n\":\"seq\",\"v\":1},"
            + "{\"bn\":\"urn:dev:dev-001:\",\"n\":\"pm10\",\"v\":5}]";

    assertThat(decode(pack)).hasSize(1);
  }

  @Test
  void shouldRejectPackWithMoreReadingsThanTheLimitAsTooLarge() {
    SensorPayloadDecoder limited =
        new SensorPayloadDecoder(PayloadLimits.builder().maxReadingsPerMessage(2).build());
    StringBuilder pack = new StringBuilder("[");
    for (int i = 0; i < 3; i++) {
      pack.append(i == 0 ? "" : ",")
          .append("{\"n\":\"seq\",\"v\":")
          .append(i)
          .append(",\"t\":")
          .append(-i)
          .append("},{\"n\":\"pm10\",\"v\":5,\"t\":")
          .append(-i)
          .append('}');
    }
    byte[] payload = utf8(pack.append(']').toString());

    assertThat(
            limited.decode(
                SENML_TOPIC,
                utf8("[{\"n\":\"seq\",\"v\":0},{\"n\":\"pm10\",\"v\":5}]"),
                GATEWAY,
                RECEIVED_AT))
        .hasSize(1);
    assertRejected(
        () -> limited.decode(SENML_TOPIC, payload, GATEWAY, RECEIVED_AT),
        RejectReason.PAYLOAD_TOO_LARGE,
        "more than 2 readings");
  }
}
