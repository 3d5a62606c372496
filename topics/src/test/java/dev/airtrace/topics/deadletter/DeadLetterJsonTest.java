package dev.airtrace.topics.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.codec.CodecException;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.topics.DomainArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DeadLetterJsonTest {
  private static DeadLetter aDeadLetter(byte[] payload) {
    return new DeadLetter(
        RejectReason.UNKNOWN_QUANTITY,
        "values has unknown quantity \"radon\"",
        DeadLetter.mqttSource("airtrace/v1/site-a/dev-001/json"),
        payload,
        "dev-001",
        "gw-1",
        1_764_057_600_123L);
  }

  @Test
  void shouldCopyUtf8PayloadIntoPayloadText() throws Exception {
    JsonNode json =
        Json.mapper()
            .readTree(DeadLetterJson.encode(aDeadLetter(DomainArbitraries.utf8("{\"x\":1}"))));

    assertThat(json.get("payloadText").textValue()).isEqualTo("{\"x\":1}");
    assertThat(json.get("payloadBase64").textValue()).isEqualTo("eyJ4IjoxfQ==");
    assertThat(json.get("reason").textValue()).isEqualTo("UNKNOWN_QUANTITY");
  }

  @Test
  void shouldOmitPayloadTextForBinaryPayload() throws Exception {
    JsonNode json =
        Json.mapper()
            .readTree(DeadLetterJson.encode(aDeadLetter(new byte[] {(byte) 0xC3, (byte) 0x28})));

    assertThat(json.has("payloadText")).isFalse();
  }

  @Test
  void shouldRejectNonIntegerRejectedAt() throws Exception {
    ObjectNode json =
        (ObjectNode) Json.mapper().readTree(DeadLetterJson.encode(aDeadLetter(new byte[0])));
    json.put("rejectedAt", "yesterday");

    assertThatThrownBy(() -> DeadLetterJson.decode(DomainArbitraries.bytes(json)))
        .isInstanceOfSatisfying(
            CodecException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RejectReason.UNDECODABLE_RECORD);
              assertThat(e.getMessage()).contains("rejectedAt");
            });
  }

  @Test
  void shouldStoreOversizedPayloadAsPrefixWithSizeAndHash() throws Exception {
    byte[] payload = new byte[5_000_000];
    java.util.Arrays.fill(payload, (byte) 'a');

    byte[] encoded = DeadLetterJson.encode(aDeadLetter(payload));
    JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(encoded);

    assertThat(encoded.length).isLessThan(DeadLetterJson.MAX_ENCODED_BYTES);
    assertThat(json.get("originalSize").longValue()).isEqualTo(5_000_000L);
    assertThat(json.get("originalSha256").textValue()).isEqualTo(DeadLetter.sha256Hex(payload));
    assertThat(json.get("payloadText").textValue()).hasSize(65_536);
    DeadLetter back = DeadLetterJson.decode(encoded);
    assertThat(back.payloadLength()).isEqualTo(65_536);
    assertThat(back.originalSize()).isEqualTo(5_000_000L);
  }

  @Test
  void shouldStayBelowEncodedBoundForWorstCaseEscaping() {
    // Control characters are valid UTF-8 and JSON-escape to 6 bytes each in payloadText.
    byte[] payload = new byte[1_000_000];
    DeadLetter d =
        new DeadLetter(
            RejectReason.INTERNAL_ERROR,
            "\u0001".repeat(100_000),
            "mqtt:" + "\u0002".repeat(100_000),
            payload,
            null,
            "gw-1",
            0L);

    assertThat(DeadLetterJson.encode(d).length).isLessThan(DeadLetterJson.MAX_ENCODED_BYTES);
  }

  @Test
  void shouldCutLongDetailWithMarker() throws Exception {
    DeadLetter d = aDeadLetter(new byte[0]).withDetail("x".repeat(5_000));

    JsonNode json = Json.mapper().readTree(DeadLetterJson.encode(d));

    assertThat(json.get("detail").textValue())
        .startsWith("x".repeat(2_000))
        .endsWith("… (5000 chars)")
        .hasSize(2_000 + "… (5000 chars)".length());
  }

  @Test
  void shouldDecodeRecordWithoutTruncationFieldsAsWholePayload() {
    // A record as written before originalSize/originalSha256 existed.
    byte[] old =
        DomainArbitraries.utf8(
            "{\"reason\":\"OUT_OF_RANGE\",\"detail\":\"d\",\"source\":\"mqtt:t\","
                + "\"gatewayId\":\"gw-1\",\"rejectedAt\":1,\"payloadBase64\":\"eyJ4IjoxfQ==\"}");

    DeadLetter d = DeadLetterJson.decode(old);

    assertThat(d.truncation()).isNull();
    assertThat(d.payload()).isEqualTo(DomainArbitraries.utf8("{\"x\":1}"));
  }

  @Test
  void shouldRejectOriginalSizeWithoutHash() throws Exception {
    ObjectNode json =
        (ObjectNode) Json.mapper().readTree(DeadLetterJson.encode(aDeadLetter(new byte[1])));
    json.put("originalSize", 10);

    assertThatThrownBy(() -> DeadLetterJson.decode(DomainArbitraries.bytes(json)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("originalSha256");
  }

  @Property
  void shouldRoundTripAnyDeadLetter(@ForAll("deadLetters") DeadLetter d) {
    assertThat(DeadLetterJson.decode(DeadLetterJson.encode(d))).isEqualTo(d);
  }

  @Property
  void shouldClassifyAnyBytesAsUndecodable(@ForAll @Size(max = 300) byte[] bytes) {
    try {
      DeadLetterJson.decode(bytes);
    } catch (CodecException e) {
      assertThat(e.reason()).isEqualTo(RejectReason.UNDECODABLE_RECORD);
    }
  }

  @Provide
  Arbitrary<DeadLetter> deadLetters() {
    return DomainArbitraries.deadLetters();
  }
}
