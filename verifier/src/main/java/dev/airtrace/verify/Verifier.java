package dev.airtrace.verify;

import dev.airtrace.core.integrity.Anchor;
import dev.airtrace.core.integrity.AnchorProof;
import dev.airtrace.core.integrity.AnchorState;
import dev.airtrace.core.integrity.EpochBatch;
import dev.airtrace.core.integrity.MerkleCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Verifies a {@code sensor-anchor-proof/1} as anchoring.md §3.5 specifies, in order:
 *
 * <ol>
 *   <li>the Merkle part offline ({@link AnchorProof#verifyMerkle(PublicKey)}): leaf → gateway batch
 *       root → epoch root, and the gateway signature when a key is given;
 *   <li>{@code eth_chainId} equals the proof's chain;
 *   <li>{@code eth_getTransactionReceipt}: status {@code 0x1}, the proof's block, and {@code
 *       logs[logIndex]} is the {@code Anchored} event of the proof's contract with topics [topic0,
 *       root, submitter, seq] and data (firstTs, lastTs, leafCount);
 *   <li>{@code eth_getBlockByNumber(blockNumber).hash} is the proof's block hash (canonical) and
 *       the {@code finalized} block is at or above it (else {@link Verdict#CANNOT_DECIDE});
 *   <li>with several endpoints, all of them must say {@link Verdict#VALID}.
 * </ol>
 *
 * <p>Before going online it also checks the proof against the operator values the caller trusts
 * ({@link VerifierConfig}) and that {@code topic0} is {@link #ANCHORED_TOPIC0}. The reasoning
 * behind each verdict is in {@link ChainCheck} and docs/verify.md.
 *
 * <p>Thread-safe: holds only immutable configuration and a thread-safe {@link HttpClient}.
 */
public final class Verifier {
  /**
   * keccak256("Anchored(bytes32,address,uint64,uint64,uint64,uint32)"), as solc computed it for
   * contracts/RootAnchor.json (a test keeps the two equal; the JDK has no Keccak).
   */
  public static final String ANCHORED_TOPIC0 =
      "0xd68d6754f117ecae3e62907682d815197b2317d36df45d0e048a351c331433c0";

  private final VerifierConfig config;
  private final HttpClient http;

  private Verifier(VerifierConfig config, HttpClient http) {
    this.config = config;
    this.http = http;
  }

  /** A verifier with its own {@link HttpClient}. */
  public static Verifier create(VerifierConfig config) {
    Objects.requireNonNull(config, "config");
    return new Verifier(
        config,
        HttpClient.newBuilder()
            .connectTimeout(config.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build());
  }

  /** Verifies without checking the gateway signature. */
  public VerificationResult verify(AnchorProof proof) {
    return verify(proof, null);
  }

  /**
   * Verifies {@code proof}; never throws on a bad proof or an unreachable node.
   *
   * @param gatewayKey the gateway's Ed25519 key to check the batch header signature with, or {@code
   *     null} to skip that check
   */
  public VerificationResult verify(AnchorProof proof, PublicKey gatewayKey) {
    long start = System.nanoTime();
    MerkleCheck merkle = proof.verifyMerkle(gatewayKey);
    Duration offline = Duration.ofNanos(System.nanoTime() - start);
    if (!merkle.isValid()) {
      return done(Outcome.invalid("Merkle part: " + merkle.reason()), List.of(), offline, start);
    }
    Anchor anchor = proof.anchor();
    Outcome trust = checkTrust(anchor);
    if (trust != null) {
      return done(trust, List.of(), offline, start);
    }
    if (anchor.state() == AnchorState.PENDING || anchor.txHash() == null) {
      return done(
          Outcome.cannotDecide("Merkle part valid; the epoch is not anchored yet (state pending)"),
          List.of(),
          offline,
          start);
    }
    if (config.rpcEndpoints().isEmpty()) {
      return done(
          Outcome.cannotDecide("Merkle part valid; no --rpc endpoint given to check the anchor"),
          List.of(),
          offline,
          start);
    }
    AnchorClaim claim = claim(anchor, proof.batch());
    List<VerificationResult.EndpointResult> endpoints = new ArrayList<>();
    for (URI uri : config.rpcEndpoints()) {
      Outcome outcome =
          ChainCheck.check(new JsonRpcClient(uri, config.requestTimeout(), http), claim);
      endpoints.add(
          new VerificationResult.EndpointResult(uri, outcome.verdict(), outcome.reason()));
    }
    return done(combine(endpoints), endpoints, offline, start);
  }

  private Outcome checkTrust(Anchor anchor) {
    if (config.trustedChainId() != null && config.trustedChainId() != anchor.chainId()) {
      return Outcome.invalid(
          "proof is for chain "
              + anchor.chainId()
              + ", the operator anchors on chain "
              + config.trustedChainId());
    }
    String contract = anchor.contract().toLowerCase(Locale.ROOT);
    if (config.trustedContract() != null && !config.trustedContract().equals(contract)) {
      return Outcome.invalid(
          "proof names contract " + contract + ", the operator's is " + config.trustedContract());
    }
    String submitter = anchor.submitter().toLowerCase(Locale.ROOT);
    if (config.trustedSubmitter() != null && !config.trustedSubmitter().equals(submitter)) {
      return Outcome.invalid(
          "proof names submitter "
              + submitter
              + ", the operator's is "
              + config.trustedSubmitter());
    }
    if (!ANCHORED_TOPIC0.equals(anchor.topic0().toLowerCase(Locale.ROOT))
        || !Anchor.ANCHORED_EVENT.equals(anchor.event())) {
      return Outcome.invalid(
          "proof names event " + anchor.event() + " / " + anchor.topic0() + ", not RootAnchor's");
    }
    return null;
  }

  private static AnchorClaim claim(Anchor anchor, EpochBatch batch) {
    return new AnchorClaim(
        anchor.chainId(),
        anchor.contract(),
        anchor.submitter(),
        anchor.topic0(),
        anchor.txHash(),
        anchor.blockNumber(),
        anchor.blockHash(),
        anchor.logIndex(),
        batch.rootHex(),
        batch.seq(),
        batch.firstTs(),
        batch.lastTs(),
        batch.size());
  }

  /** All valid → valid; all invalid → invalid; anything else (disagreement, no answer) → 2. */
  static Outcome combine(List<VerificationResult.EndpointResult> endpoints) {
    VerificationResult.EndpointResult first = endpoints.get(0);
    boolean agree = endpoints.stream().allMatch(e -> e.verdict() == first.verdict());
    if (agree) {
      String suffix = endpoints.size() > 1 ? " (" + endpoints.size() + " endpoints agree)" : "";
      return new Outcome(first.verdict(), first.reason() + suffix);
    }
    List<String> parts = new ArrayList<>();
    for (VerificationResult.EndpointResult e : endpoints) {
      parts.add(e.endpoint() + " says " + e.verdict() + " (" + e.reason() + ")");
    }
    return Outcome.cannotDecide("endpoints disagree: " + String.join("; ", parts));
  }

  private static VerificationResult done(
      Outcome outcome,
      List<VerificationResult.EndpointResult> endpoints,
      Duration offline,
      long start) {
    return new VerificationResult(
        outcome.verdict(),
        outcome.reason(),
        endpoints,
        offline,
        Duration.ofNanos(System.nanoTime() - start));
  }
}
