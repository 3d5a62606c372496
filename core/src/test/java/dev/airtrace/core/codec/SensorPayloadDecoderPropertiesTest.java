package dev.airtrace.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.integrity.Jcs;
import dev.airtrace.core.integrity.LeafEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * The decoder's contract over all inputs: no byte string crashes it, every failure is classified,
 * and what the encoder writes decodes back to the same message.
 */
class SensorPayloadDecoderPropertiesTest {
  private static final SiteId SITE = new SiteId("site-a");
  private static final DeviceId DEVICE = new DeviceId("dev-001");
  private static final GatewayId GATEWAY = new GatewayId("gw-1");
  private static final long RECEIVED_AT = 1_764_057_600_000L;

  /** 2^28 s: SenML reads earlier times as relative, so absolute times start here. */
  private static final long FIRST_SENML_ABSOLUTE_MILLIS = (1L << 28) * 1000;

  /** 2500-01-01T00:00:00Z. */
  private static final long YEAR_2500_MILLIS = 16_725_225_600_000L;

  private final SensorPayloadDecoder decoder = new SensorPayloadDecoder();

  /**
   * Decodes and checks the outcome is one of the two allowed: readings, or a classified {@link
   * CodecException}. Any other throwable fails the property.
   */
  private void assertDecodesOrClassifies(PayloadFormat format, byte[] payload) {
    SensorTopic topic = new SensorTopic(SITE, DEVICE, format);
    try {
      List<Reading> readings = decoder.decode(topic, payload, GATEWAY, RECEIVED_AT);
      assertThat(readings).isNotEmpty();
      // Whatever the decoder admits must survive the integrity step (the leaf encoding).
      readings.forEach(LeafEncoding::leafHash);
      Statistics.collect("decoded");
    } catch (CodecException e) {
      Statistics.collect(e.reason());
      assertThat(e.reason()).isNotNull();
      assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(2_000);
    }
  }

  @Property
  void shouldClassifyEveryFailureForAnyBytes(
      @ForAll PayloadFormat format, @ForAll @Size(max = 300) byte[] payload) {
    assertDecodesOrClassifies(format, payload);
  }

  @Property
  void shouldClassifyEveryFailureForJsonLikeText(
      @ForAll PayloadFormat format, @ForAll("jsonLikeText") String text) {
    assertDecodesOrClassifies(format, TestPayloads.utf8(text));
  }

  @Property
  void shouldClassifyEveryFailureForByteMutationsOfValidPayloads(
      @ForAll("validPayloads") Tuple.Tuple2<PayloadFormat, byte[]> valid,
      @ForAll("byteMutations") List<Tuple.Tuple3<Integer, Integer, Byte>> mutations) {
    byte[] mutated = valid.get2();
    for (Tuple.Tuple3<Integer, Integer, Byte> m : mutations) {
      mutated = mutate(mutated, m.get1(), m.get2(), m.get3());
    }
    assertDecodesOrClassifies(valid.get1(), mutated);
  }

  @Property
  void shouldClassifyEveryFailureForStructuralMutationsOfValidPayloads(
      @ForAll("validPayloads") Tuple.Tuple2<PayloadFormat, byte[]> valid,
      @ForAll("nodeMutations") List<Tuple.Tuple3<Integer, String, JsonNode>> mutations)
      throws Exception {
    JsonNode tree = Json.mapper().readTree(valid.get2());
    for (Tuple.Tuple3<Integer, String, JsonNode> m : mutations) {
      tree = mutateTree(tree, m.get1(), m.get2(), m.get3());
    }
    assertDecodesOrClassifies(valid.get1(), TestPayloads.bytes(tree));
  }

  @Property
  void shouldRoundTripJsonFormat(@ForAll("messages") SensorMessage m) {
    List<Reading> readings =
        decoder.decode(
            new SensorTopic(SITE, DEVICE, PayloadFormat.JSON),
            SensorPayloadEncoder.json(m),
            GATEWAY,
            RECEIVED_AT);

    assertThat(readings).hasSize(1);
    assertMatches(readings.get(0), m);
  }

  @Property
  void shouldRoundTripSenmlFormat(@ForAll("senmlMessages") SensorMessage m) {
    List<Reading> readings =
        decoder.decode(
            new SensorTopic(SITE, DEVICE, PayloadFormat.SENML),
            SensorPayloadEncoder.senml(DEVICE, m),
            GATEWAY,
            RECEIVED_AT);

    assertThat(readings).hasSize(1);
    assertMatches(readings.get(0), m);
  }

  private static void assertMatches(Reading r, SensorMessage m) {
    assertThat(r.deviceId()).isEqualTo(DEVICE);
    assertThat(r.siteId()).isEqualTo(SITE);
    assertThat(r.gatewayId()).isEqualTo(GATEWAY);
    assertThat(r.receivedAt()).isEqualTo(RECEIVED_AT);
    assertThat(r.sequence()).isEqualTo(m.sequence());
    assertThat(r.eventTime()).isEqualTo(m.eventTime());
    assertThat(r.values().keySet()).isEqualTo(m.values().keySet());
    m.values()
        .forEach(
            (q, v) ->
                assertThat(r.values().get(q))
                    .as(q.code())
                    .isCloseTo(v, org.assertj.core.api.Assertions.within(Math.abs(v) * 1e-9)));
    assertThat(r.location()).isEqualTo(m.location());
  }

  // --- generators

  @Provide
  Arbitrary<SensorMessage> messages() {
    return messages(Arbitraries.longs().between(-Jcs.MAX_SAFE_INTEGER, Jcs.MAX_SAFE_INTEGER));
  }

  @Provide
  Arbitrary<SensorMessage> senmlMessages() {
    return messages(Arbitraries.longs().between(FIRST_SENML_ABSOLUTE_MILLIS, YEAR_2500_MILLIS));
  }

  private static Arbitrary<SensorMessage> messages(Arbitrary<Long> eventTimes) {
    Arbitrary<Map<Quantity, Double>> values =
        Arbitraries.maps(Arbitraries.of(Quantity.class), Arbitraries.doubles()).ofMinSize(1);
    return Combinators.combine(
            Arbitraries.longs().between(0, Jcs.MAX_SAFE_INTEGER),
            eventTimes,
            values,
            locations().injectNull(0.3))
        .as(SensorMessage::new);
  }

  static Arbitrary<Location> locations() {
    return Combinators.combine(
            Arbitraries.doubles().between(-90, 90),
            Arbitraries.doubles().between(-180, 180),
            Arbitraries.doubles().between(-500, 9_000).injectNull(0.3))
        .as(Location::new);
  }

  @Provide
  Arbitrary<Tuple.Tuple2<PayloadFormat, byte[]>> validPayloads() {
    return Arbitraries.of(PayloadFormat.class)
        .flatMap(
            f ->
                (f == PayloadFormat.JSON ? messages() : senmlMessages())
                    .map(
                        m ->
                            Tuple.of(
                                f,
                                f == PayloadFormat.JSON
                                    ? SensorPayloadEncoder.json(m)
                                    : SensorPayloadEncoder.senml(DEVICE, m))));
  }

  /** (position, kind, byte): kinds 0 flip, 1 delete, 2 insert, 3 truncate. */
  @Provide
  Arbitrary<List<Tuple.Tuple3<Integer, Integer, Byte>>> byteMutations() {
    return Combinators.combine(
            Arbitraries.integers().greaterOrEqual(0),
            Arbitraries.integers().between(0, 3),
            Arbitraries.bytes())
        .as(Tuple::of)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4);
  }

  private static byte[] mutate(byte[] in, int position, int kind, byte b) {
    if (in.length == 0) {
      return new byte[] {b};
    }
    int at = position % in.length;
    byte[] out;
    switch (kind) {
      case 0 -> {
        out = in.clone();
        out[at] ^= (byte) (b == 0 ? 1 : b);
      }
      case 1 -> {
        out = new byte[in.length - 1];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(in, at + 1, out, at, in.length - at - 1);
      }
      case 2 -> {
        out = new byte[in.length + 1];
        System.arraycopy(in, 0, out, 0, at);
        out[at] = b;
        System.arraycopy(in, at, out, at + 1, in.length - at);
      }
      default -> out = java.util.Arrays.copyOf(in, at);
    }
    return out;
  }

  /** (which container, field name, replacement value). */
  @Provide
  Arbitrary<List<Tuple.Tuple3<Integer, String, JsonNode>>> nodeMutations() {
    Arbitrary<String> fields =
        Arbitraries.of(
            "seq",
            "time",
            "values",
            "location",
            "deviceId",
            "siteId",
            "latitude",
            "longitude",
            "altitude",
            "value",
            "unit",
            "pm2_5",
            "pm25",
            "co",
            "temperature",
            "rh",
            "radon",
            "bn",
            "bt",
            "bu",
            "bv",
            "bs",
            "bver",
            "n",
            "u",
            "v",
            "vs",
            "t",
            "s",
            "x_");
    return Combinators.combine(Arbitraries.integers().greaterOrEqual(0), fields, jsonValues())
        .as(Tuple::of)
        .list()
        .ofMinSize(1)
        .ofMaxSize(3);
  }

  private static Arbitrary<JsonNode> jsonValues() {
    var f = Json.mapper().getNodeFactory();
    Arbitrary<JsonNode> numbers =
        Arbitraries.oneOf(
            Arbitraries.longs().map(f::numberNode),
            Arbitraries.doubles().map(f::numberNode),
            Arbitraries.of(
                f.numberNode(0),
                f.numberNode(-1),
                f.numberNode(1L << 28),
                f.numberNode(Jcs.MAX_SAFE_INTEGER),
                f.numberNode(Jcs.MAX_SAFE_INTEGER + 1),
                f.numberNode(Long.MAX_VALUE),
                f.numberNode(9e15),
                f.numberNode(Double.POSITIVE_INFINITY),
                f.numberNode(1e300),
                f.numberNode(new java.math.BigInteger("1" + "0".repeat(40))),
                f.numberNode(new java.math.BigDecimal("1e-400"))));
    Arbitrary<JsonNode> strings =
        Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20),
                Arbitraries.of(
                    "",
                    "ug/m3",
                    "ppb",
                    "Cel",
                    "K",
                    "/",
                    "%",
                    "dev-002",
                    "site-b",
                    "dev-001/",
                    "urn:dev:x:",
                    "2025-11-25T08:00:00Z",
                    "seq",
                    "lat",
                    "lon"))
            .map(f::textNode);
    Arbitrary<JsonNode> others =
        Arbitraries.of(
            f.nullNode(),
            f.booleanNode(true),
            f.arrayNode(),
            f.objectNode(),
            f.objectNode().put("value", 1).put("unit", "mg/m3"),
            f.objectNode().put("latitude", 91).put("longitude", 0),
            f.arrayNode().add(f.objectNode().put("n", "seq").put("v", 1)));
    return Arbitraries.frequencyOf(Tuple.of(4, numbers), Tuple.of(3, strings), Tuple.of(2, others));
  }

  /** Sets (or, for a null-valued replacement on an array, removes) a member of one container. */
  private static JsonNode mutateTree(JsonNode root, int which, String field, JsonNode value) {
    List<JsonNode> containers = new ArrayList<>();
    collectContainers(root, containers);
    JsonNode target = containers.get(which % containers.size());
    if (target instanceof ObjectNode o) {
      if (value.isNull() && o.has(field) && which % 2 == 0) {
        o.remove(field);
      } else {
        o.set(field, value.deepCopy());
      }
    } else if (target instanceof ArrayNode a) {
      if (a.isEmpty() || value.isNull()) {
        a.add(value.deepCopy());
      } else {
        a.set(which % a.size(), value.deepCopy());
      }
    }
    return root;
  }

  private static void collectContainers(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      node.elements().forEachRemaining(child -> collectContainers(child, out));
    }
  }

  @Provide
  Arbitrary<String> jsonLikeText() {
    Arbitrary<String> tokens =
        Arbitraries.of(
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "\"seq\"",
            "\"time\"",
            "\"values\"",
            "\"pm2_5\"",
            "\"co\"",
            "\"unit\"",
            "\"value\"",
            "\"location\"",
            "\"n\"",
            "\"v\"",
            "\"t\"",
            "\"bn\"",
            "\"bt\"",
            "\"u\"",
            "\"mg/m3\"",
            "\"%\"",
            "0",
            "-1",
            "42",
            "1.5",
            "1e999",
            "-1e-999",
            "1764057600000",
            "268435456",
            "null",
            "true",
            " ",
            "\\u0000",
            "\"\\ud800\"",
            "é");
    return tokens.list().ofMaxSize(40).map(l -> String.join("", l));
  }
}
