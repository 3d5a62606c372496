package dev.airtrace.core.integrity;

import static dev.airtrace.core.integrity.TestReadings.aReading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.Correction;
import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.codec.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeafEncodingTest {

  @Test
  void shouldWriteTheDocumentedBytesForAPmReading() {
    Reading r = aReading().build();

    assertThat(text(LeafEncoding.encode(r)))
        .isEqualTo(
            "{\"deviceId\":\"dev-1\",\"eventTime\":1764057600000,\"gatewayId\":\"gw-1\","
                + "\"sequence\":42,\"siteId\":\"site-a\",\"v\":1,"
                + "\"values\":{\"pm2_5\":{\"unit\":\"ug/m3\",\"value\":\"12.3\"}}}");
  }

  @Test
  void shouldSortValuesAndLocationKeysByCodeUnits() {
    Reading r =
        aReading()
            .with(Quantity.PM10, 20)
            .with(Quantity.TEMPERATURE, -3.5)
            .with(Quantity.RELATIVE_HUMIDITY, 55.0)
            .at(52.1, 4.3, 12.0)
            .build();

    assertThat(text(LeafEncoding.encode(r)))
        .isEqualTo(
            "{\"deviceId\":\"dev-1\",\"eventTime\":1764057600000,\"gatewayId\":\"gw-1\","
                + "\"location\":{\"altitude\":\"12\",\"latitude\":\"52.1\",\"longitude\":\"4.3\"},"
                + "\"sequence\":42,\"siteId\":\"site-a\",\"v\":1,\"values\":{"
                + "\"pm10\":{\"unit\":\"ug/m3\",\"value\":\"20\"},"
                + "\"pm2_5\":{\"unit\":\"ug/m3\",\"value\":\"12.3\"},"
                + "\"relative_humidity\":{\"unit\":\"%RH\",\"value\":\"55\"},"
                + "\"temperature\":{\"unit\":\"Cel\",\"value\":\"-3.5\"}}}");
  }

  @Test
  void shouldGiveARedeliveredReadingTheSameLeaf() {
    Reading first = aReading().receivedAt(1_000).build();
    Reading redelivered = aReading().receivedAt(9_000).build();

    assertThat(LeafEncoding.encode(redelivered)).isEqualTo(LeafEncoding.encode(first));
  }

  @Test
  void shouldGiveADifferentLeafWhenAnotherGatewayVouchesForTheReading() {
    assertThat(LeafEncoding.encode(aReading().gateway("gw-2").build()))
        .isNotEqualTo(LeafEncoding.encode(aReading().build()));
  }

  @Test
  void shouldRejectASequenceThatRfc8785CannotCarry() {
    Reading r = aReading().sequence(Jcs.MAX_SAFE_INTEGER + 1).build();

    assertThatThrownBy(() -> LeafEncoding.encode(r))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sequence");
  }

  @ParameterizedTest
  @CsvSource({
    "12.3, 12.3",
    "0.0, 0",
    "-0.0, 0",
    "100.0, 100",
    "-3.5, -3.5",
    "1.0E-7, 0.0000001",
    "1.5E-10, 0.00000000015",
    "1.0E21, 1000000000000000000000",
    "1.234E22, 12340000000000000000000",
    "0.30000000000000004, 0.30000000000000004",
    // JDK 17's Double.toString prints 1.9999999999999998E23 and 9.999999999999999E22 for these
    // (JDK-4511638, fixed in 19); a leaf must not depend on the consumer's JDK.
    "2.0E23, 200000000000000000000000",
    "1.0E23, 100000000000000000000000"
  })
  void shouldWriteTheShortestPlainDecimal(double value, String expected) {
    assertThat(LeafEncoding.decimal(value)).isEqualTo(expected);
  }

  @Test
  void shouldSpellOutTheSmallestDoubleWithoutAnExponent() {
    assertThat(LeafEncoding.decimal(Double.MIN_VALUE)).isEqualTo("0." + "0".repeat(323) + "5");
  }

  @Test
  void shouldRejectNonFiniteMeasurements() {
    assertThatThrownBy(() -> LeafEncoding.decimal(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 2_000)
  void shouldWriteADecimalThatReadsBackAsTheSameDouble(@ForAll("measurements") double v) {
    String d = LeafEncoding.decimal(v);

    assertThat(Double.parseDouble(d)).isEqualTo(v == 0 ? 0.0 : v);
    assertThat(d).matches("-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?");
    // Never longer than the formula the brief names (Double.toString, stripped): shortest.
    String viaJdk = new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    assertThat(significantDigits(d)).isLessThanOrEqualTo(significantDigits(viaJdk));
  }

  @Property(tries = 5_000)
  void shouldPrintTheSameDigitsOnTheFastPathAsTheEcmaScriptPrinter(
      @ForAll("measurements") double v) {
    assertThat(LeafEncoding.decimal(v)).isEqualTo(LeafEncoding.decimalViaEcmaScript(v));
  }

  @Property(tries = 300)
  void shouldEqualRfc8785OfTheDocumentedRecord(@ForAll("readings") Reading r) {
    assertThat(text(LeafEncoding.encode(r))).isEqualTo(text(Jcs.canonicalize(record(r))));
  }

  @Property(tries = 100)
  void shouldHashExactlyTheEncodedBytesAsAnRfc6962Leaf(@ForAll("readings") Reading r) {
    assertThat(LeafEncoding.leafHash(r)).isEqualTo(MerkleTree.leafHash(LeafEncoding.encode(r)));
  }

  @Provide
  Arbitrary<Reading> readings() {
    return IntegrityArbitraries.readingsWithCorrections();
  }

  @Property(tries = 200)
  void shouldKeepTheVersion1BytesOfEveryReadingWithoutCorrections(
      @ForAll("plainReadings") Reading r) {
    assertThat(text(LeafEncoding.encode(r))).contains("\"v\":1,").doesNotContain("corrections");
  }

  @Provide
  Arbitrary<Reading> plainReadings() {
    return IntegrityArbitraries.readings();
  }

  @Test
  void shouldWriteTheDocumentedVersion2BytesForACorrectedReading() {
    Reading r =
        aReading()
            .with(Quantity.PM2_5_CF1_A, 20.5)
            .with(Quantity.PM2_5_CF1_B, 19.5)
            .with(Quantity.RELATIVE_HUMIDITY, 50)
            .build()
            .withCorrection(
                Quantity.PM2_5,
                11.92,
                new Correction(
                    Correction.EPA_BARKJOHN_2022,
                    CorrectionStatus.APPLIED,
                    Map.of(
                        Quantity.PM2_5_CF1_A, 20.5,
                        Quantity.PM2_5_CF1_B, 19.5,
                        Quantity.RELATIVE_HUMIDITY, 50.0)));

    assertThat(text(LeafEncoding.encode(r)))
        .isEqualTo(
            "{\"corrections\":{\"pm2_5\":{\"inputs\":{"
                + "\"pm2_5_cf1_a\":{\"unit\":\"ug/m3\",\"value\":\"20.5\"},"
                + "\"pm2_5_cf1_b\":{\"unit\":\"ug/m3\",\"value\":\"19.5\"},"
                + "\"relative_humidity\":{\"unit\":\"%RH\",\"value\":\"50\"}},"
                + "\"method\":\"epa-barkjohn-2022\",\"status\":\"applied\"}},"
                + "\"deviceId\":\"dev-1\",\"eventTime\":1764057600000,\"gatewayId\":\"gw-1\","
                + "\"sequence\":42,\"siteId\":\"site-a\",\"v\":2,\"values\":{"
                + "\"pm2_5\":{\"unit\":\"ug/m3\",\"value\":\"11.92\"},"
                + "\"pm2_5_cf1_a\":{\"unit\":\"ug/m3\",\"value\":\"20.5\"},"
                + "\"pm2_5_cf1_b\":{\"unit\":\"ug/m3\",\"value\":\"19.5\"},"
                + "\"relative_humidity\":{\"unit\":\"%RH\",\"value\":\"50\"}}}");
  }

  @Test
  void shouldGiveTheCorrectionItsOwnLeaf() {
    Reading raw = aReading().with(Quantity.PM2_5_CF1_A, 30).with(Quantity.PM2_5_CF1_B, 90).build();
    Reading flagged =
        raw.withCorrection(
            Quantity.PM2_5,
            12.3,
            new Correction(
                Correction.EPA_BARKJOHN_2022,
                CorrectionStatus.CHANNELS_DISAGREE,
                Map.of(Quantity.PM2_5_CF1_A, 30.0, Quantity.PM2_5_CF1_B, 90.0)));

    assertThat(LeafEncoding.encode(flagged)).isNotEqualTo(LeafEncoding.encode(raw));
  }

  @Provide
  Arbitrary<Double> measurements() {
    return IntegrityArbitraries.measurements();
  }

  /** The record built the slow, general way: a Jackson tree, then the JCS library. */
  private static ObjectNode record(Reading r) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("v", r.corrections().isEmpty() ? 1 : 2);
    if (!r.corrections().isEmpty()) {
      ObjectNode cs = o.putObject("corrections");
      r.corrections()
          .forEach(
              (q, c) -> {
                ObjectNode m = cs.putObject(q.code());
                m.put("method", c.method());
                m.put("status", c.status().code());
                ObjectNode in = m.putObject("inputs");
                c.inputs()
                    .forEach(
                        (iq, v) -> {
                          ObjectNode i = in.putObject(iq.code());
                          i.put("value", LeafEncoding.decimal(v));
                          i.put("unit", iq.unit().symbol());
                        });
              });
    }
    o.put("deviceId", r.deviceId().value());
    o.put("siteId", r.siteId().value());
    o.put("eventTime", r.eventTime());
    o.put("sequence", r.sequence());
    o.put("gatewayId", r.gatewayId().value());
    ObjectNode values = o.putObject("values");
    r.values()
        .forEach(
            (q, v) -> {
              ObjectNode m = values.putObject(q.code());
              m.put("value", LeafEncoding.decimal(v));
              m.put("unit", q.unit().symbol());
            });
    r.optionalLocation()
        .ifPresent(
            l -> {
              ObjectNode loc = o.putObject("location");
              loc.put("latitude", LeafEncoding.decimal(l.latitude()));
              loc.put("longitude", LeafEncoding.decimal(l.longitude()));
              if (l.altitude() != null) {
                loc.put("altitude", LeafEncoding.decimal(l.altitude()));
              }
            });
    return o;
  }

  private static int significantDigits(String plain) {
    return new BigDecimal(plain).stripTrailingZeros().precision();
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
