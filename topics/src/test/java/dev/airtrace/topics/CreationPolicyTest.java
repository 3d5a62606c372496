package dev.airtrace.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CreationPolicyTest {
  @Test
  void shouldWriteCleanupPolicyAndRetentionAsTopicConfigs() {
    assertThat(CreationPolicy.log(Duration.ofDays(7)).configs())
        .containsEntry("cleanup.policy", "delete")
        .containsEntry("retention.ms", "604800000");
    assertThat(CreationPolicy.compactedSinglePartition().configs())
        .containsExactlyEntriesOf(java.util.Map.of("cleanup.policy", "compact"));
    assertThat(CreationPolicy.compactedSinglePartition().partitions()).contains(1);
  }

  @Test
  void shouldRejectNonPositivePartitionsAndRetention() {
    assertThatThrownBy(() -> new CreationPolicy(Optional.of(0), false, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CreationPolicy.log(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyTopicShouldHaveAPolicyAndAnOwnerThatIsAModule() {
    for (Topic<?, ?> t : Topics.all()) {
      assertThat(t.creation()).as(t.name()).isNotNull();
      assertThat(Topics.ownedBy(t.owner())).as(t.name()).contains(t);
    }
  }

  @Test
  void aRenamedTopicShouldKeepItsContract() {
    Topic<?, ?> renamed = Topics.READINGS.withName("site-7.readings");

    assertThat(renamed.name()).isEqualTo("site-7.readings");
    assertThat(renamed.creation()).isEqualTo(Topics.READINGS.creation());
    assertThat(renamed.schema()).isEqualTo(Topics.READINGS.schema());
    assertThatThrownBy(() -> Topics.READINGS.withName("bad name"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
