package dev.airtrace.anchoring.chain;

import java.util.Locale;

/**
 * The node answered a call with a JSON-RPC error (for a broadcast: nonce too low, underpriced,
 * ...). The {@link #rpcMessage()} is the node's text, which differs between clients, so the
 * predicates below match the phrases geth, reth and anvil use.
 */
public final class ChainRejectedException extends ChainException {
  private static final long serialVersionUID = 1L;
  private final int code;
  private final String rpcMessage;

  /** A JSON-RPC error {@code code} with the node's {@code rpcMessage}. */
  public ChainRejectedException(String call, int code, String rpcMessage) {
    super(call + " rejected by the node: " + code + " " + rpcMessage, null);
    this.code = code;
    this.rpcMessage = rpcMessage == null ? "" : rpcMessage;
  }

  /** The JSON-RPC error code. */
  public int code() {
    return code;
  }

  /** The node's error text. */
  public String rpcMessage() {
    return rpcMessage;
  }

  /** The node already holds exactly this transaction (a rebroadcast that changes nothing). */
  public boolean isAlreadyKnown() {
    String m = rpcMessage.toLowerCase(Locale.ROOT);
    return m.contains("already known") || m.contains("already imported");
  }

  /** The nonce has been used by a mined transaction (ours or another one). */
  public boolean isNonceTooLow() {
    String m = rpcMessage.toLowerCase(Locale.ROOT);
    return m.contains("nonce too low") || m.contains("nonce is too low");
  }

  /** A replacement with the same nonce did not raise the fees enough. */
  public boolean isUnderpriced() {
    return rpcMessage.toLowerCase(Locale.ROOT).contains("underpriced");
  }
}
