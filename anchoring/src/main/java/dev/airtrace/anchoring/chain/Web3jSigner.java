package dev.airtrace.anchoring.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * {@link AnchorSigner} with a web3j {@link Credentials} key. The ABI of {@code anchor} is written
 * by hand here (no generated wrapper), matching contracts/RootAnchor.sol. Thread-safe (immutable).
 */
final class Web3jSigner implements AnchorSigner {
  private final Credentials credentials;

  Web3jSigner(Credentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public String address() {
    return credentials.getAddress().toLowerCase(Locale.ROOT);
  }

  @Override
  public SignedTransaction signAnchor(
      long chainId,
      String contract,
      AnchorCall call,
      BigInteger nonce,
      Fees fees,
      BigInteger gasLimit) {
    Hex.requireAddress(contract, "contract");
    String data = encodeAnchor(call);
    RawTransaction tx =
        RawTransaction.createTransaction(
            chainId,
            nonce,
            gasLimit,
            contract,
            BigInteger.ZERO,
            data,
            fees.maxPriorityFeePerGas(),
            fees.maxFeePerGas());
    return sign(tx);
  }

  @Override
  public SignedTransaction signDeploy(
      long chainId, String initCodeHex, BigInteger nonce, Fees fees, BigInteger gasLimit) {
    // There is no 1559 createContractTransaction: an empty "to" makes it a creation.
    RawTransaction tx =
        RawTransaction.createTransaction(
            chainId,
            nonce,
            gasLimit,
            "",
            BigInteger.ZERO,
            initCodeHex,
            fees.maxPriorityFeePerGas(),
            fees.maxFeePerGas());
    return sign(tx);
  }

  static String encodeAnchor(AnchorCall call) {
    Function function =
        new Function(
            "anchor",
            List.of(
                new Bytes32(call.root()),
                new Uint64(BigInteger.valueOf(call.seq())),
                new Uint64(BigInteger.valueOf(call.firstTs())),
                new Uint64(BigInteger.valueOf(call.lastTs())),
                new Uint32(BigInteger.valueOf(call.leafCount()))),
            List.of());
    return FunctionEncoder.encode(function);
  }

  private SignedTransaction sign(RawTransaction tx) {
    String raw = Numeric.toHexString(TransactionEncoder.signMessage(tx, credentials));
    return new SignedTransaction(raw, Hash.sha3(raw));
  }
}
