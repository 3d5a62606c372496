package dev.airtrace.verify;

import dev.airtrace.core.integrity.AnchorProof;
import dev.airtrace.core.integrity.AnchorProofJson;
import dev.airtrace.core.integrity.Ed25519;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code airtrace verify PROOF --rpc URL}: checks a {@code sensor-anchor-proof/1} with {@link
 * Verifier}, prints one line ({@code VALID: …}, {@code INVALID: …}, {@code CANNOT_DECIDE: …}) or,
 * with {@code --json}, {@link VerificationResult#toJson()}, and returns 0, 1 or 2. A proof that
 * cannot be parsed is {@code INVALID}; a proof file that cannot be read is {@code CANNOT_DECIDE}.
 *
 * <p>Register it as a subcommand of the {@code airtrace} command; it needs nothing from its parent.
 * One instance per command line (picocli fills its fields); not thread-safe.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a sensor-anchor-proof/1: the Merkle part offline, then the on-chain anchor over"
          + " Ethereum JSON-RPC (docs/verify.md).",
      "Exit status: 0 valid, 1 invalid, 2 cannot decide (not final yet, node unreachable,"
          + " endpoints disagree, no --rpc)."
    })
public final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PROOF", description = "Proof JSON file, or - for stdin.")
  String proof;

  @Option(
      names = "--rpc",
      paramLabel = "URL",
      description =
          "Ethereum JSON-RPC endpoint (http/https). Repeat it for independent endpoints, which"
              + " must all agree.")
  List<URI> rpc = new ArrayList<>();

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Option(
      names = "--chain-id",
      paramLabel = "ID",
      description = "The chain id the operator publishes; the proof must name it.")
  Long chainId;

  @Option(
      names = "--contract",
      paramLabel = "ADDRESS",
      description = "The operator's anchor contract; the proof must name it.")
  String contract;

  @Option(
      names = "--submitter",
      paramLabel = "ADDRESS",
      description =
          "The operator's sending address; the proof must name it. Without it a valid proof only"
              + " shows that someone anchored the root.")
  String submitter;

  @Option(
      names = "--gateway-key",
      paramLabel = "BASE64",
      description =
          "The gateway's Ed25519 public key (base64 of 32 raw bytes); checks the batch header's"
              + " signature.")
  String gatewayKey;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "Limit per JSON-RPC request in seconds (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    VerificationResult result = run();
    out.println(json ? result.toJson() : result.line());
    out.flush();
    return result.verdict().exitCode();
  }

  private VerificationResult run() {
    long start = System.nanoTime();
    VerifierConfig config;
    PublicKey key;
    try {
      config =
          new VerifierConfig(rpc, Duration.ofSeconds(timeoutSeconds), chainId, contract, submitter);
      key = gatewayKey == null ? null : Ed25519.publicKeyFromBase64(gatewayKey);
    } catch (IllegalArgumentException e) { // includes core's KeyFormatException
      // a usage mistake decides nothing about the proof
      return failed(Verdict.CANNOT_DECIDE, "bad option: " + e.getMessage(), start);
    }
    byte[] bytes;
    try {
      bytes = "-".equals(proof) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(proof));
    } catch (IOException | RuntimeException e) {
      return failed(Verdict.CANNOT_DECIDE, "cannot read " + proof + ": " + e, start);
    }
    AnchorProof parsed;
    try {
      parsed = AnchorProofJson.read(bytes);
    } catch (IllegalArgumentException e) { // ProofFormatException or a record's own check
      return failed(Verdict.INVALID, "not a sensor-anchor-proof/1: " + e.getMessage(), start);
    }
    return Verifier.create(config).verify(parsed, key);
  }

  private static VerificationResult failed(Verdict verdict, String reason, long start) {
    return new VerificationResult(
        verdict, reason, List.of(), Duration.ZERO, Duration.ofNanos(System.nanoTime() - start));
  }
}
