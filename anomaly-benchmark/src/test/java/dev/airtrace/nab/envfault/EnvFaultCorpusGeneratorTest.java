package dev.airtrace.nab.envfault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.nab.NabCorpus;
import dev.airtrace.nab.NabDataFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFaultCorpusGeneratorTest {
  private static final long HOUR = 3_600_000L;

  /** Hourly sine series with a little structure, 4,000 rows each, half tuning, half test. */
  private static List<EnvFaultCorpusGenerator.Source> sources() {
    List<EnvFaultCorpusGenerator.Source> out = new ArrayList<>();
    for (int s = 0; s < 10; s++) {
      long[] t = new long[4_000];
      double[] v = new double[t.length];
      for (int i = 0; i < t.length; i++) {
        t[i] = 1_262_304_000_000L + i * HOUR;
        v[i] =
            Math.round((50 + 20 * Math.sin(i / 24.0 * 2 * Math.PI) + (i * 7919 % 13)) * 10) / 10.0;
      }
      out.add(
          new EnvFaultCorpusGenerator.Source(
              "synthetic/s" + s + ".csv", s % 2 == 1, true, Double.POSITIVE_INFINITY, t, v));
    }
    return out;
  }

  @Test
  void sameSeedShouldGiveTheSameCorpusAndAnotherSeedAnother() {
    var a = EnvFaultCorpusGenerator.generate(sources(), List.of(), 7);
    var b = EnvFaultCorpusGenerator.generate(sources(), List.of(), 7);
    var c = EnvFaultCorpusGenerator.generate(sources(), List.of(), 8);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).values()).containsExactly(b.get(i).values());
      assertThat(a.get(i).faults()).isEqualTo(b.get(i).faults());
    }
    assertThat(a.stream().map(EnvFaultCorpusGenerator.Generated::faults).toList())
        .isNotEqualTo(c.stream().map(EnvFaultCorpusGenerator.Generated::faults).toList());
  }

  @Test
  void faultsShouldLieAfterProbationInsideTheirOwnWindowsAndChangeTheValuesAsTheirTypeSays() {
    for (var g : EnvFaultCorpusGenerator.generate(sources(), List.of(), 11)) {
      double[] original = g.source().v();
      int previousWindowEnd = -1;
      for (InjectedFault f : g.faults()) {
        assertThat(f.windowFirstRow())
            .isGreaterThan((int) (EnvFaultCorpusGenerator.PROBATION * original.length))
            .isGreaterThan(previousWindowEnd);
        assertThat(f.windowFirstRow()).isLessThanOrEqualTo(f.firstRow());
        assertThat(f.windowLastRow()).isGreaterThanOrEqualTo(f.lastRow());
        previousWindowEnd = f.windowLastRow();
        for (int i = f.firstRow(); i <= f.lastRow(); i++) {
          switch (f.type()) {
            case STUCK:
              assertThat(g.values()[i]).isEqualTo(original[f.firstRow() - 1]);
              break;
            case DROPOUT:
              assertThat(g.values()[i]).isZero();
              break;
            case SPIKE:
            case LEVEL_SHIFT:
              assertThat(Math.abs(g.values()[i] - original[i]))
                  .isCloseTo(f.magnitude(), org.assertj.core.api.Assertions.within(0.001));
              break;
            default:
              break;
          }
        }
      }
      // outside the faults nothing changed
      for (int i = 0; i < original.length; i++) {
        final int row = i;
        if (g.faults().stream().noneMatch(f -> row >= f.firstRow() && row <= f.lastRow())) {
          assertThat(g.values()[i]).isEqualTo(original[i]);
        }
      }
    }
  }

  @Test
  void writtenCorporaShouldLoadAsNabAndKeepTuningAndTestFilesApart(@TempDir Path out)
      throws Exception {
    var generated = EnvFaultCorpusGenerator.generate(sources(), List.of(), 3);
    EnvFaultCorpusGenerator.write(out, generated, 3);
    NabCorpus tuning = NabCorpus.load(out.resolve("tuning"));
    NabCorpus test = NabCorpus.load(out.resolve("test"));
    assertThat(tuning.files()).hasSize(5);
    assertThat(test.files()).hasSize(5);
    assertThat(tuning.files().keySet()).doesNotContainAnyElementsOf(test.files().keySet());
    List<InjectedFault> faults = EnvFaultCorpusGenerator.readFaults(out.resolve("test"));
    for (InjectedFault f : faults) {
      NabDataFile file = test.files().get(f.file());
      assertThat(file.inWindow(f.firstRow())).isTrue();
      assertThat(file.inWindow(f.lastRow())).isTrue();
    }
    long windows = test.files().values().stream().mapToLong(x -> x.windows().size()).sum();
    assertThat(windows).isEqualTo(faults.size());
    assertThat(Files.readString(out.resolve("test/README.md"))).contains("seed 3");
  }
}
