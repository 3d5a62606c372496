package dev.airtrace.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutboxRecordTest {
  @Test
  void shouldReadBackWhatItStoredWithAndWithoutKey() {
    OutboxRecord keyed =
        new OutboxRecord(
            7, 1_700_000_000_123L, "topic.a", "dev-1", "v".getBytes(StandardCharsets.UTF_8));
    OutboxRecord keyless = new OutboxRecord(8, 5, "t", null, new byte[0]);

    OutboxRecord a = OutboxRecord.decode(7, keyed.encode());
    OutboxRecord b = OutboxRecord.decode(8, keyless.encode());

    assertThat(a.appendedAtMillis()).isEqualTo(1_700_000_000_123L);
    assertThat(a.topic()).isEqualTo("topic.a");
    assertThat(a.key()).isEqualTo("dev-1");
    assertThat(a.value()).containsExactly('v');
    assertThat(b.key()).isNull();
    assertThat(b.value()).isEmpty();
  }

  @Test
  void shouldCountItsStoredSizeAsKeyPlusHeaderPlusPayload() {
    // 8 (id) + 1 (version) + 8 (time) + 2 + 7 (topic) + 4 + 5 (key) + 1 (value) = 36
    OutboxRecord r = new OutboxRecord(1, 0, "topic.a", "dev-1", new byte[1]);
    assertThat(r.storedSize()).isEqualTo(36);
    assertThat(r.encode()).hasSize(36 - 8);
  }

  @Test
  void shouldRefuseAnUnknownFormatOrTruncatedBytes() {
    byte[] stored = new OutboxRecord(1, 0, "t", "k", new byte[3]).encode();
    stored[0] = 9;
    assertThatThrownBy(() -> OutboxRecord.decode(1, stored))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format 9");
    assertThatThrownBy(() -> OutboxRecord.decode(1, new byte[] {1, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
  }
}
