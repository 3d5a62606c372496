package dev.airtrace.anchoring.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.http.HttpService;

/** {@link ChainClient} over web3j's HTTP transport. Thread-safe (web3j and okhttp are). */
final class Web3jChainClient implements ChainClient {
  private final String url;
  private final OkHttpClient http;
  private final Web3j web3j;

  Web3jChainClient(String url, OkHttpClient http) {
    this.url = url;
    this.http = http;
    this.web3j = Web3j.build(new HttpService(url, http));
  }

  @Override
  public long chainId() {
    return call("eth_chainId", web3j.ethChainId()).getChainId().longValueExact();
  }

  @Override
  public BigInteger pendingNonce(String address) {
    return call(
            "eth_getTransactionCount",
            web3j.ethGetTransactionCount(address, DefaultBlockParameterName.PENDING))
        .getTransactionCount();
  }

  @Override
  public BigInteger minedNonce(String address) {
    return call(
            "eth_getTransactionCount",
            web3j.ethGetTransactionCount(address, DefaultBlockParameterName.LATEST))
        .getTransactionCount();
  }

  @Override
  public Fees feeQuote() {
    BigInteger tip =
        call("eth_maxPriorityFeePerGas", web3j.ethMaxPriorityFeePerGas()).getMaxPriorityFeePerGas();
    BlockRef latest =
        block(BlockTag.LATEST)
            .orElseThrow(() -> new ChainUnavailableException(url + " has no latest block", null));
    BigInteger base = latest.baseFeePerGas() == null ? BigInteger.ZERO : latest.baseFeePerGas();
    return new Fees(base.shiftLeft(1).add(tip), tip);
  }

  @Override
  public String sendRawTransaction(String rawHex) {
    return call("eth_sendRawTransaction", web3j.ethSendRawTransaction(rawHex))
        .getTransactionHash()
        .toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public Optional<TxReceipt> receipt(String txHash) {
    return call("eth_getTransactionReceipt", web3j.ethGetTransactionReceipt(txHash))
        .getTransactionReceipt()
        .map(Web3jChainClient::toReceipt);
  }

  @Override
  public Optional<BlockRef> block(long number) {
    return block(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)));
  }

  @Override
  public Optional<BlockRef> block(BlockTag tag) {
    DefaultBlockParameterName name =
        switch (tag) {
          case LATEST -> DefaultBlockParameterName.LATEST;
          case SAFE -> DefaultBlockParameterName.SAFE;
          case FINALIZED -> DefaultBlockParameterName.FINALIZED;
        };
    return block(name);
  }

  @Override
  public long headNumber() {
    return call("eth_blockNumber", web3j.ethBlockNumber()).getBlockNumber().longValueExact();
  }

  @Override
  public void close() {
    web3j.shutdown();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "Web3jChainClient[" + url + "]";
  }

  private Optional<BlockRef> block(DefaultBlockParameter parameter) {
    EthBlock.Block block =
        call("eth_getBlockByNumber", web3j.ethGetBlockByNumber(parameter, false)).getBlock();
    if (block == null) {
      return Optional.empty();
    }
    BigInteger baseFee = block.getBaseFeePerGasRaw() == null ? null : block.getBaseFeePerGas();
    return Optional.of(
        new BlockRef(block.getNumber().longValueExact(), Hex.lower(block.getHash()), baseFee));
  }

  private <T extends Response<?>> T call(String method, Request<?, T> request) {
    T response;
    try {
      response = request.send();
    } catch (IOException | ClientConnectionException e) {
      throw new ChainUnavailableException(method + " at " + url + " failed: " + e.getMessage(), e);
    }
    if (response.hasError()) {
      throw new ChainRejectedException(
          method, response.getError().getCode(), response.getError().getMessage());
    }
    return response;
  }

  private static TxReceipt toReceipt(TransactionReceipt r) {
    List<LogEntry> logs = new ArrayList<>();
    for (Log log : r.getLogs()) {
      logs.add(
          new LogEntry(
              log.getAddress(),
              log.getTopics(),
              log.getData(),
              log.getLogIndex().longValueExact()));
    }
    return new TxReceipt(
        r.getTransactionHash(),
        r.getBlockNumber().longValueExact(),
        r.getBlockHash(),
        r.isStatusOK(),
        r.getGasUsed(),
        r.getContractAddress(),
        logs);
  }
}
