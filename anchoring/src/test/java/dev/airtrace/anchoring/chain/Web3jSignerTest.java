package dev.airtrace.anchoring.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;

class Web3jSignerTest {
  /** Anvil/Hardhat dev account 0: a published test key, never used outside loopback chains. */
  private static final String DEV_KEY =
      "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  private static final String CONTRACT = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
  private static final AnchorCall CALL =
      new AnchorCall(new byte[32], 7, 1_700_000_000_000L, 1_700_000_060_000L, 12);

  private static JsonNode artifact() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve("contracts/RootAnchor.json"))) {
      dir = dir.getParent();
    }
    return new ObjectMapper().readTree(dir.resolve("contracts/RootAnchor.json").toFile());
  }

  @Test
  void shouldDeriveTheDevAccountAddressFromItsKey() {
    assertThat(Chains.signer(DEV_KEY).address())
        .isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
  }

  @Test
  void shouldEncodeTheAnchorCallWithTheCompiledContractsSelector() throws IOException {
    String selector =
        artifact()
            .path("methodIdentifiers")
            .path("anchor(bytes32,uint64,uint64,uint64,uint32)")
            .asText();

    String data = Web3jSigner.encodeAnchor(CALL);

    assertThat(selector).hasSize(8);
    assertThat(data).startsWith("0x" + selector).hasSize(2 + 8 + 5 * 64);
    assertThat(data.substring(10 + 64, 10 + 128)).isEqualTo(String.format("%064x", 7));
  }

  @Test
  void shouldUseTheCompiledContractsEventTopic() throws IOException {
    assertThat(AnchoredEvent.TOPIC0).isEqualTo(artifact().path("topic0").asText());
  }

  @Test
  void shouldSignATypeTwoTransactionWhoseHashIsKeccakOfItsBytes() throws Exception {
    AnchorSigner signer = Chains.signer("0x" + DEV_KEY);
    Fees fees = new Fees(BigInteger.valueOf(3_000_000_000L), BigInteger.valueOf(1_000_000_000L));

    SignedTransaction tx =
        signer.signAnchor(
            31337, CONTRACT, CALL, BigInteger.valueOf(5), fees, BigInteger.valueOf(100_000));

    assertThat(tx.rawHex()).startsWith("0x02");
    assertThat(tx.txHash()).isEqualTo(Hash.sha3(tx.rawHex()));
    SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(tx.rawHex());
    assertThat(decoded.getFrom()).isEqualTo(signer.address());
    assertThat(decoded.getNonce()).isEqualTo(BigInteger.valueOf(5));
    Transaction1559 t = (Transaction1559) decoded.getTransaction();
    assertThat(t.getChainId()).isEqualTo(31337L);
    assertThat(t.getMaxFeePerGas()).isEqualTo(fees.maxFeePerGas());
    assertThat(t.getMaxPriorityFeePerGas()).isEqualTo(fees.maxPriorityFeePerGas());
  }

  @Test
  void shouldDecodeAnAnchoredLogOnlyFromTheGivenContract() {
    LogEntry log =
        new LogEntry(
            CONTRACT,
            java.util.List.of(
                AnchoredEvent.TOPIC0,
                "0x" + "aa".repeat(32),
                "0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266",
                "0x" + String.format("%064x", 9)),
            "0x" + String.format("%064x%064x%064x", 100, 200, 3),
            0);

    AnchoredEvent e = AnchoredEvent.decode(log, CONTRACT).orElseThrow();

    assertThat(e.root()).isEqualTo("aa".repeat(32));
    assertThat(e.submitter()).isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    assertThat(e.seq()).isEqualTo(9);
    assertThat(e.firstTs()).isEqualTo(100);
    assertThat(e.lastTs()).isEqualTo(200);
    assertThat(e.leafCount()).isEqualTo(3);
    assertThat(AnchoredEvent.decode(log, "0x" + "00".repeat(20))).isEmpty();
  }
}
