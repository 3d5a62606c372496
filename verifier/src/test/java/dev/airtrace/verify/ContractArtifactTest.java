package dev.airtrace.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The committed contracts/RootAnchor.json is what the pinned compiler makes of the source. */
class ContractArtifactTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path root = RepoRoot.find();

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldMatchAFreshCompileOfTheSource() throws Exception {
    Path node = onPath("node");
    boolean solc = Files.isRegularFile(root.resolve("node_modules/solc/package.json"));
    if (node == null || !solc) {
      String why =
          (node == null ? "node is not on PATH" : "node_modules/solc is missing")
              + "; run `npm ci` in "
              + root
              + " (scripts/test.sh does)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true but the contract cannot be recompiled: " + why);
      }
      Assumptions.abort(why);
    }
    Process p =
        new ProcessBuilder(node.toString(), "contracts/compile.mjs", "--check")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(50, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("matches a fresh compile");
  }

  @Test
  void shouldPinCompilerAndCarryTheVerifiersTopic0() throws Exception {
    JsonNode artifact = JSON.readTree(RepoRoot.artifact().toFile());

    assertThat(artifact.get("compiler").asText()).startsWith("solc-js 0.8.37+");
    assertThat(artifact.get("evmVersion").asText()).isEqualTo("cancun");
    assertThat(artifact.get("optimizer").get("runs").asInt()).isEqualTo(200);
    assertThat(artifact.get("topic0").asText()).isEqualTo(Verifier.ANCHORED_TOPIC0);
    assertThat(artifact.get("event").asText())
        .isEqualTo(dev.airtrace.core.integrity.Anchor.ANCHORED_EVENT);
    assertThat(artifact.get("deployedBytecode").asText())
        .contains(Verifier.ANCHORED_TOPIC0.substring(2));
  }

  @Test
  void shouldDeclareExactlyTheAnchoredEventAndAnchorFunction() throws Exception {
    JsonNode abi = JSON.readTree(RepoRoot.artifact().toFile()).get("abi");
    List<String> entries = new ArrayList<>();
    for (JsonNode e : abi) {
      List<String> inputs = new ArrayList<>();
      e.get("inputs")
          .forEach(
              i ->
                  inputs.add(
                      i.get("type").asText()
                          + (i.path("indexed").asBoolean() ? " indexed " : " ")
                          + i.get("name").asText()));
      entries.add(e.get("type").asText() + " " + e.get("name").asText() + inputs);
    }

    assertThat(entries)
        .containsExactlyInAnyOrder(
            "event Anchored[bytes32 indexed root, address indexed submitter, uint64 indexed seq,"
                + " uint64 firstTs, uint64 lastTs, uint32 leafCount]",
            "function anchor[bytes32 root, uint64 seq, uint64 firstTs, uint64 lastTs,"
                + " uint32 leafCount]");
  }

  private static Path onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (!dir.isBlank() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
