package dev.airtrace.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AnvilServiceIT {
  // Private chain: these tests reorg and stop it, which the shared one must not see.
  private static AnvilService anvil;

  @BeforeAll
  static void launch() {
    anvil = AnvilService.launch();
  }

  @AfterAll
  static void close() {
    anvil.close();
  }

  @Test
  void shouldServeChainIdAndFundedAccountsOnLoopback() {
    assertThat(anvil.rpcUrl()).isEqualTo("http://127.0.0.1:" + anvil.port());
    assertThat(AnvilService.quantity(anvil.call("eth_chainId"))).isEqualTo(AnvilService.CHAIN_ID);
    assertThat(anvil.accounts()).hasSize(AnvilService.ACCOUNTS);
    JsonNode balance = anvil.call("eth_getBalance", anvil.accounts().get(0), "latest");
    // 10,000 ETH in wei does not fit a long
    assertThat(new BigInteger(balance.asText().substring(2), 16)).isPositive();
  }

  @Test
  void shouldMoveFinalizedTagWhenBlocksAreMined() {
    anvil.mine(AnvilService.FINALITY_DEPTH + 5);

    long latest = anvil.blockNumber();
    JsonNode finalized = anvil.call("eth_getBlockByNumber", "finalized", false);
    assertThat(AnvilService.quantity(finalized.get("number")))
        .isEqualTo(latest - AnvilService.FINALITY_DEPTH);
  }

  @Test
  void shouldDropReceiptAndChangeBlockHashOnReorg() {
    String tx = transfer();
    JsonNode receipt = anvil.call("eth_getTransactionReceipt", tx);
    String height = receipt.get("blockNumber").asText();
    String hashBefore = receipt.get("blockHash").asText();

    anvil.reorg(1);

    assertThat(anvil.call("eth_getTransactionReceipt", tx).isNull()).isTrue();
    assertThat(anvil.call("eth_getBlockByNumber", height, false).get("hash").asText())
        .isNotEqualTo(hashBefore);
  }

  @Test
  void shouldRefuseWhileStoppedAndKeepReceiptsAcrossRestart() {
    String tx = transfer();
    long height = anvil.blockNumber();
    int port = anvil.port();
    long pid = anvil.pid();

    anvil.stop();
    assertThat(anvil.isRunning()).isFalse();
    assertThatThrownBy(anvil::blockNumber).isInstanceOf(ServiceStartException.class);

    anvil.restart();
    assertThat(anvil.port()).isEqualTo(port);
    assertThat(anvil.pid()).isNotEqualTo(pid);
    assertThat(anvil.blockNumber()).isEqualTo(height);
    assertThat(anvil.call("eth_getTransactionReceipt", tx).get("status").asText()).isEqualTo("0x1");
  }

  @Test
  void shouldShareOneRunningChainThroughServices() {
    AnvilService shared = Services.anvil();

    assertThat(Services.anvil()).isSameAs(shared);
    assertThat(shared.port()).isNotEqualTo(anvil.port());
    assertThat(AnvilService.quantity(shared.call("eth_chainId"))).isEqualTo(AnvilService.CHAIN_ID);
  }

  @Test
  void shouldReportJsonRpcErrorsWithTheMethodName() {
    assertThatThrownBy(() -> anvil.call("no_such_method"))
        .isInstanceOf(AnvilService.RpcException.class)
        .hasMessageContaining("no_such_method");
  }

  /** Sends 1 wei from dev account 0 to 1 and returns the tx hash once it is mined. */
  private static String transfer() {
    List<String> accounts = anvil.accounts();
    JsonNode receipt =
        anvil.sendAndAwaitReceipt(
            Map.of("from", accounts.get(0), "to", accounts.get(1), "value", "0x1"));
    return receipt.get("transactionHash").asText();
  }
}
