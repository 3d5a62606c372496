package dev.airtrace.anchoring.chain;

import java.math.BigInteger;

/**
 * Signs the operator's transactions as EIP-1559 (type-2) transactions. Signing is local and does
 * not talk to the node, so the anchorer can persist the signed bytes before the first broadcast and
 * resend exactly those bytes after a restart.
 *
 * <p>Obtain the web3j implementation from {@link Chains#signer(String)}. Thread-safe.
 */
public interface AnchorSigner {
  /** The operator address ({@code 0x}, lowercase) that will appear as {@code submitter}. */
  String address();

  /** A call of {@code anchor(...)} on {@code contract}. */
  SignedTransaction signAnchor(
      long chainId,
      String contract,
      AnchorCall call,
      BigInteger nonce,
      Fees fees,
      BigInteger gasLimit);

  /** A contract creation with {@code initCodeHex} (the compiled bytecode, {@code 0x} hex). */
  SignedTransaction signDeploy(
      long chainId, String initCodeHex, BigInteger nonce, Fees fees, BigInteger gasLimit);
}
