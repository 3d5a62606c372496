package dev.airtrace.nab.envfault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.airtrace.nab.CostProfile;
import dev.airtrace.nab.NabCorpus;
import dev.airtrace.nab.NabDataFile;
import dev.airtrace.nab.RowWindow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultRecallTest {
  private static NabCorpus corpus(double[] values) {
    long[] t = new long[values.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = i * 3_600_000L;
    }
    NabDataFile f =
        new NabDataFile(
            "c/f.csv", t, values, List.of(new RowWindow(10, 19), new RowWindow(40, 49)));
    return new NabCorpus(List.of(f), List.of(new CostProfile("standard", 1, 1, 0.11)));
  }

  @Test
  void faultShouldCountAsDetectedWithOneAlarmInItsWindowAndOtherAlarmsAsFalse() {
    NabCorpus c = corpus(new double[100]);
    List<InjectedFault> faults =
        List.of(
            new InjectedFault("c/f.csv", FaultType.STUCK, 11, 15, 10, 19, 0),
            new InjectedFault("c/f.csv", FaultType.SPIKE, 41, 41, 40, 49, 5));
    boolean[] a = new boolean[100];
    a[19] = true; // last row of the stuck window: detected
    a[39] = true; // one before the spike window: false alarm
    a[70] = true; // false alarm
    FaultRecall r = FaultRecall.of(c, faults, Map.of("c/f.csv", a));
    assertThat(r.recall(FaultType.STUCK)).isEqualTo(1.0);
    assertThat(r.recall(FaultType.SPIKE)).isEqualTo(0.0);
    assertThat(r.recall(FaultType.DRIFT)).isNaN();
    assertThat(r.falseAlarms()).isEqualTo(2);
    assertThat(r.falseAlarmsPerThousand()).isCloseTo(20.0, within(1e-12)); // 2 of 100 rows
  }

  @Test
  void zScoreShouldUseOnlyThePrevious48Readings() {
    double[] v = new double[50];
    for (int i = 0; i < 48; i++) {
      v[i] = i % 2 == 0 ? 9 : 11; // mean 10, population std 1
    }
    v[48] = 13; // z = 3 -> 3 / 4
    v[49] = 10; // its window, rows 1..48: 23 nines, 24 elevens and the 13
    double[] s = BaselineDetectors.zScore(corpus(v)).get("c/f.csv");
    assertThat(s[47]).isZero(); // window not full yet
    assertThat(s[48]).isCloseTo(0.75, within(1e-12));
    double mean = (23 * 9 + 24 * 11 + 13) / 48.0;
    double sq = (23 * 81 + 24 * 121 + 169) / 48.0;
    double z = Math.abs(10 - mean) / Math.sqrt(sq - mean * mean);
    assertThat(s[49]).isCloseTo(z / (1 + z), within(1e-12));
  }
}
