package dev.airtrace.bench.integrity;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.integrity.LeafEncoding;
import dev.airtrace.core.integrity.MerkleTree;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Merkle batching rate — canonicalise every reading ({@link LeafEncoding}), hash it as an RFC 6962
 * leaf and build the batch tree ({@link MerkleTree}) — against the raw bound: one {@code
 * MessageDigest} SHA-256 per reading over an input as long as that reading's leaf, and nothing
 * else. Both run over the same 65,536 readings in the same JMH run, on one thread; every score is
 * <em>readings per second</em> ({@link OperationsPerInvocation} = batch size).
 *
 * <p>{@code leavesAndTree} (leaf bytes precomputed) and {@code canonicaliseOnly} split the cost.
 * The goal: {@code merkleBatch} ≥ 0.5 × {@code sha256Bound}.
 *
 * <p>Run (see docs/integrity.md): {@code ./mvnw -q -pl benchmarks -am install -DskipTests && java
 * -cp "benchmarks/target/airtrace-benchmarks.jar:benchmarks/target/lib/*" org.openjdk.jmh.Main
 * MerkleBatchingBenchmark -wi 2 -i 3 -f 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class MerkleBatchingBenchmark {
  /**
   * Readings per batch: the batching policy's leaf cap (anchoring.md §3.2). A constant because
   * {@link OperationsPerInvocation} must be one.
   */
  static final int BATCH = 65_536;

  private final int batchSize = BATCH;

  private Reading[] readings;
  private byte[][] leaves;

  /** Inputs for the bound: one per reading, each as long as that reading's leaf. */
  private byte[][] sameLengthInputs;

  private MessageDigest sha256;

  @Setup(Level.Trial)
  public void setUp() throws NoSuchAlgorithmException {
    SplittableRandom random = new SplittableRandom(42);
    readings = new Reading[batchSize];
    leaves = new byte[batchSize][];
    sameLengthInputs = new byte[batchSize][];
    for (int i = 0; i < batchSize; i++) {
      readings[i] = reading(random, i);
      leaves[i] = LeafEncoding.encode(readings[i]);
      sameLengthInputs[i] = new byte[leaves[i].length];
      for (int b = 0; b < sameLengthInputs[i].length; b++) {
        sameLengthInputs[i][b] = (byte) random.nextInt(256);
      }
    }
    sha256 = MessageDigest.getInstance("SHA-256");
  }

  /** A gateway-typical reading: one device of 200, PM and gas values with 1–2 decimals, a place. */
  private static Reading reading(SplittableRandom random, int i) {
    Map<Quantity, Double> values = new EnumMap<>(Quantity.class);
    values.put(Quantity.PM2_5, Math.round(random.nextDouble(0, 150) * 10) / 10.0);
    values.put(Quantity.PM10, Math.round(random.nextDouble(0, 300) * 10) / 10.0);
    values.put(Quantity.NO2, Math.round(random.nextDouble(0, 80) * 100) / 100.0);
    values.put(Quantity.TEMPERATURE, Math.round(random.nextDouble(-10, 35) * 10) / 10.0);
    values.put(Quantity.RELATIVE_HUMIDITY, Math.round(random.nextDouble(10, 100) * 10) / 10.0);
    int device = i % 200;
    return new Reading(
        new DeviceId("dev-" + device),
        new SiteId("site-" + device / 10),
        1_764_057_600_000L + i * 60_000L / 200,
        i / 200,
        values,
        new Location(52 + device * 0.001, 4 + device * 0.001, null),
        new GatewayId("gw-1"),
        1_764_057_600_000L + i);
  }

  /**
   * The whole gateway-side work per batch as a gateway does it: canonicalise and leaf-hash each
   * reading ({@link LeafEncoding#leafHash}), then the tree over the leaf hashes, then the root.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public byte[] merkleBatch() {
    List<byte[]> hashes = new ArrayList<>(readings.length);
    for (Reading r : readings) {
      hashes.add(LeafEncoding.leafHash(r));
    }
    return MerkleTree.fromLeafHashes(hashes).root();
  }

  /**
   * The same, keeping every leaf's bytes ({@link LeafEncoding#encode}) and hashing them in the
   * tree.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public byte[] merkleBatchKeepingLeafBytes() {
    List<byte[]> batch = new ArrayList<>(readings.length);
    for (Reading r : readings) {
      batch.add(LeafEncoding.encode(r));
    }
    return MerkleTree.fromLeaves(batch).root();
  }

  /** The bound: one SHA-256 per reading over a leaf-sized input, nothing else. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void sha256Bound(Blackhole bh) {
    for (byte[] input : sameLengthInputs) {
      bh.consume(sha256.digest(input));
    }
  }

  /** Leaf hashes and tree only, from precomputed leaf bytes. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public byte[] leavesAndTree() {
    return MerkleTree.fromLeaves(List.of(leaves)).root();
  }

  /** Canonicalisation only. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void canonicaliseOnly(Blackhole bh) {
    for (Reading r : readings) {
      bh.consume(LeafEncoding.encode(r));
    }
  }
}
