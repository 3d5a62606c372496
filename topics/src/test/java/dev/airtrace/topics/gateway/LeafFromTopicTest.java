package dev.airtrace.topics.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.Reading;
import dev.airtrace.core.integrity.IntegrityArbitraries;
import dev.airtrace.core.integrity.LeafEncoding;
import dev.airtrace.quality.QcFlag;
import dev.airtrace.quality.QcTest;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A consumer of the readings topic can rebuild the exact Merkle leaf the gateway hashed, whatever
 * annotations (QC flags) ride beside the reading.
 */
class LeafFromTopicTest {
  @Property(tries = 300)
  void shouldRebuildTheSameLeafFromTheReadingsTopicJson(@ForAll("readings") Reading r) {
    Reading consumed = ReadingJson.decode(ReadingJson.encode(r));

    assertThat(LeafEncoding.encode(consumed)).isEqualTo(LeafEncoding.encode(r));
  }

  /**
   * QC flags are derived data outside the leaf: the same reading with and without them, decoded
   * from the topic, hashes to the same leaf (docs/integrity.md).
   */
  @Property(tries = 300)
  void shouldKeepTheLeafUnchangedByQcFlags(@ForAll("readings") Reading r) {
    List<QcMark> flags =
        r.values().keySet().stream()
            .map(
                q ->
                    new QcMark(
                        q, QcFlag.FAIL, Map.of(QcTest.FLAT_LINE, QcFlag.FAIL), QcFlag.SUSPECT))
            .toList();
    byte[] flagged = ReadingJson.encode(new AcceptedReading(r, null, List.of(), flags));

    AcceptedReading consumed = ReadingJson.decodeAccepted(flagged);

    assertThat(consumed.qc()).hasSize(r.values().size());
    assertThat(LeafEncoding.encode(consumed.reading())).isEqualTo(LeafEncoding.encode(r));
  }

  @Provide
  Arbitrary<Reading> readings() {
    return IntegrityArbitraries.readingsWithCorrections();
  }
}
