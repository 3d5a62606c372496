package dev.airtrace.topics.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.AnomalyMark;
import dev.airtrace.core.Correction;
import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.codec.CodecException;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.integrity.BatchRef;
import dev.airtrace.quality.QcFlag;
import dev.airtrace.quality.QcTest;
import dev.airtrace.topics.DomainArbitraries;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadingJsonTest {
  private static Reading aReading() {
    return new Reading(
        new DeviceId("dev-001"),
        new SiteId("site-a"),
        1_764_057_600_000L,
        42,
        Map.of(Quantity.PM2_5, 12.3, Quantity.TEMPERATURE, 21.5),
        new Location(52.1, 4.3, 2.0),
        new GatewayId("gw-1"),
        1_764_057_600_123L);
  }

  private static Reading aCorrectedReading() {
    return aReading()
        .withCorrection(
            Quantity.PM2_5,
            11.92,
            new Correction(
                Correction.EPA_BARKJOHN_2022,
                CorrectionStatus.APPLIED,
                Map.of(Quantity.PM2_5_CF1_A, 20.5, Quantity.RELATIVE_HUMIDITY, 50.0)));
  }

  @Test
  void shouldRoundTripTheCorrectionApplied() throws Exception {
    Reading corrected = aCorrectedReading();
    byte[] bytes = ReadingJson.encode(corrected);
    JsonNode json = Json.mapper().readTree(bytes);

    assertThat(json.at("/corrections/pm2_5/method").textValue()).isEqualTo("epa-barkjohn-2022");
    assertThat(json.at("/corrections/pm2_5/status").textValue()).isEqualTo("applied");
    assertThat(json.at("/corrections/pm2_5/inputs/pm2_5_cf1_a/unit").textValue())
        .isEqualTo("ug/m3");
    assertThat(ReadingJson.decode(bytes)).isEqualTo(corrected);
  }

  @Test
  void shouldOmitCorrectionsAndAnomaliesWhenThereAreNone() throws Exception {
    JsonNode json = Json.mapper().readTree(ReadingJson.encode(aReading(), null, List.of()));

    assertThat(json.has("corrections")).isFalse();
    assertThat(json.has("anomalies")).isFalse();
  }

  @Test
  void shouldWriteAnomalyMarksBesideTheReadingAndReadThemBack() {
    AnomalyMark mark = new AnomalyMark(Quantity.PM2_5, 4.2, 0.9991, "anomaly-ae@3");
    byte[] bytes = ReadingJson.encode(aCorrectedReading(), new BatchRef(3, 0), List.of(mark));

    assertThat(ReadingJson.anomalies(bytes)).containsExactly(mark);
    assertThat(ReadingJson.decode(bytes)).isEqualTo(aCorrectedReading());
    assertThat(ReadingJson.anomalies(ReadingJson.encode(aReading()))).isEmpty();
  }

  @Test
  void shouldWriteQcFlagsBesideTheReadingAndReadThemBack() throws Exception {
    QcMark fail =
        new QcMark(
            Quantity.PM2_5,
            QcFlag.FAIL,
            Map.of(QcTest.FLAT_LINE, QcFlag.FAIL, QcTest.RATE_OF_CHANGE, QcFlag.SUSPECT),
            QcFlag.SUSPECT);
    QcMark pass = QcMark.of(Quantity.TEMPERATURE, QcFlag.PASS);
    AcceptedReading accepted =
        new AcceptedReading(aReading(), new BatchRef(3, 0), List.of(), List.of(fail, pass));
    byte[] bytes = ReadingJson.encode(accepted);
    JsonNode json = Json.mapper().readTree(bytes);

    assertThat(json.at("/qc/pm2_5/flag").intValue()).isEqualTo(4);
    assertThat(json.at("/qc/pm2_5/tests/flat_line").intValue()).isEqualTo(4);
    assertThat(json.at("/qc/pm2_5/tests/rate_of_change").intValue()).isEqualTo(3);
    assertThat(json.at("/qc/pm2_5/previousSpike").intValue()).isEqualTo(3);
    assertThat(json.at("/qc/temperature").toString()).isEqualTo("{\"flag\":1}");
    AcceptedReading decoded = ReadingJson.decodeAccepted(bytes);
    assertThat(decoded).isEqualTo(accepted);
    assertThat(decoded.failedQc(Quantity.PM2_5)).isTrue();
    assertThat(decoded.failedQc(Quantity.TEMPERATURE)).isFalse();
  }

  @Test
  void shouldDecodeARecordWithoutQcAsNotEvaluated() {
    AcceptedReading old = ReadingJson.decodeAccepted(ReadingJson.encode(aReading()));

    assertThat(old.qc()).isEmpty();
    assertThat(old.qc(Quantity.PM2_5)).isEmpty();
    assertThat(old.failedQc(Quantity.PM2_5)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"pm2_5\":{\"flag\":5}}",
        "{\"pm2_5\":{\"flag\":4,\"tests\":{\"flat_line\":1}}}",
        "{\"pm2_5\":{\"flag\":4,\"tests\":{\"bogus\":4}}}",
        "{\"pm2_5\":{\"flag\":4,\"previousSpike\":1}}",
        "{\"radon\":{\"flag\":1}}",
        "{\"pm2_5\":{}}",
        "[]"
      })
  void shouldRejectMalformedQcAsUndecodable(String qc) {
    String json =
        new String(ReadingJson.encode(aReading()), java.nio.charset.StandardCharsets.UTF_8);
    byte[] bad =
        (json.substring(0, json.length() - 1) + ",\"qc\":" + qc + "}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ReadingJson.decodeAccepted(bad))
        .isInstanceOf(CodecException.class)
        .extracting(e -> ((CodecException) e).reason())
        .isEqualTo(RejectReason.UNDECODABLE_RECORD);
  }

  @Test
  void shouldRefuseAQcMarkForAValueTheReadingDoesNotHave() {
    QcMark mark = QcMark.of(Quantity.NO2, QcFlag.PASS);

    assertThatThrownBy(() -> ReadingJson.encode(aReading(), null, List.of(), List.of(mark)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no2");
  }

  @Test
  void shouldRefuseAnAnomalyMarkForAValueTheReadingDoesNotHave() {
    AnomalyMark mark = new AnomalyMark(Quantity.NO2, 4.2, 0.9991, "anomaly-ae@3");

    assertThatThrownBy(() -> ReadingJson.encode(aReading(), null, List.of(mark)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no2");
  }

  @Test
  void shouldRejectAnUnknownCorrectionStatus() {
    String json =
        new String(ReadingJson.encode(aCorrectedReading()), java.nio.charset.StandardCharsets.UTF_8)
            .replace("\"applied\"", "\"perhaps\"");

    assertThatThrownBy(
            () -> ReadingJson.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("perhaps");
  }

  @Test
  void shouldWriteDocumentedShapeWithUnitPerValue() throws Exception {
    JsonNode json = Json.mapper().readTree(ReadingJson.encode(aReading()));

    assertThat(json.get("deviceId").textValue()).isEqualTo("dev-001");
    assertThat(json.get("sequence").longValue()).isEqualTo(42);
    assertThat(json.at("/values/pm2_5/unit").textValue()).isEqualTo("ug/m3");
    assertThat(json.at("/values/temperature/unit").textValue()).isEqualTo("Cel");
    assertThat(json.at("/location/altitude").doubleValue()).isEqualTo(2.0);
  }

  @Test
  void shouldRejectValueInNonCanonicalUnit() throws Exception {
    ObjectNode json = (ObjectNode) Json.mapper().readTree(ReadingJson.encode(aReading()));
    ((ObjectNode) json.at("/values/pm2_5")).put("unit", "mg/m3");

    assertThatThrownBy(() -> ReadingJson.decode(DomainArbitraries.bytes(json)))
        .isInstanceOfSatisfying(
            CodecException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RejectReason.UNDECODABLE_RECORD);
              assertThat(e.getMessage()).contains("pm2_5", "mg/m3");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"2\"", "true", "[]"})
  void shouldRejectNonNumericAltitude(String altitude) throws Exception {
    ObjectNode json = (ObjectNode) Json.mapper().readTree(ReadingJson.encode(aReading()));
    ((ObjectNode) json.get("location")).set("altitude", Json.mapper().readTree(altitude));

    assertThatThrownBy(() -> ReadingJson.decode(DomainArbitraries.bytes(json)))
        .isInstanceOfSatisfying(
            CodecException.class, e -> assertThat(e.getMessage()).contains("altitude"));
  }

  @Property
  void shouldRoundTripAnyReading(@ForAll("readings") Reading r) {
    assertThat(ReadingJson.decode(ReadingJson.encode(r))).isEqualTo(r);
  }

  @Property
  void shouldClassifyAnyBytesAsUndecodable(@ForAll @Size(max = 300) byte[] bytes) {
    try {
      ReadingJson.decode(bytes);
    } catch (CodecException e) {
      assertThat(e.reason()).isEqualTo(RejectReason.UNDECODABLE_RECORD);
    }
  }

  @Provide
  Arbitrary<Reading> readings() {
    return DomainArbitraries.readings();
  }

  @Test
  void shouldWriteBatchRefAndReadItBackWithoutChangingTheReading() throws Exception {
    byte[] json = ReadingJson.encode(aReading(), new BatchRef(17, 3));

    assertThat(Json.mapper().readTree(json).get("batch").toString())
        .isEqualTo("{\"seq\":17,\"index\":3}");
    assertThat(ReadingJson.batchRef(json)).contains(new BatchRef(17, 3));
    assertThat(ReadingJson.decode(json)).isEqualTo(aReading());
  }

  @Test
  void shouldHaveNoBatchRefWhenEncodedWithoutOne() {
    byte[] json = ReadingJson.encode(aReading());

    assertThat(ReadingJson.batchRef(json)).isEmpty();
    assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("batch");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\"x\"", "{\"seq\":1}", "{\"seq\":-1,\"index\":0}", "{\"seq\":1.5,\"index\":0}"})
  void shouldRejectMalformedBatchRef(String batch) throws Exception {
    ObjectNode json = (ObjectNode) Json.mapper().readTree(ReadingJson.encode(aReading()));
    json.set("batch", Json.mapper().readTree(batch));
    byte[] bytes = Json.mapper().writeValueAsBytes(json);

    assertThatThrownBy(() -> ReadingJson.batchRef(bytes))
        .isInstanceOf(CodecException.class)
        .extracting(e -> ((CodecException) e).reason())
        .isEqualTo(RejectReason.UNDECODABLE_RECORD);
  }
}
