package dev.airtrace.bench.integrity;

import dev.airtrace.core.integrity.Ed25519;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.KeyPair;
import java.util.Locale;

/**
 * Thread CPU time of one Ed25519 signature over a batch header's size of bytes ({@link
 * Ed25519#sign}, the JDK's provider): what every sealed Merkle batch costs the gateway, so the seal
 * cadence times this is the signing share of its CPU (docs/benchmarks.md, issue #13).
 *
 * <p>Run: {@code java -cp "benchmarks/target/airtrace-benchmarks.jar:benchmarks/target/lib/*"
 * dev.airtrace.bench.integrity.SignCost [rounds] [signatures per round]}; prints one line per round
 * (the first rounds include JIT warm-up).
 */
public final class SignCost {
  /** Bytes signed: about a batch header's canonical signing input. */
  private static final int MESSAGE_BYTES = 160;

  private SignCost() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    KeyPair keys = Ed25519.generate();
    byte[] message = new byte[MESSAGE_BYTES];
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int round = 1; round <= rounds; round++) {
      long c0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        message[i % MESSAGE_BYTES]++; // a different header each time
        Ed25519.sign(keys.getPrivate(), message);
      }
      long c1 = mx.getCurrentThreadCpuTime();
      System.out.printf(
          Locale.ROOT,
          "round %d: %.1f us CPU per Ed25519 signature (%d signatures)%n",
          round,
          (c1 - c0) / 1e3 / n,
          n);
    }
  }
}
