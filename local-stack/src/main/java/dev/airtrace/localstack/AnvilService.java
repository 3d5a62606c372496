package dev.airtrace.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Ethereum chain for tests: the {@code anvil} binary from the npm package
 * {@code @foundry-rs/anvil-linux-amd64} (pinned in the repository's {@code package.json}, installed
 * by {@code npm ci}, which {@code scripts/test.sh} runs).
 *
 * <p>{@link #launch()} starts {@code node_modules/.bin/anvil}, found by walking up from the working
 * directory to the first directory with a {@code package.json}, on a free 127.0.0.1 port with chain
 * id {@value #CHAIN_ID}, {@value #ACCOUNTS} funded and unlocked dev accounts, the hardfork pinned
 * to {@value #HARDFORK} (stable gas numbers whatever anvil's default becomes) and {@code --state}
 * in a temporary directory, so {@link #stop()} + {@link #restart()} keep blocks and receipts (an
 * outage). It returns once {@code eth_blockNumber} answers. anvil reports {@code safe} = latest −
 * 32 and {@code finalized} = latest − 64, so {@link #mine(int)} makes blocks final.
 *
 * <p>There is no external-instance mode: the tests that use anvil need {@code anvil_mine}, {@code
 * anvil_reorg} and outages, which only a private dev chain allows.
 *
 * <p>Ownership: the caller owns the instance and must {@link #close()} it, which stops the child by
 * PID and deletes the temporary directory. Thread-safe: lifecycle methods are synchronized; {@link
 * #call} may run concurrently (it only uses the thread-safe {@link HttpClient}).
 */
public final class AnvilService implements AutoCloseable {
  /** The chain id anvil runs with ({@code eth_chainId} = {@code 0x7a69}). */
  public static final long CHAIN_ID = 31337;

  /** Number of funded, unlocked dev accounts. */
  public static final int ACCOUNTS = 3;

  /** The EVM rules anvil applies; Prague includes the EIP-7623 calldata floor. */
  public static final String HARDFORK = "prague";

  /** Blocks between latest and the {@code finalized} tag in anvil (two 32-slot epochs). */
  public static final int FINALITY_DEPTH = 64;

  private static final Logger LOG = LoggerFactory.getLogger(AnvilService.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration RPC_TIMEOUT = Duration.ofSeconds(10);
  private static final int START_ATTEMPTS = 3;
  private static final Duration RECEIPT_POLL = Duration.ofMillis(10);

  /** How long {@link #sendAndAwaitReceipt} waits for automine. */
  public static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(10);

  private static final String BINARY = "node_modules/.bin/anvil";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ManagedProcess managed;
  private final int port;
  private final HttpClient http;
  private final AtomicLong ids = new AtomicLong();

  private AnvilService(Path binary, Path dir, int port) {
    this.managed = new ManagedProcess("anvil", dir, d -> launch(binary, d));
    this.port = port;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** Launches a private anvil; see the class comment. */
  public static AnvilService launch() {
    Path binary = locateBinary(Path.of("").toAbsolutePath());
    Orphans.reap("anvil", "anvil");
    return ManagedProcess.startFresh(
        "anvil",
        START_ATTEMPTS,
        dir -> new AnvilService(binary, dir, FreePorts.pick()),
        s -> s.managed);
  }

  /**
   * Finds {@value #BINARY} under the first directory at or above {@code start} that holds a {@code
   * package.json}; throws with a message that says how to install it.
   */
  static Path locateBinary(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("package.json"))) {
        Path candidate = dir.resolve(BINARY);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
        throw new ServiceStartException(
            "anvil is not installed: "
                + candidate
                + " is missing. Run `npm ci` in "
                + dir
                + " (scripts/test.sh does it for you).");
      }
    }
    throw new ServiceStartException(
        "no package.json at or above "
            + start
            + ", so anvil (npm @foundry-rs/anvil-linux-amd64) cannot be found. Run the tests from"
            + " the airtrace checkout after `npm ci` (scripts/test.sh does both).");
  }

  /** The JSON-RPC endpoint, {@code http://127.0.0.1:port}; stable across {@link #restart()}. */
  public String rpcUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The TCP port; stable across {@link #restart()}. */
  public int port() {
    return port;
  }

  /** anvil's log file (stdout and stderr; quiet because of {@code --silent}). */
  public Path logFile() {
    return managed.dir().resolve("anvil.log");
  }

  /** Whether the anvil process is running. */
  public boolean isRunning() {
    return managed.isRunning();
  }

  /** The PID of the running anvil process. */
  public long pid() {
    return managed.pid();
  }

  /**
   * Sends one JSON-RPC request and returns its {@code result}.
   *
   * @param params the positional parameters; Strings, numbers, booleans, Lists, Maps or JsonNodes
   * @throws RpcException when the node answers with an {@code error} object
   * @throws ServiceStartException when the node cannot be reached
   */
  public JsonNode call(String method, Object... params) {
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", ids.incrementAndGet());
    request.put("method", method);
    ArrayNode array = request.putArray("params");
    for (Object param : params) {
      array.add(JSON.valueToTree(param));
    }
    HttpRequest http =
        HttpRequest.newBuilder(URI.create(rpcUrl()))
            .timeout(RPC_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
            .build();
    JsonNode response;
    try {
      response = JSON.readTree(this.http.send(http, HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      throw new ServiceStartException(
          "anvil at " + rpcUrl() + " did not answer " + method + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceStartException("interrupted during " + method, e);
    }
    if (response.hasNonNull("error")) {
      throw new RpcException(method, response.get("error"));
    }
    return response.get("result");
  }

  /** {@code eth_blockNumber}. */
  public long blockNumber() {
    return quantity(call("eth_blockNumber"));
  }

  /**
   * The dev accounts ({@code eth_accounts}), funded and unlocked for {@code eth_sendTransaction}.
   */
  public List<String> accounts() {
    List<String> accounts = new ArrayList<>();
    call("eth_accounts").forEach(a -> accounts.add(a.asText()));
    return accounts;
  }

  /**
   * Sends {@code tx} with {@code eth_sendTransaction} (an unlocked dev account as {@code from}) and
   * returns its receipt. anvil answers the hash before its automine task has written the block, so
   * an immediate {@code eth_getTransactionReceipt} can be {@code null}; this polls until it is not.
   *
   * @param tx the transaction object, e.g. {@code Map.of("from", a, "to", b, "data", "0x…")}
   * @throws ServiceStartException when no receipt appears within {@link #RECEIPT_TIMEOUT}
   */
  public JsonNode sendAndAwaitReceipt(Object tx) {
    String hash = call("eth_sendTransaction", tx).asText();
    long deadline = System.nanoTime() + RECEIPT_TIMEOUT.toNanos();
    while (true) {
      JsonNode receipt = call("eth_getTransactionReceipt", hash);
      if (receipt != null && !receipt.isNull()) {
        return receipt;
      }
      if (System.nanoTime() > deadline) {
        throw new ServiceStartException(
            "no receipt for "
                + hash
                + " within "
                + RECEIPT_TIMEOUT
                + "\n"
                + ServiceFiles.tail(logFile()));
      }
      try {
        Thread.sleep(RECEIPT_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServiceStartException("interrupted while waiting for the receipt of " + hash, e);
      }
    }
  }

  /** Mines {@code blocks} empty blocks at once ({@code anvil_mine}). */
  public void mine(int blocks) {
    if (blocks < 1) {
      throw new IllegalArgumentException("blocks must be >= 1, was " + blocks);
    }
    call("anvil_mine", hex(blocks));
  }

  /**
   * Replaces the last {@code depth} blocks with as many new empty ones ({@code anvil_reorg}): their
   * transactions and receipts disappear and the block hashes at those heights change.
   */
  public void reorg(int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be >= 1, was " + depth);
    }
    call("anvil_reorg", depth, List.of());
  }

  /**
   * Stops anvil (SIGTERM, so it dumps its state file) but keeps the port and state for {@link
   * #restart()}; simulates a node outage. Idempotent.
   */
  public void stop() {
    managed.stop();
  }

  /** Stops anvil if it runs and starts it again on the same port from its saved state. */
  public void restart() {
    managed.restart();
  }

  /** Stops anvil by PID and deletes its temporary directory; idempotent. */
  @Override
  public void close() {
    managed.close();
  }

  @Override
  public String toString() {
    return "anvil at " + rpcUrl();
  }

  private NativeProcess launch(Path binary, Path dir) {
    List<String> command =
        List.of(
            binary.toString(),
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--chain-id",
            Long.toString(CHAIN_ID),
            "--accounts",
            Integer.toString(ACCOUNTS),
            "--hardfork",
            HARDFORK,
            "--state",
            dir.resolve("state.json").toString(),
            "--silent");
    NativeProcess started = NativeProcess.launch("anvil", command, dir, logFile());
    started.awaitReady(this::answers, START_TIMEOUT, "answering eth_blockNumber on " + rpcUrl());
    return started;
  }

  private boolean answers() {
    try {
      blockNumber();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Parses a JSON-RPC quantity ({@code "0x1a"}). */
  public static long quantity(JsonNode hex) {
    return Long.parseUnsignedLong(hex.asText().substring(2), 16);
  }

  /** Formats a JSON-RPC quantity ({@code 26} → {@code "0x1a"}). */
  public static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }

  /** A JSON-RPC {@code error} answer; the message holds the method, code and message. */
  public static final class RpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RpcException(String method, JsonNode error) {
      super(method + " failed: " + error);
    }
  }
}
