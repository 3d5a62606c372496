package dev.airtrace.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airtrace.core.integrity.Anchor;
import dev.airtrace.core.integrity.AnchorState;
import dev.airtrace.core.integrity.EpochBatch;
import dev.airtrace.localstack.AnvilService;
import java.io.IOException;
import java.util.Map;

/**
 * The committed RootAnchor deployed on an anvil chain with raw JSON-RPC ({@code
 * eth_sendTransaction} from an unlocked dev account, no Ethereum library), and its {@code anchor}
 * call ABI-encoded by hand: selector + five 32-byte words.
 */
final class RootAnchorContract {
  final AnvilService anvil;
  final String address;
  final String submitter;
  private final String selector;

  private RootAnchorContract(AnvilService anvil, String address, String submitter, String sel) {
    this.anvil = anvil;
    this.address = address;
    this.submitter = submitter;
    this.selector = sel;
  }

  static RootAnchorContract deploy(AnvilService anvil) throws IOException {
    JsonNode artifact = new ObjectMapper().readTree(RepoRoot.artifact().toFile());
    String from = anvil.accounts().get(0);
    String address =
        anvil
            .sendAndAwaitReceipt(Map.of("from", from, "data", artifact.get("bytecode").asText()))
            .get("contractAddress")
            .asText();
    String selector =
        artifact
            .get("methodIdentifiers")
            .get("anchor(bytes32,uint64,uint64,uint64,uint32)")
            .asText();
    return new RootAnchorContract(anvil, address, from.toLowerCase(), selector);
  }

  /** Sends {@code anchor(epoch…)} from {@link #submitter}; returns the mined receipt. */
  JsonNode anchor(EpochBatch epoch) {
    String data =
        "0x"
            + selector
            + epoch.rootHex()
            + word(epoch.seq())
            + word(epoch.firstTs())
            + word(epoch.lastTs())
            + word(epoch.size());
    return anvil.sendAndAwaitReceipt(Map.of("from", submitter, "to", address, "data", data));
  }

  /** The proof's {@code anchor} object for a receipt from {@link #anchor(EpochBatch)}. */
  Anchor anchorOf(JsonNode receipt) {
    return new Anchor(
        AnvilService.CHAIN_ID,
        address,
        submitter,
        Anchor.ANCHORED_EVENT,
        Verifier.ANCHORED_TOPIC0,
        receipt.get("transactionHash").asText(),
        AnvilService.quantity(receipt.get("blockNumber")),
        receipt.get("blockHash").asText(),
        0, // the only log of the transaction: logs[0]
        AnchorState.INCLUDED);
  }

  private static String word(long value) {
    String hex = Long.toHexString(value);
    return "0".repeat(64 - hex.length()) + hex;
  }
}
