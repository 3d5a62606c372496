package dev.airtrace.anchoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airtrace.anchoring.chain.AnchorSigner;
import dev.airtrace.anchoring.chain.ChainClient;
import dev.airtrace.anchoring.chain.Chains;
import dev.airtrace.anchoring.chain.Fees;
import dev.airtrace.anchoring.chain.SignedTransaction;
import dev.airtrace.anchoring.chain.TxReceipt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Deploys the committed RootAnchor artifact ({@code contracts/RootAnchor.json}, member {@code
 * bytecode}) with a type-2 creation transaction and waits for its receipt. Used by the integration
 * tests and by operators through {@link #main(String[])}. Stateless; thread-safe.
 */
public final class ContractDeployer {
  /** Environment variable holding the operator's private key (hex) for {@link #main}. */
  public static final String ENV_KEY = "AIRTRACE_ANCHOR_KEY";

  /** Gas limit of the deploy; RootAnchor's creation uses about 128,000. */
  public static final BigInteger DEPLOY_GAS_LIMIT = BigInteger.valueOf(500_000);

  private static final Duration POLL = Duration.ofMillis(250);

  private ContractDeployer() {}

  /** The {@code bytecode} member of a solc-js artifact such as {@code RootAnchor.json}. */
  public static String bytecode(Path artifact) {
    try {
      JsonNode json = new ObjectMapper().readTree(Files.readAllBytes(artifact));
      String code = json.path("bytecode").asText("");
      if (!code.startsWith("0x") || code.length() < 4) {
        throw new IllegalArgumentException(artifact + " has no 0x bytecode member");
      }
      return code;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + artifact, e);
    }
  }

  /**
   * Sends the creation transaction for {@code bytecodeHex} and returns the mined receipt (its
   * {@code contractAddress} is the contract), waiting at most {@code timeout}.
   */
  public static TxReceipt deploy(
      ChainClient chain, AnchorSigner signer, String bytecodeHex, Duration timeout) {
    long chainId = chain.chainId();
    BigInteger nonce = chain.pendingNonce(signer.address());
    Fees fees = chain.feeQuote();
    SignedTransaction tx = signer.signDeploy(chainId, bytecodeHex, nonce, fees, DEPLOY_GAS_LIMIT);
    chain.sendRawTransaction(tx.rawHex());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<TxReceipt> receipt = chain.receipt(tx.txHash());
      if (receipt.isPresent()) {
        if (!receipt.get().success() || receipt.get().contractAddress() == null) {
          throw new IllegalStateException("deploy " + tx.txHash() + " failed: " + receipt.get());
        }
        return receipt.get();
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    throw new IllegalStateException("deploy " + tx.txHash() + " not mined within " + timeout);
  }

  /**
   * {@code deploy <rpcUrl> <artifact.json>}: deploys with the key in {@value #ENV_KEY} and prints
   * the contract address, the transaction hash and the gas used.
   */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: ContractDeployer <rpcUrl> <contracts/RootAnchor.json>");
      System.exit(64);
    }
    String key = System.getenv(ENV_KEY);
    if (key == null || key.isBlank()) {
      System.err.println("set " + ENV_KEY + " to the operator's private key (hex)");
      System.exit(64);
    }
    try (ChainClient chain = Chains.connect(args[0], Duration.ofSeconds(30))) {
      TxReceipt r =
          deploy(chain, Chains.signer(key), bytecode(Path.of(args[1])), Duration.ofMinutes(10));
      System.out.println(
          "contract "
              + r.contractAddress()
              + " tx "
              + r.txHash()
              + " block "
              + r.blockNumber()
              + " gasUsed "
              + r.gasUsed());
    }
  }
}
