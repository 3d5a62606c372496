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
