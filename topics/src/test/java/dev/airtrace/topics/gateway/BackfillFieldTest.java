package dev.airtrace.topics.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.airtrace.core.AnomalyMark;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.codec.CodecException;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.integrity.BatchRef;
import dev.airtrace.core.integrity.IntegrityArbitraries;
import dev.airtrace.core.integrity.LeafEncoding;
import dev.airtrace.topics.BackfillField;
import dev.airtrace.topics.Topic;
import dev.airtrace.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The backfill field the outbox inserts into the values of the readings, aggregates and anomaly
 * topics: the marked bytes decode to the same record, say {@code backfill=true}, follow the topic's
 * schema, and a reading's Merkle leaf does not change.
 */
class BackfillFieldTest {
  private static final long T0 = 1_795_593_600_000L;

  @Property(tries = 300)
  void shouldDecodeAMarkedReadingToTheSameRecordAndLeaf(@ForAll("readings") Reading r) {
    AcceptedReading live =
        new AcceptedReading(
            r,
            new BatchRef(17, 3),
            List.of(new AnomalyMark(r.values().keySet().iterator().next(), 4.2, 0.9991, "m@1")));
    byte[] bytes = ReadingJson.encode(live);

    byte[] marked = BackfillField.markIfCarried(Topics.Names.READINGS, bytes);

    AcceptedReading backfilled = ReadingJson.decodeAccepted(marked);
    assertThat(backfilled).isEqualTo(live);
    assertThat(BackfillField.isMarked(marked)).isTrue();
    assertThat(BackfillField.isMarked(bytes)).isFalse();
    assertThat(LeafEncoding.encode(backfilled.reading())).isEqualTo(LeafEncoding.encode(r));
    assertValid(Topics.READINGS, marked);
  }

  @Test
  void shouldDecodeAMarkedAggregateToTheSameRecord() throws Exception {
    Map<Quantity, QuantityStats> q = new EnumMap<>(Quantity.class);
    q.put(Quantity.PM2_5, new QuantityStats(6, 1.0, 3.0, 2.0, 2.5));
    DeviceAggregate live =
        new DeviceAggregate(
            new DeviceId("d1"), new SiteId("s1"), new GatewayId("gw1"), T0, T0 + 60_000, q);
    byte[] bytes = AggregateJson.encode(live);

    byte[] marked = BackfillField.markIfCarried(Topics.Names.AGGREGATES_1M, bytes);

    assertThat(AggregateJson.decode(marked)).isEqualTo(live);
    assertThat(BackfillField.isMarked(marked)).isTrue();
    assertValid(Topics.AGGREGATES_1M, marked);
  }

  @Test
  void shouldDecodeAMarkedAnomalyEventToTheSameRecord() throws Exception {
    AnomalyEvent live =
        new AnomalyEvent(
            new DeviceId("dev-001"),
            new SiteId("site-a"),
            420,
            Quantity.PM2_5,
            1_764_057_600_000L,
            187.0,
            6.1,
            0.97,
            "anomaly-ae@1",
            "ort-cpu",
            new GatewayId("gw-1"));
    byte[] bytes = AnomalyEventJson.encode(live);

    byte[] marked = BackfillField.markIfCarried(Topics.Names.ANOMALIES, bytes);

    assertThat(AnomalyEventJson.decode(marked)).isEqualTo(live);
    assertThat(BackfillField.isMarked(marked)).isTrue();
    assertValid(Topics.ANOMALIES, marked);
  }

  @Test
  void shouldInsertTheFieldFirstAndKeepEveryOtherByte() {
    byte[] value = utf8("{\"a\":1}");

    assertThat(new String(BackfillField.mark(value), StandardCharsets.UTF_8))
        .isEqualTo("{\"backfill\":true,\"a\":1}");
    assertThat(new String(BackfillField.mark(utf8("{}")), StandardCharsets.UTF_8))
        .isEqualTo("{\"backfill\":true}");
  }

  @Test
  void shouldLeaveValuesOfTopicsWithoutTheFieldUnchanged() {
    byte[] value = utf8("{\"a\":1}");

    assertThat(BackfillField.markIfCarried(Topics.Names.GATEWAY_DEAD_LETTERS, value))
        .isSameAs(value);
    assertThat(BackfillField.markIfCarried(Topics.Names.BATCH_HEADERS, value)).isSameAs(value);
  }

  @Test
  void shouldRefuseValuesThatAreNotACompactObjectOrAlreadyMarked() {
    assertThatThrownBy(() -> BackfillField.mark(utf8(" {\"a\":1}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BackfillField.mark(utf8("[1]")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BackfillField.mark(utf8("{\"backfill\":true,\"a\":1}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectANonBooleanBackfillFieldWhenDecoding() throws Exception {
    var json =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Json.mapper().readTree(ReadingJson.encode(aReading()));
    json.put("backfill", "yes");

    assertThatThrownBy(() -> ReadingJson.decode(Json.mapper().writeValueAsBytes(json)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("backfill");
  }

  @Provide
  Arbitrary<Reading> readings() {
    return IntegrityArbitraries.readingsWithCorrections();
  }

  private static Reading aReading() {
    return new Reading(
        new DeviceId("dev-001"),
        new SiteId("site-a"),
        T0,
        42,
        Map.of(Quantity.PM2_5, 12.3),
        null,
        new GatewayId("gw-1"),
        T0 + 123,
        Map.of());
  }

  private static void assertValid(Topic<?, ?> topic, byte[] value) {
    try {
      var schema =
          JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
              .getSchema(topic.openSchema());
      assertThat(schema.validate(Json.mapper().readTree(value))).isEmpty();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
