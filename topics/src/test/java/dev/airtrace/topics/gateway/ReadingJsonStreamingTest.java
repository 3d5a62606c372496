package dev.airtrace.topics.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.AnomalyMark;
import dev.airtrace.core.Correction;
import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.codec.SensorPayloadDecoder;
import dev.airtrace.core.codec.SensorTopic;
import dev.airtrace.core.integrity.BatchRef;
import dev.airtrace.quality.QcFlag;
import dev.airtrace.quality.QcTest;
import dev.airtrace.topics.DomainArbitraries;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The streaming {@link ReadingJson#encode} writes exactly the bytes of the tree-model encoder it
 * replaced (kept here as {@link #treeEncode}, verbatim): the readings topic contract and every
 * Merkle leaf derived from a record depend on those bytes.
 */
class ReadingJsonStreamingTest {

  @Property(tries = 2_000)
  void shouldWriteTheSameBytesAsTheTreeEncoder(@ForAll("annotatedReadings") Annotated a) {
    assertThat(ReadingJson.encode(a.reading(), a.batch(), a.anomalies(), a.qc()))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo(
            new String(
                treeEncode(a.reading(), a.batch(), a.anomalies(), a.qc()), StandardCharsets.UTF_8));
  }

  @Test
  void shouldWriteTheSameBytesForReadingsDecodedFromSenmlWithConvertedUnits() {
    // Fahrenheit and hPa-as-Pa values convert to long decimals: the number path matters here.
    String pack =
        "[{\"bn\":\"dev-7/\",\"bt\":1764057600.5,\"n\":\"seq\",\"v\":9},"
            + "{\"n\":\"temperature\",\"u\":\"Far\",\"v\":70.3},"
            + "{\"n\":\"pressure\",\"u\":\"Pa\",\"v\":101325.7},"
            + "{\"n\":\"pm2_5\",\"u\":\"ug/m3\",\"v\":0.1},"
            + "{\"n\":\"relative_humidity\",\"u\":\"%RH\",\"v\":33.333333333333336}]";
    List<Reading> readings =
        new SensorPayloadDecoder()
            .decode(
                SensorTopic.parse("airtrace/v1/site-a/dev-7/senml"),
                pack.getBytes(StandardCharsets.UTF_8),
                new GatewayId("gw-1"),
                1_764_057_601_000L);
    assertThat(readings).isNotEmpty();
    for (Reading r : readings) {
      List<QcMark> qc = new ArrayList<>();
      List<AnomalyMark> anomalies = new ArrayList<>();
      for (Quantity q : r.values().keySet()) {
        qc.add(
            new QcMark(
                q,
                QcFlag.SUSPECT,
                Map.of(QcTest.SPIKE, QcFlag.SUSPECT, QcTest.FLAT_LINE, QcFlag.FAIL),
                QcFlag.FAIL));
        anomalies.add(new AnomalyMark(q, 1.0 / 3, 0.999_999_9, "anomaly-ae@1"));
      }
      BatchRef batch = new BatchRef(123_456_789_012L, 7);
      assertThat(ReadingJson.encode(r, batch, anomalies, qc))
          .isEqualTo(treeEncode(r, batch, anomalies, qc));
    }
  }

  @Test
  void shouldKeepOneMemberPerQuantityWhenTwoAnomalyMarksNameTheSameQuantity() {
    Reading r =
        new Reading(
            new dev.airtrace.core.DeviceId("dev-1"),
            new dev.airtrace.core.SiteId("s"),
            1L,
            2L,
            Map.of(Quantity.PM2_5, 1.0, Quantity.PM10, 2.0),
            null,
            new GatewayId("gw"),
            3L);
    List<AnomalyMark> marks =
        List.of(
            new AnomalyMark(Quantity.PM2_5, 1, 0.5, "a@1"),
            new AnomalyMark(Quantity.PM10, 2, 0.6, "a@1"),
            new AnomalyMark(Quantity.PM2_5, 3, 0.7, "a@2"));

    assertThat(ReadingJson.encode(r, null, marks, List.of()))
        .isEqualTo(treeEncode(r, null, marks, List.of()));
  }

  /** A reading with what the gateway may attach to it. */
  record Annotated(Reading reading, BatchRef batch, List<AnomalyMark> anomalies, List<QcMark> qc) {}

  @Provide
  Arbitrary<Annotated> annotatedReadings() {
    Arbitrary<Reading> readings =
        Combinators.combine(
                DomainArbitraries.readings(),
                Arbitraries.of(CorrectionStatus.class),
                Arbitraries.doubles().between(-1e9, 1e9),
                Arbitraries.integers().between(0, 3))
            .as(
                (r, status, v, mode) ->
                    mode == 0
                        ? r
                        : r.withCorrection(
                            Quantity.PM2_5,
                            v,
                            new Correction(
                                Correction.EPA_BARKJOHN_2022,
                                status,
                                Map.of(
                                    Quantity.PM2_5_CF1_A,
                                    v * 1.7,
                                    Quantity.RELATIVE_HUMIDITY,
                                    50.25))));
    return Combinators.combine(
            readings,
            Combinators.combine(
                    Arbitraries.longs().between(0, (1L << 53) - 1),
                    Arbitraries.integers().greaterOrEqual(0))
                .as(BatchRef::new)
                .injectNull(0.3),
            Arbitraries.doubles(),
            Arbitraries.doubles().between(0, 1),
            Arbitraries.of(
                QcFlag.PASS, QcFlag.SUSPECT, QcFlag.FAIL, QcFlag.NOT_EVALUATED, QcFlag.MISSING),
            Arbitraries.integers().between(0, 7))
        .as(
            (r, batch, score, likelihood, flag, mask) -> {
              List<AnomalyMark> anomalies = new ArrayList<>();
              List<QcMark> qc = new ArrayList<>();
              int i = 0;
              for (Quantity q : r.values().keySet()) {
                if ((mask & 1) != 0 && i % 2 == 0) {
                  anomalies.add(new AnomalyMark(q, score, likelihood, "anomaly-ae@" + i));
                }
                if ((mask & 2) != 0) {
                  Map<QcTest, QcFlag> raised = new EnumMap<>(QcTest.class);
                  if (flag.raised()) {
                    raised.put(QcTest.values()[i % QcTest.values().length], flag);
                  }
                  qc.add(
                      new QcMark(
                          q,
                          flag,
                          raised,
                          (mask & 4) != 0 ? QcFlag.SUSPECT : QcFlag.NOT_EVALUATED));
                }
                i++;
              }
              return new Annotated(r, batch, anomalies, qc);
            });
  }

  /** The tree-model encoder as it was before issue #13, for comparison only. */
  private static byte[] treeEncode(
      Reading r, BatchRef batch, Collection<AnomalyMark> anomalies, Collection<QcMark> qc) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("deviceId", r.deviceId().value());
    root.put("siteId", r.siteId().value());
    root.put("sequence", r.sequence());
    root.put("eventTime", r.eventTime());
    root.put("gatewayId", r.gatewayId().value());
    root.put("receivedAt", r.receivedAt());
    ObjectNode values = root.putObject("values");
    r.values()
        .forEach(
            (q, v) -> {
              ObjectNode m = values.putObject(q.code());
              m.put("value", v);
              m.put("unit", q.unit().symbol());
            });
    if (r.location() != null) {
      ObjectNode loc = root.putObject("location");
      loc.put("latitude", r.location().latitude());
      loc.put("longitude", r.location().longitude());
      if (r.location().altitude() != null) {
        loc.put("altitude", r.location().altitude());
      }
    }
    if (!r.corrections().isEmpty()) {
      ObjectNode cs = root.putObject("corrections");
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
                          i.put("value", v);
                          i.put("unit", iq.unit().symbol());
                        });
              });
    }
    if (batch != null) {
      ObjectNode b = root.putObject("batch");
      b.put("seq", batch.seq());
      b.put("index", batch.index());
    }
    if (!anomalies.isEmpty()) {
      ObjectNode as = root.putObject("anomalies");
      for (AnomalyMark a : anomalies) {
        ObjectNode m = as.putObject(a.quantity().code());
        m.put("rawScore", a.rawScore());
        m.put("likelihood", a.likelihood());
        m.put("model", a.model());
      }
    }
    if (!qc.isEmpty()) {
      ObjectNode qs = root.putObject("qc");
      for (QcMark mark : qc) {
        ObjectNode m = qs.putObject(mark.quantity().code());
        m.put("flag", mark.flag().code());
        if (!mark.raisedBy().isEmpty()) {
          ObjectNode tests = m.putObject("tests");
          mark.raisedBy().forEach((t, f) -> tests.put(t.code(), f.code()));
        }
        if (mark.previousSpike() != QcFlag.NOT_EVALUATED) {
          m.put("previousSpike", mark.previousSpike().code());
        }
      }
    }
    try {
      return Json.mapper().writeValueAsBytes(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
