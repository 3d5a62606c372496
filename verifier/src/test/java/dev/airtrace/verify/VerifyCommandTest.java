package dev.airtrace.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airtrace.core.integrity.AnchorProofJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VerifyCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final ProofFixture fixture = ProofFixture.epoch(4);

  private int run(String... args) {
    CommandLine cl = new CommandLine(new VerifyCommand());
    cl.setOut(new PrintWriter(out));
    return cl.execute(args);
  }

  private Path write(String name, byte[] bytes) throws Exception {
    return Files.write(dir.resolve(name), bytes);
  }

  @Test
  void shouldExitTwoWithOneLineWhenNoEndpointIsGiven() throws Exception {
    Path proof = write("p.json", AnchorProofJson.write(fixture.proofWithMadeUpAnchor()));

    assertThat(run(proof.toString())).isEqualTo(2);
    assertThat(out.toString()).startsWith("CANNOT_DECIDE: Merkle part valid").hasLineCount(1);
  }

  @Test
  void shouldExitOneWhenALeafByteChanged() throws Exception {
    Path proof =
        write(
            "p.json",
            AnchorProofJson.write(
                ProofFixture.withChangedLeafByte(fixture.proofWithMadeUpAnchor())));

    assertThat(run(proof.toString(), "--json")).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("verdict").asText()).isEqualTo("INVALID");
    assertThat(json.get("exitCode").asInt()).isEqualTo(1);
  }

  @Test
  void shouldExitOneWhenTheFileIsNotAProof() throws Exception {
    Path proof = write("p.json", "{\"format\":\"something-else\"}".getBytes());

    assertThat(run(proof.toString())).isEqualTo(1);
    assertThat(out.toString()).startsWith("INVALID: not a sensor-anchor-proof/1");
  }

  @Test
  void shouldExitTwoWhenTheFileCannotBeRead() {
    assertThat(run(dir.resolve("missing.json").toString())).isEqualTo(2);
    assertThat(out.toString()).startsWith("CANNOT_DECIDE: cannot read");
  }

  @Test
  void shouldExitOneWhenTheGatewayKeyDoesNotVerifyTheHeader() throws Exception {
    Path proof = write("p.json", AnchorProofJson.write(fixture.proofWithMadeUpAnchor()));
    String otherKey =
        dev.airtrace.core.integrity.Ed25519.publicKeyToBase64(
            dev.airtrace.core.integrity.Ed25519.generate().getPublic());

    assertThat(run(proof.toString(), "--gateway-key", otherKey)).isEqualTo(1);
    assertThat(out.toString()).contains("signature");
  }
}
