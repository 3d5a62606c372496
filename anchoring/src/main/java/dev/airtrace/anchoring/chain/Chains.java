package dev.airtrace.anchoring.chain;

import java.time.Duration;
import okhttp3.OkHttpClient;
import org.web3j.crypto.Credentials;

/** Factories for the web3j-backed {@link ChainClient} and {@link AnchorSigner}. */
public final class Chains {
  private Chains() {}

  /**
   * A client for the JSON-RPC endpoint at {@code rpcUrl} whose calls fail with {@link
   * ChainUnavailableException} after {@code callTimeout}. The caller closes it.
   */
  public static ChainClient connect(String rpcUrl, Duration callTimeout) {
    if (rpcUrl == null || !(rpcUrl.startsWith("http://") || rpcUrl.startsWith("https://"))) {
      throw new IllegalArgumentException("rpcUrl must be an http(s) URL, was " + rpcUrl);
    }
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(callTimeout)
            .readTimeout(callTimeout)
            .writeTimeout(callTimeout)
            .callTimeout(callTimeout)
            .build();
    return new Web3jChainClient(rpcUrl, http);
  }

  /** A signer for the secp256k1 private key {@code privateKeyHex} (64 hex digits, 0x optional). */
  public static AnchorSigner signer(String privateKeyHex) {
    String digits = privateKeyHex == null ? "" : privateKeyHex.strip();
    if (digits.startsWith("0x")) {
      digits = digits.substring(2);
    }
    if (!digits.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("private key must be 32 bytes of hex");
    }
    return new Web3jSigner(Credentials.create(digits));
  }
}
