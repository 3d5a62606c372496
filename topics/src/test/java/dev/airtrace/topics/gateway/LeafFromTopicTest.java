package dev.airtrace.topics.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.Reading;
import dev.airtrace.core.integrity.IntegrityArbitraries;
import dev.airtrace.core.integrity.LeafEncoding;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A consumer of the readings topic can rebuild the exact Merkle leaf the gateway hashed. */
class LeafFromTopicTest {
  @Property(tries = 300)
  void shouldRebuildTheSameLeafFromTheReadingsTopicJson(@ForAll("readings") Reading r) {
    Reading consumed = ReadingJson.decode(ReadingJson.encode(r));

    assertThat(LeafEncoding.encode(consumed)).isEqualTo(LeafEncoding.encode(r));
  }

  @Provide
  Arbitrary<Reading> readings() {
    return IntegrityArbitraries.readingsWithCorrections();
  }
}
