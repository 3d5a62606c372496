package dev.airtrace.sink.influx;

import static dev.airtrace.sink.influx.SampleRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.codec.Json;
import dev.airtrace.topics.processor.SensorQuality;
import dev.airtrace.topics.processor.SensorQualityJson;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonPointMapperTest {
  private static final JsonPointMapper DEVICE_1M =
      new JsonPointMapper(InfluxSinkConfig.airtracePreset().get(InfluxSinkConfig.TOPIC_DEVICE_1M));
  private static final JsonPointMapper SITE_HOURLY =
      new JsonPointMapper(
          InfluxSinkConfig.airtracePreset().get(InfluxSinkConfig.TOPIC_SITE_HOURLY));
  private static final JsonPointMapper SENSOR_QUALITY =
      new JsonPointMapper(
          InfluxSinkConfig.airtracePreset().get(InfluxSinkConfig.TOPIC_SENSOR_QUALITY));
  private static final JsonPointMapper SITE_AQI =
      new JsonPointMapper(InfluxSinkConfig.airtracePreset().get(InfluxSinkConfig.TOPIC_SITE_AQI));

  private static final JsonPointMapper READINGS =
      new JsonPointMapper(InfluxSinkConfig.airtracePreset().get(InfluxSinkConfig.TOPIC_READINGS));

  private static List<String> lines(JsonPointMapper mapper, ObjectNode record) throws Exception {
    return mapper.map(record).stream().map(LineProtocol::encode).toList();
  }

  @Test
  void shouldExplodeQuantitiesIntoOnePointEachWithQuantityAndUnitTags() throws Exception {
    ObjectNode record = SampleRecords.aggregate("d1", T0);
    SampleRecords.withQuantity(record, "temperature", "degC", 6, 20.5, 21.0, 20.75, 21.0);

    assertThat(lines(DEVICE_1M, record))
        .containsExactly(
            "device_1m,deviceId=d1,gatewayId=gw1,quantity=pm2_5,siteId=s1,unit=ug/m3"
                + " count=6.0,last=2.5,max=3.0,mean=2.0,min=1.0 1764057600000",
            "device_1m,deviceId=d1,gatewayId=gw1,quantity=temperature,siteId=s1,unit=degC"
                + " count=6.0,last=21.0,max=21.0,mean=20.75,min=20.5 1764057600000");
  }

  @Test
  void shouldWriteOneReadingPointPerValueWithItsQcFlagsAsIntegersAndItsAnomalyMark()
      throws Exception {
    ObjectNode record =
        (ObjectNode) SampleRecords.JSON.readTree(SampleRecords.reading("d1", T0, 35.0));

    assertThat(lines(READINGS, record))
        .containsExactlyInAnyOrder(
            "reading,deviceId=d1,gatewayId=gw1,quantity=pm2_5,siteId=s1,unit=ug/m3"
                + " anomalies_likelihood=0.999,anomalies_rawScore=4.5,qc_flag=4i,"
                + "qc_previousSpike=3i,qc_tests_flat_line=4i,value=35.0 1764057600000",
            "reading,deviceId=d1,gatewayId=gw1,quantity=temperature,siteId=s1,unit=Cel"
                + " qc_flag=1i,value=21.5 1764057600000");
  }

  @Test
  void shouldWriteAReadingWithoutQcAsValuesOnly() throws Exception {
    ObjectNode record =
        (ObjectNode) SampleRecords.JSON.readTree(SampleRecords.reading("d1", T0, 35.0));
    record.remove("qc");
    record.remove("anomalies");

    assertThat(lines(READINGS, record))
        .containsExactlyInAnyOrder(
            "reading,deviceId=d1,gatewayId=gw1,quantity=pm2_5,siteId=s1,unit=ug/m3"
                + " value=35.0 1764057600000",
            "reading,deviceId=d1,gatewayId=gw1,quantity=temperature,siteId=s1,unit=Cel"
                + " value=21.5 1764057600000");
  }

  @Test
  void shouldRefuseAFractionInAFieldMappedAsInteger() throws Exception {
    ObjectNode record =
        (ObjectNode) SampleRecords.JSON.readTree(SampleRecords.reading("d1", T0, 35.0));
    ((ObjectNode) record.get("qc").get("pm2_5")).put("flag", 3.5);

    assertThatThrownBy(() -> READINGS.map(record))
        .isInstanceOf(ConversionException.class)
        .hasMessage("field 'qc_flag' is mapped as an integer but is 3.5");
  }

  @Test
  void shouldMapASensorQualityScoreToOnePointTaggedByDeviceSiteAndQuantity() throws Exception {
    SensorQuality q =
        new SensorQuality(
            new DeviceId("d4"),
            new SiteId("s1"),
            Quantity.PM2_5,
            T0 - 86_400_000L,
            T0,
            8,
            8,
            0,
            2,
            0,
            1.5,
            75.0);
    ObjectNode record = (ObjectNode) Json.mapper().readTree(SensorQualityJson.encode(q));

    assertThat(lines(SENSOR_QUALITY, record))
        .containsExactly(
            "sensor_quality,deviceId=d4,quantity=pm2_5,siteId=s1"
                + " anomalies=0.0,anomalyRate=0.0,completeness=1.0,expected=8.0,fail=2.0,"
                + "failShare=0.25,neighbourDeviation=1.5,received=8.0,score=75.0,suspect=0.0,"
                + "suspectShare=0.0 1764057600000");
  }

  @Test
  void shouldMapSiteHourlyWithoutDeviceTags() throws Exception {
    assertThat(lines(SITE_HOURLY, SampleRecords.siteHourly("s1", T0, "pm2_5", 12.34)))
        .containsExactly(
            "site_hourly,quantity=pm2_5,siteId=s1,unit=ug/m3 count=60.0,devices=5.0,mean=12.34"
                + " 1764057600000");
  }

  @Test
  void shouldWriteTheRevisionAsAFieldOfEveryExplodedPointNeverAsATag() throws Exception {
    ObjectNode record = SampleRecords.siteHourly("s1", T0, "pm2_5", 12.34).put("revision", 2);
    ((ObjectNode) record.get("quantities"))
        .putObject("no2")
        .put("unit", "ppb")
        .put("mean", 3.5)
        .put("count", 4)
        .put("devices", 1);

    assertThat(lines(SITE_HOURLY, record))
        .containsExactlyInAnyOrder(
            "site_hourly,quantity=pm2_5,siteId=s1,unit=ug/m3"
                + " count=60.0,devices=5.0,mean=12.34,revision=2.0 1764057600000",
            "site_hourly,quantity=no2,siteId=s1,unit=ppb"
                + " count=4.0,devices=1.0,mean=3.5,revision=2.0 1764057600000");
  }

  @Test
  void shouldCopyOnlyTheNamedRecordFieldsIntoExplodedPointsAndLetEntryFieldsWin() throws Exception {
    TopicMapping mapping =
        new TopicMapping(
            "t",
            "h",
            List.of(FieldRef.parse("siteId")),
            FieldRef.parse("windowStart"),
            FieldRef.parse("quantities"),
            "quantity",
            Set.of("windowEnd"),
            Set.of("revision", "mean"));
    ObjectNode record =
        SampleRecords.siteHourly("s1", T0, "pm2_5", 12.34)
            .put("revision", 3)
            .put("mean", 99.0)
            .put("other", 7);

    assertThat(lines(new JsonPointMapper(mapping), record))
        .containsExactly(
            "h,quantity=pm2_5,siteId=s1 count=60.0,devices=5.0,mean=12.34,revision=3.0"
                + " 1764057600000");
  }

  @Test
  void shouldFlattenNestedNumbersOfSiteAqiAndSkipStringsTimeAndTags() throws Exception {
    assertThat(lines(SITE_AQI, SampleRecords.siteAqi("s1", T0, 66)))
        .containsExactly(
            "site_aqi,category=Moderate,dominant=pm2_5,siteId=s1"
                + " aqi=66.0,nowcast_pm10=30.0,nowcast_pm2_5=17.4,pm24h_pm10=28.0,pm24h_pm2_5=15.2,"
                + "subIndices_pm10_aqi=27.0,subIndices_pm10_concentration=30.0,"
                + "subIndices_pm2_5_aqi=66.0,subIndices_pm2_5_concentration=17.4 1764057600000");
  }

  @Test
  void shouldIgnoreUnknownExtraProperties() throws Exception {
    ObjectNode record = SampleRecords.siteAqi("s1", T0, 66);
    record.put("schemaVersion", "1.1").put("flag", true).putArray("notes").add(1);

    assertThat(lines(SITE_AQI, record))
        .singleElement()
        .asString()
        .doesNotContain("schemaVersion", "flag", "notes");
  }

  @Test
  void shouldOmitTagsThatAreMissingOrEmpty() throws Exception {
    ObjectNode record = SampleRecords.aggregate("d1", T0);
    record.remove("gatewayId");
    record.put("siteId", "");

    assertThat(lines(DEVICE_1M, record))
        .containsExactly(
            "device_1m,deviceId=d1,quantity=pm2_5,unit=ug/m3"
                + " count=6.0,last=2.5,max=3.0,mean=2.0,min=1.0 1764057600000");
  }

  @Test
  void shouldReturnNoPointsForAnEmptyExplodedObject() throws Exception {
    ObjectNode record = SampleRecords.aggregate("d1", T0);
    record.putObject("quantities");

    assertThat(DEVICE_1M.map(record)).isEmpty();
  }

  @Test
  void shouldRejectRecordWithoutTime() {
    ObjectNode record = SampleRecords.siteAqi("s1", T0, 66);
    record.remove("hourStart");

    assertThatThrownBy(() -> SITE_AQI.map(record))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("missing time field 'hourStart'");
  }

  @Test
  void shouldRejectFractionalOrTextualTime() {
    ObjectNode fractional = SampleRecords.siteAqi("s1", T0, 66).put("hourStart", 1.5);
    ObjectNode textual = SampleRecords.siteAqi("s1", T0, 66).put("hourStart", "2025-11-25");

    assertThatThrownBy(() -> SITE_AQI.map(fractional)).isInstanceOf(ConversionException.class);
    assertThatThrownBy(() -> SITE_AQI.map(textual)).isInstanceOf(ConversionException.class);
  }

  @Test
  void shouldRejectNonObjectValue() {
    assertThatThrownBy(() -> SITE_AQI.map(SampleRecords.JSON.createArrayNode()))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("not a JSON object");
  }

  @Test
  void shouldRejectNonFiniteNumber() throws Exception {
    ObjectNode record = SampleRecords.siteAqi("s1", T0, 66);
    record.put("aqi", Double.POSITIVE_INFINITY);

    assertThatThrownBy(() -> SITE_AQI.map(record))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("'aqi'");
  }

  @Test
  void shouldRejectMissingExplodeObject() {
    ObjectNode record = SampleRecords.aggregate("d1", T0);
    record.remove("quantities");

    assertThatThrownBy(() -> DEVICE_1M.map(record))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("quantities");
  }

  @Test
  void shouldResolveJsonPointerTagsAndExcludeTheirFlattenedNames() throws Exception {
    TopicMapping mapping =
        new TopicMapping(
            "t",
            "m",
            List.of(FieldRef.parse("/meta/site")),
            FieldRef.parse("/meta/ts"),
            null,
            null,
            Set.of("skip"));
    ObjectNode record = SampleRecords.JSON.createObjectNode();
    record.putObject("meta").put("site", "s 9").put("ts", 5);
    record.put("skip", 1).putObject("v").put("x", 2);

    assertThat(lines(new JsonPointMapper(mapping), record))
        .containsExactly("m,site=s\\ 9 v_x=2.0 5");
  }

  @Test
  void shouldWriteBareNumberEntriesAsValueField() throws Exception {
    TopicMapping mapping =
        new TopicMapping(
            "t",
            "nowcast",
            List.of(FieldRef.parse("siteId")),
            FieldRef.parse("hourStart"),
            FieldRef.parse("nowcast"),
            "quantity",
            Set.of());

    assertThat(lines(new JsonPointMapper(mapping), SampleRecords.siteAqi("s1", T0, 66)))
        .containsExactly(
            "nowcast,quantity=pm2_5,siteId=s1 value=17.4 1764057600000",
            "nowcast,quantity=pm10,siteId=s1 value=30.0 1764057600000");
  }
}
