package dev.airtrace.topics.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.integrity.AnchorProofJson;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.core.integrity.MerkleTree;
import dev.airtrace.core.integrity.ProofFormatException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchHeaderJsonTest {
  private static final BatchHeader UNSIGNED =
      BatchHeader.unsigned(
          new GatewayId("gw-1"),
          17,
          MerkleTree.fromLeaves(List.of(new byte[] {1}, new byte[] {2})).root(),
          2,
          1_764_057_600_000L,
          1_764_057_609_000L);

  @Test
  void shouldRoundTripSignedAndUnsignedHeaders() {
    BatchHeader signed = UNSIGNED.sign(Ed25519.generate().getPrivate());

    assertThat(BatchHeaderJson.decode(BatchHeaderJson.encode(signed))).isEqualTo(signed);
    assertThat(BatchHeaderJson.decode(BatchHeaderJson.encode(UNSIGNED))).isEqualTo(UNSIGNED);
  }

  @Test
  void shouldWriteExactlyTheObjectAProofEmbeds() throws Exception {
    assertThat(BatchHeaderJson.encode(UNSIGNED))
        .isEqualTo(Json.mapper().writeValueAsBytes(AnchorProofJson.batchHeaderTree(UNSIGNED)));
  }

  @Test
  void shouldRejectBytesThatAreNotAHeader() {
    assertThatThrownBy(() -> BatchHeaderJson.decode("{".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProofFormatException.class);
    assertThatThrownBy(() -> BatchHeaderJson.decode("{\"seq\":1}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProofFormatException.class)
        .hasMessageContaining("gateway");
  }
}
