package dev.airtrace.topics.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.Quantity;
import dev.airtrace.quality.QcFlag;
import dev.airtrace.quality.QcTest;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QcMarkTest {

  @Test
  void shouldShareOneUnmodifiableEmptyRaisedByForValuesNoTestFlagged() {
    QcMark a = QcMark.of(Quantity.PM2_5, QcFlag.PASS);
    QcMark b =
        new QcMark(Quantity.PM10, QcFlag.PASS, new EnumMap<>(QcTest.class), QcFlag.NOT_EVALUATED);

    assertThat(a.raisedBy()).isSameAs(b.raisedBy()).isEqualTo(Map.of());
    assertThatThrownBy(() -> a.raisedBy().put(QcTest.SPIKE, QcFlag.FAIL))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldCopyRaisedByInTestOrderSoTheCallersMapCannotChangeIt() {
    Map<QcTest, QcFlag> raised = new EnumMap<>(QcTest.class);
    raised.put(QcTest.SPIKE, QcFlag.FAIL);
    raised.put(QcTest.GROSS_RANGE, QcFlag.SUSPECT);

    QcMark mark = new QcMark(Quantity.PM2_5, QcFlag.FAIL, raised, QcFlag.NOT_EVALUATED);
    raised.clear();

    assertThat(mark.raisedBy().keySet()).containsExactly(QcTest.GROSS_RANGE, QcTest.SPIKE);
    assertThat(mark)
        .isEqualTo(
            new QcMark(
                Quantity.PM2_5,
                QcFlag.FAIL,
                Map.of(QcTest.SPIKE, QcFlag.FAIL, QcTest.GROSS_RANGE, QcFlag.SUSPECT),
                QcFlag.NOT_EVALUATED));
  }

  @Test
  void shouldRejectAPassFlagInRaisedBy() {
    assertThatThrownBy(
            () ->
                new QcMark(
                    Quantity.PM2_5,
                    QcFlag.PASS,
                    Map.of(QcTest.SPIKE, QcFlag.PASS),
                    QcFlag.NOT_EVALUATED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spike");
  }
}
