package dev.airtrace.gateway.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchSeqStoreTest {
  @TempDir Path dir;

  @Test
  void shouldHaveNoCounterBeforeTheFirstBatch() {
    assertThat(new BatchSeqStore(dir.resolve("gw.batch-seq")).lastOpened()).isEmpty();
  }

  @Test
  void shouldKeepTheLastOpenedCounterForTheNextProcess() {
    Path file = dir.resolve("sub").resolve("gw.batch-seq");
    BatchSeqStore store = new BatchSeqStore(file);
    store.recordOpened(5);
    store.recordOpened(6);

    assertThat(new BatchSeqStore(file).lastOpened()).hasValue(6);
  }

  @Test
  void shouldFailLoudlyOnACorruptFileRatherThanRestartAtZero() throws Exception {
    Path file = dir.resolve("gw.batch-seq");
    Files.writeString(file, "not a number");

    assertThatThrownBy(() -> new BatchSeqStore(file).lastOpened())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("holds no number");
  }
}
