package dev.airtrace.core.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.airtrace.core.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AnchorProofJsonTest {
  private static final JsonSchema SCHEMA = loadSchema();

  private final ProofFixture fx = ProofFixture.typical();

  @Test
  void shouldWriteTheMembersOfAnchoringMd34WithTheAgreedAdditions() throws IOException {
    JsonNode json = Json.mapper().readTree(AnchorProofJson.write(fx.proofFor(4)));

    assertThat(fieldNames(json))
        .containsExactly(
            "format",
            "hash",
            "tree",
            "leaf",
            "levels",
            "batch",
            "gatewayBatch",
            "epochLeaf",
            "anchor");
    assertThat(json.get("format").textValue()).isEqualTo("sensor-anchor-proof/1");
    assertThat(json.at("/leaf/encoding").textValue()).isEqualTo("jcs");
    assertThat(Base64.getDecoder().decode(json.at("/leaf/b64").textValue()))
        .isEqualTo(fx.leaves.get(4));
    assertThat(json.at("/levels/0/index").longValue()).isEqualTo(4);
    assertThat(json.at("/levels/0/size").longValue()).isEqualTo(13);
    assertThat(json.at("/levels/1/index").longValue()).isEqualTo(3);
    assertThat(json.at("/levels/0/path/0").textValue()).matches("[0-9a-f]{64}");
    assertThat(fieldNames(json.get("gatewayBatch")))
        .containsExactly("gateway", "seq", "root", "size", "firstTs", "lastTs", "signature");
    assertThat(Base64.getDecoder().decode(json.at("/epochLeaf/b64").textValue()))
        .isEqualTo(fx.header.canonicalBytes());
    assertThat(fieldNames(json.get("anchor")))
        .containsExactly(
            "chainId",
            "contract",
            "submitter",
            "event",
            "topic0",
            "txHash",
            "blockNumber",
            "blockHash",
            "logIndex",
            "state");
    assertThat(json.at("/anchor/state").textValue()).isEqualTo("final");
  }

  @Property(tries = 40)
  void shouldReadBackWhatItWroteAndStillVerify(
      @ForAll @IntRange(min = 1, max = 30) int readings,
      @ForAll @IntRange(min = 1, max = 9) int headers,
      @ForAll @IntRange(min = 0, max = 1000) int pick) {
    ProofFixture f = new ProofFixture(readings, headers, pick % headers);
    AnchorProof proof = f.proofFor(pick % readings);

    AnchorProof back = AnchorProofJson.read(AnchorProofJson.write(proof));

    assertThat(back).isEqualTo(proof);
    assertThat(back.verifyMerkle(f.gatewayKey.getPublic()).isValid()).isTrue();
  }

  @Property(tries = 40)
  void shouldWriteProofsTheSchemaAccepts(
      @ForAll @IntRange(min = 1, max = 30) int readings,
      @ForAll @IntRange(min = 1, max = 9) int headers,
      @ForAll @IntRange(min = 0, max = 1000) int pick)
      throws IOException {
    ProofFixture f = new ProofFixture(readings, headers, pick % headers);

    JsonNode json = Json.mapper().readTree(AnchorProofJson.write(f.proofFor(pick % readings)));

    assertThat(SCHEMA.validate(json)).isEmpty();
  }

  @Test
  void shouldWriteAPendingAnchorWithoutTransactionFieldsAndReadItBack() throws IOException {
    AnchorProof pending =
        fx.proofFor(0)
            .withAnchor(
                Anchor.pending(
                    31337,
                    ProofFixture.CONTRACT,
                    ProofFixture.SUBMITTER,
                    Anchor.ANCHORED_EVENT,
                    ProofFixture.TOPIC0));
    byte[] bytes = AnchorProofJson.write(pending);
    JsonNode json = Json.mapper().readTree(bytes);

    assertThat(fieldNames(json.get("anchor")))
        .containsExactly("chainId", "contract", "submitter", "event", "topic0", "state");
    assertThat(SCHEMA.validate(json)).isEmpty();
    assertThat(AnchorProofJson.read(bytes)).isEqualTo(pending);
  }

  @Test
  void shouldIgnoreMembersItDoesNotKnow() {
    ObjectNode json = tree();
    ((ObjectNode) json.get("anchor")).put("receiptRlp", "0xf9");

    assertThat(AnchorProofJson.fromTree(json)).isEqualTo(fx.proofFor(4));
  }

  @Test
  void shouldRoundTripABatchHeaderTree() {
    assertThat(AnchorProofJson.batchHeaderFromTree(AnchorProofJson.batchHeaderTree(fx.header)))
        .isEqualTo(fx.header);
    BatchHeader unsigned = fx.header.withSignature(null);
    assertThat(AnchorProofJson.batchHeaderFromTree(AnchorProofJson.batchHeaderTree(unsigned)))
        .isEqualTo(unsigned);
  }

  @Test
  void shouldNameTheFieldThatIsWrong() {
    assertRejected(j -> j.put("format", "sensor-anchor-proof/2"), "/format");
    assertRejected(j -> j.remove("levels"), "/levels must be an array");
    assertRejected(
        j -> ((ArrayNode) j.at("/levels/0/path")).set(0, "AB".repeat(32)),
        "/levels/0/path/0 must be 64 lowercase hex");
    assertRejected(j -> ((ObjectNode) j.at("/levels/1")).put("index", -1), "/levels/1/index");
    assertRejected(j -> ((ObjectNode) j.at("/levels/1")).put("index", 1.5), "/levels/1/index");
    assertRejected(j -> ((ObjectNode) j.get("leaf")).put("b64", "e30"), "/leaf/b64");
    assertRejected(j -> ((ObjectNode) j.get("leaf")).put("encoding", "cbor"), "/leaf/encoding");
    assertRejected(j -> ((ObjectNode) j.get("batch")).put("root", "00"), "/batch/root");
    assertRejected(
        j -> ((ObjectNode) j.get("gatewayBatch")).put("gateway", "gw 1"), "/gatewayBatch");
    assertRejected(
        j -> ((ObjectNode) j.get("gatewayBatch")).put("signature", "AAAA"),
        "/gatewayBatch: signature must be 64 bytes");
    assertRejected(j -> ((ObjectNode) j.get("anchor")).put("state", "done"), "/anchor/state");
    assertRejected(j -> ((ObjectNode) j.get("anchor")).remove("txHash"), "needs txHash");
    assertRejected(j -> ((ObjectNode) j.get("anchor")).put("contract", "0x12"), "contract");
    assertThatThrownBy(() -> AnchorProofJson.read("{"))
        .isInstanceOf(ProofFormatException.class)
        .hasMessageStartingWith("not JSON");
  }

  @Test
  void shouldAgreeWithTheSchemaOnWhatItRejects() {
    ObjectNode json = tree();
    ((ArrayNode) json.at("/levels/0/path")).set(0, "AB".repeat(32));
    ObjectNode badState = tree();
    ((ObjectNode) badState.get("anchor")).put("state", "done");

    assertThat(SCHEMA.validate(json)).isNotEmpty();
    assertThat(SCHEMA.validate(badState)).isNotEmpty();
  }

  private void assertRejected(Consumer<ObjectNode> tamper, String message) {
    ObjectNode json = tree();
    tamper.accept(json);

    assertThatThrownBy(() -> AnchorProofJson.fromTree(json))
        .isInstanceOf(ProofFormatException.class)
        .hasMessageContaining(message);
  }

  private ObjectNode tree() {
    return AnchorProofJson.toTree(fx.proofFor(4));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonSchema loadSchema() {
    try {
      JsonNode schema =
          Json.mapper()
              .readTree(
                  Files.readAllBytes(
                      Path.of("..", "docs", "schemas", "anchor-proof.v1.schema.json")));
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
