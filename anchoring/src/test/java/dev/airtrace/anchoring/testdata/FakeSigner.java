package dev.airtrace.anchoring.testdata;

import dev.airtrace.anchoring.chain.AnchorCall;
import dev.airtrace.anchoring.chain.AnchorSigner;
import dev.airtrace.anchoring.chain.Fees;
import dev.airtrace.anchoring.chain.SignedTransaction;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A signer whose "raw transaction" is the readable text of its fields, hex-encoded, and whose hash
 * is SHA-256 of that text; {@link FakeChain} parses it back. Same fields give the same hash, as
 * with real signing.
 */
public final class FakeSigner implements AnchorSigner {
  public static final String ADDRESS = "0x00000000000000000000000000000000000a11ce";

  @Override
  public String address() {
    return ADDRESS;
  }

  @Override
  public SignedTransaction signAnchor(
      long chainId,
      String contract,
      AnchorCall call,
      BigInteger nonce,
      Fees fees,
      BigInteger gasLimit) {
    String text =
        String.join(
            ";",
            nonce.toString(),
            fees.maxFeePerGas().toString(),
            fees.maxPriorityFeePerGas().toString(),
            Long.toString(call.seq()),
            HexFormat.of().formatHex(call.root()),
            Long.toString(call.firstTs()),
            Long.toString(call.lastTs()),
            Long.toString(call.leafCount()),
            Long.toString(chainId),
            contract);
    return encode(text);
  }

  @Override
  public SignedTransaction signDeploy(
      long chainId, String initCodeHex, BigInteger nonce, Fees fees, BigInteger gasLimit) {
    throw new UnsupportedOperationException("unit tests deploy nothing");
  }

  static SignedTransaction encode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      return new SignedTransaction(
          "0x" + HexFormat.of().formatHex(bytes), "0x" + HexFormat.of().formatHex(hash));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The fields of a raw transaction this signer produced. */
  record Decoded(
      BigInteger nonce,
      BigInteger maxFee,
      BigInteger tip,
      long seq,
      String root,
      long firstTs,
      long lastTs,
      long leafCount,
      String contract) {
    static Decoded of(String rawHex) {
      String[] f =
          new String(HexFormat.of().parseHex(rawHex.substring(2)), StandardCharsets.UTF_8)
              .split(";");
      return new Decoded(
          new BigInteger(f[0]),
          new BigInteger(f[1]),
          new BigInteger(f[2]),
          Long.parseLong(f[3]),
          f[4],
          Long.parseLong(f[5]),
          Long.parseLong(f[6]),
          Long.parseLong(f[7]),
          f[9]);
    }
  }
}
