package dev.airtrace.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NativePoolTest {
  private final AtomicInteger created = new AtomicInteger();
  private final List<Integer> closed = new ArrayList<>();
  private final NativePool<Integer> pool = new NativePool<>(created::incrementAndGet, closed::add);

  @Test
  void shouldReuseTheMostRecentlyGivenBackObject() {
    Integer first = pool.borrow();
    Integer second = pool.borrow();
    pool.giveBack(first);
    pool.giveBack(second);

    assertThat(pool.borrow()).isEqualTo(second);
    assertThat(pool.borrow()).isEqualTo(first);
    assertThat(created.get()).isEqualTo(2);
  }

  @Test
  void shouldCloseEveryCreatedObjectOnceWhenClosedTwice() {
    pool.giveBack(pool.borrow());
    pool.borrow();
    pool.borrow();

    pool.close();
    pool.close();

    assertThat(pool.isClosed()).isTrue();
    assertThat(closed).containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void shouldCloseAnObjectGivenBackAfterThePoolClosed() {
    Integer inUse = pool.borrow();
    pool.close();
    closed.clear();

    pool.giveBack(inUse);

    assertThat(closed).containsExactly(inUse);
  }

  @Test
  void shouldRejectARunWhoseInputDoesNotHoldTheBatch() {
    ModelManifest manifest =
        ModelManifest.read(
            java.nio.file.Path.of(
                "src/test/resources/fixtures/repository/fixture-mlp/1/model.json"));
    int row = manifest.input().rowSize();

    assertThatThrownBy(
            () -> NativePool.checkRun(manifest, false, java.nio.FloatBuffer.allocate(row), 2))
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("input holds " + row + " values but batch 2");
    assertThatThrownBy(
            () -> NativePool.checkRun(manifest, false, java.nio.FloatBuffer.allocate(0), 0))
        .hasMessageContaining("batch must be >= 1");
    assertThatThrownBy(
            () -> NativePool.checkRun(manifest, true, java.nio.FloatBuffer.allocate(row), 1))
        .hasMessageContaining("model is closed");
  }
}
