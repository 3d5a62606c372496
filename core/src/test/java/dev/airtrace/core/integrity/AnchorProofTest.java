package dev.airtrace.core.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.integrity.MerkleCheck.Failure;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AnchorProofTest {
  private final ProofFixture fx = ProofFixture.typical();

  @Test
  void shouldVerifyAProofBuiltByThePipeline() {
    MerkleCheck check = fx.proofFor(6).verifyMerkle(fx.gatewayKey.getPublic());

    assertThat(check.isValid()).as(check.reason()).isTrue();
    assertThat(check.reason()).isEqualTo("valid");
  }

  @Property(tries = 30)
  void shouldVerifyEveryReadingOfEveryShapeOfBatchAndEpoch(
      @ForAll @IntRange(min = 1, max = 40) int readings,
      @ForAll @IntRange(min = 1, max = 12) int headers,
      @ForAll @IntRange(min = 0, max = 1000) int pick) {
    ProofFixture f = new ProofFixture(readings, headers, pick % headers);

    for (int i = 0; i < readings; i++) {
      assertThat(f.proofFor(i).verifyMerkle(f.gatewayKey.getPublic()).isValid()).isTrue();
    }
  }

  @Property(tries = 200)
  void shouldFailWhenAnyLeafByteFlips(
      @ForAll @IntRange(min = 0, max = 12) int reading,
      @ForAll @IntRange(min = 0, max = 100_000) int pos,
      @ForAll @IntRange(min = 0, max = 7) int bit) {
    AnchorProof p = fx.proofFor(reading);
    byte[] leaf = p.leaf();
    leaf[pos % leaf.length] ^= (byte) (1 << bit);

    assertThat(with(p, leaf).verifyMerkle().isValid()).isFalse();
  }

  @Test
  void shouldNameTheBatchRootWhenTheReadingWasChangedCanonically() {
    AnchorProof p = fx.proofFor(2);
    byte[] changed =
        new String(p.leaf()).replace("\"value\":\"12.3\"", "\"value\":\"12.4\"").getBytes();

    MerkleCheck check = with(p, changed).verifyMerkle();

    assertThat(check.failure()).isEqualTo(Failure.BATCH_ROOT_MISMATCH);
    assertThat(check.reason()).contains("level 0 yields root").contains("gatewayBatch.root is");
  }

  @Test
  void shouldRefuseALeafThatIsNotCanonicalJson() {
    AnchorProof p = fx.proofFor(2);
    byte[] spaced = new String(p.leaf()).replace(",", ", ").getBytes();

    assertThat(with(p, spaced).verifyMerkle().failure()).isEqualTo(Failure.LEAF_NOT_CANONICAL);
  }

  @Test
  void shouldRefuseAReadingOfAnotherGateway() {
    AnchorProof p = fx.proofFor(2);
    byte[] other = new String(p.leaf()).replace("\"gw-1\"", "\"gw-9\"").getBytes();

    assertThat(with(p, other).verifyMerkle().failure()).isEqualTo(Failure.GATEWAY_MISMATCH);
  }

  @Property(tries = 100)
  void shouldFailWhenAnyPathByteFlipsAtEitherLevel(
      @ForAll @IntRange(min = 0, max = 1) int level,
      @ForAll @IntRange(min = 0, max = 100_000) int pos,
      @ForAll @IntRange(min = 0, max = 7) int bit) {
    AnchorProof p = fx.proofFor(7);
    InclusionProof l = p.levels().get(level);
    List<byte[]> path = new ArrayList<>(l.path());
    byte[] h = path.get(pos % path.size());
    h[pos % 32] ^= (byte) (1 << bit);
    List<InclusionProof> levels = new ArrayList<>(p.levels());
    levels.set(level, new InclusionProof(l.index(), l.size(), path));

    MerkleCheck check = withLevels(p, levels).verifyMerkle();

    assertThat(check.failure())
        .isEqualTo(level == 0 ? Failure.BATCH_ROOT_MISMATCH : Failure.EPOCH_ROOT_MISMATCH);
  }

  @Property(tries = 100)
  void shouldFailWhenALevelsIndexOrSizeChanges(
      @ForAll @IntRange(min = 0, max = 1) int level,
      @ForAll boolean changeSize,
      @ForAll @IntRange(min = 0, max = 40) int bit) {
    AnchorProof p = fx.proofFor(7);
    InclusionProof l = p.levels().get(level);
    long index = changeSize ? l.index() : l.index() ^ (1L << bit);
    long size = changeSize ? l.size() ^ (1L << bit) : l.size();
    List<InclusionProof> levels = new ArrayList<>(p.levels());
    levels.set(level, new InclusionProof(index, size, l.path()));

    assertThat(withLevels(p, levels).verifyMerkle().isValid()).isFalse();
  }

  @Test
  void shouldNameTheSizeWhenALevelClaimsAnotherTreeSize() {
    AnchorProof p = fx.proofFor(3);
    InclusionProof l0 = p.levels().get(0);
    List<InclusionProof> levels =
        List.of(new InclusionProof(l0.index(), l0.size() + 4, l0.path()), p.levels().get(1));

    MerkleCheck check = withLevels(p, levels).verifyMerkle();

    assertThat(check.failure()).isEqualTo(Failure.BATCH_PATH_MALFORMED);
    assertThat(check.reason()).isEqualTo("level 0 size 17 differs from gatewayBatch.size 13");
  }

  @Test
  void shouldFailWhenTheHeaderDiffersFromTheEpochLeaf() {
    AnchorProof p = fx.proofFor(3);
    BatchHeader h = p.gatewayBatch();
    BatchHeader later =
        new BatchHeader(
            h.gatewayId(), h.seq(), h.root(), h.size(), h.firstTs(), h.lastTs() + 1, h.signature());

    MerkleCheck check =
        new AnchorProof(p.leaf(), p.levels(), p.batch(), later, p.epochLeaf(), p.anchor())
            .verifyMerkle();

    assertThat(check.failure()).isEqualTo(Failure.EPOCH_LEAF_MISMATCH);
  }

  @Test
  void shouldFailWhenTheEpochRootDiffers() {
    AnchorProof p = fx.proofFor(3);
    EpochBatch e = p.batch();
    byte[] root = e.root();
    root[0] ^= 1;

    MerkleCheck check =
        new AnchorProof(
                p.leaf(),
                p.levels(),
                new EpochBatch(e.seq(), root, e.size(), e.firstTs(), e.lastTs()),
                p.gatewayBatch(),
                p.epochLeaf(),
                p.anchor())
            .verifyMerkle();

    assertThat(check.failure()).isEqualTo(Failure.EPOCH_ROOT_MISMATCH);
  }

  @Test
  void shouldCheckTheGatewaySignatureOnlyWhenAKeyIsGiven() {
    AnchorProof p = fx.proofFor(0);
    AnchorProof unsigned =
        new AnchorProof(
            p.leaf(),
            p.levels(),
            p.batch(),
            p.gatewayBatch().withSignature(null),
            p.epochLeaf(),
            p.anchor());

    assertThat(unsigned.verifyMerkle().isValid()).isTrue();
    assertThat(unsigned.verifyMerkle(fx.gatewayKey.getPublic()).failure())
        .isEqualTo(Failure.SIGNATURE_MISSING);
    assertThat(p.verifyMerkle(Ed25519.generate().getPublic()).failure())
        .isEqualTo(Failure.SIGNATURE_INVALID);
  }

  @Test
  void shouldRequireExactlyTwoLevels() {
    AnchorProof p = fx.proofFor(0);

    assertThat(withLevels(p, List.of(p.levels().get(0))).verifyMerkle().failure())
        .isEqualTo(Failure.LEVEL_COUNT);
  }

  @Test
  void shouldFailWhenTheReadingIsPresentedWithAnotherGatewaysBatch() {
    ProofFixture other = new ProofFixture(12, 5, 3);
    AnchorProof p = fx.proofFor(4);
    BatchHeader foreign =
        new BatchHeader(
            new GatewayId("gw-1"),
            17,
            other.header.root(),
            13,
            other.header.firstTs(),
            other.header.lastTs(),
            null);

    MerkleCheck check =
        new AnchorProof(
                p.leaf(), p.levels(), p.batch(), foreign, foreign.canonicalBytes(), p.anchor())
            .verifyMerkle();

    assertThat(check.failure()).isEqualTo(Failure.BATCH_ROOT_MISMATCH);
  }

  private static AnchorProof with(AnchorProof p, byte[] leaf) {
    return new AnchorProof(
        leaf, p.levels(), p.batch(), p.gatewayBatch(), p.epochLeaf(), p.anchor());
  }

  private static AnchorProof withLevels(AnchorProof p, List<InclusionProof> levels) {
    return new AnchorProof(
        p.leaf(), levels, p.batch(), p.gatewayBatch(), p.epochLeaf(), p.anchor());
  }
}
