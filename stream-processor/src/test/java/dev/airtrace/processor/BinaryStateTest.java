package dev.airtrace.processor;

import static dev.airtrace.processor.ReadingBuilder.at;
import static dev.airtrace.processor.ReadingBuilder.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.Correction;
import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.quality.QcFlag;
import dev.airtrace.topics.gateway.QcMark;
import dev.airtrace.topics.gateway.ReadingJson;
import dev.airtrace.topics.processor.SiteHourly;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The binary internal values (repartition topic, hour buckets, counter epochs): exact round trips,
 * the previous version's JSON still read after an upgrade, and corrupt values refused.
 */
class BinaryStateTest {
  private static final long HOUR = SiteHourlyProcessor.HOUR_MS;

  private static SourcedReading fullReading() {
    Map<Quantity, Double> values = new EnumMap<>(Quantity.class);
    values.put(Quantity.PM2_5, 12.345678901234567);
    values.put(Quantity.TEMPERATURE, -3.25);
    values.put(Quantity.WIND_DIRECTION, 359.9);
    Reading r =
        new Reading(
            new DeviceId("dev-7"),
            new SiteId("site-a"),
            1_736_899_200_123L,
            300_000_000_000L,
            values,
            new Location(52.1, 4.3, 2.5),
            new GatewayId("gw-1"),
            1_736_899_200_456L,
            Map.of(
                Quantity.PM2_5,
                new Correction(
                    Correction.EPA_BARKJOHN_2022,
                    CorrectionStatus.APPLIED,
                    Map.of(Quantity.PM2_5_CF1_A, 20.1, Quantity.PM2_5_CF1_B, 19.9))));
    return new SourcedReading(
        r,
        "kafka:läsningar/3/42",
        // the payload carries the QC mark that failedQc was derived from, as at the source
        ReadingJson.encode(r, null, List.of(), List.of(QcMark.of(Quantity.PM2_5, QcFlag.FAIL))),
        Set.of(Quantity.PM2_5));
  }

  @Test
  void shouldRoundTripAReadingWithLocationCorrectionsAndQcFailuresExactly() {
    SourcedReading s = fullReading();
    byte[] bytes = SourcedReading.encode(s);
    assertThat(bytes[0] & 0xFF).isEqualTo(SourcedReading.FORMAT);
    SourcedReading back = SourcedReading.decode(bytes);
    assertThat(back).isEqualTo(s);
    assertThat(back.reading()).isEqualTo(s.reading());
    assertThat(back.failedQc()).containsExactly(Quantity.PM2_5);
  }

  @Test
  void shouldRoundTripAReadingWithoutLocationAltitudeOrCorrections() {
    Reading r =
        new Reading(
            new DeviceId("d"),
            new SiteId("s"),
            0,
            0,
            Map.of(Quantity.PM10, 1.0),
            new Location(1.0, 2.0, null),
            new GatewayId("g"),
            0);
    SourcedReading s = new SourcedReading(r, "kafka:t/0/0", new byte[] {1, 2, 3});
    assertThat(SourcedReading.decode(SourcedReading.encode(s))).isEqualTo(s);
  }

  @Test
  void shouldReadTheRepartitionValueThePreviousVersionWrote() {
    SourcedReading s = fullReading();
    byte[] json = SourcedReading.encodeJson(s);
    assertThat((char) json[0]).isEqualTo('{');
    assertThat(SourcedReading.decode(json)).isEqualTo(s);
  }

  @Test
  void shouldKeepHourBucketSumsDevicesAndFlagsAcrossBinaryAndPreviousJson() {
    HourAccumulator a = new HourAccumulator();
    a.add(reading().device("d1").seq(1).at(at(0, 1)).pm25(9.3).build());
    a.add(
        reading()
            .device("d2")
            .seq(1)
            .at(at(0, 2))
            .pm25(9.3)
            .value(Quantity.WIND_DIRECTION, 350)
            .pm10(4)
            .build(),
        Set.of(Quantity.PM10));
    a.add(reading().device("d1").seq(2).at(at(0, 3)).value(Quantity.WIND_DIRECTION, 10).build());
    HourBucket bucket = new HourBucket(a, 2, true);

    for (byte[] stored : new byte[][] {HourBucket.encode(bucket), HourBucket.encodeJson(bucket)}) {
      HourBucket back = HourBucket.decode(stored);
      assertThat(back.published()).isEqualTo(2);
      assertThat(back.dirty()).isTrue();
      back.accumulator().add(reading().device("d3").seq(1).at(at(0, 4)).pm25(9.3).build());
      SiteHourly h = back.accumulator().toSiteHourly("site-a", 0, HOUR);
      // 27.9 / 3 = 9.3 exactly (doubles give 9.299999999999999): the decimal sum survives
      assertThat(h.quantities().get(Quantity.PM2_5))
          .isEqualTo(new SiteHourly.QuantityMean(9.3, 3, 3));
      // the circular mean of 350 and 10 degrees is north, not 180
      assertThat(h.quantities().get(Quantity.WIND_DIRECTION).mean()).isCloseTo(0.0, within());
      assertThat(h.excluded()).containsEntry(Quantity.PM10, 1L);
    }
    // binary -> binary is stable byte for byte, and unpublished buckets keep -1
    byte[] once = HourBucket.encode(bucket);
    assertThat(HourBucket.encode(HourBucket.decode(once))).isEqualTo(once);
    assertThat(HourBucket.decode(HourBucket.encode(HourBucket.empty())).published())
        .isEqualTo(HourBucket.NOT_PUBLISHED);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  @Test
  void shouldWriteACounterEpochAsAFormatByteAndThreeBigEndianLongs() {
    CounterEpoch e = new CounterEpoch(5, 258, Long.MIN_VALUE);
    byte[] bytes = CounterEpoch.encode(e);
    assertThat(bytes).hasSize(25);
    assertThat(bytes[0] & 0xFF).isEqualTo(0xB3);
    assertThat(Arrays.copyOfRange(bytes, 1, 9)).containsExactly(0, 0, 0, 0, 0, 0, 0, 5);
    assertThat(Arrays.copyOfRange(bytes, 9, 17)).containsExactly(0, 0, 0, 0, 0, 0, 1, 2);
    assertThat(bytes[17] & 0xFF).isEqualTo(0x80);
    assertThat(CounterEpoch.decode(bytes)).isEqualTo(e);
    assertThat(CounterEpoch.decode(CounterEpoch.encodeJson(e))).isEqualTo(e);
  }

  @Test
  void shouldRefuseATruncatedOrOverlongValue() {
    byte[] bytes = SourcedReading.encode(fullReading());
    assertThatThrownBy(() -> SourcedReading.decode(Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> SourcedReading.decode(Arrays.copyOf(bytes, bytes.length + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trailing");
  }

  @Test
  void shouldEncodeVarintsInLittleEndianGroupsOfSevenBits() {
    // 300 = 0b10_0101100 -> 0xAC 0x02
    byte[] bytes = new BinaryState.Writer(0xB0, 4).varint(300).toByteArray();
    assertThat(bytes).containsExactly(0xB0, 0xAC, 0x02);
    assertThat(new BinaryState.Reader(bytes, 0xB0).varint()).isEqualTo(300);
  }
}
