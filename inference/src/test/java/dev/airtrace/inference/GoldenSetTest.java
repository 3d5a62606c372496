package dev.airtrace.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenSetTest {

  /** A golden set whose y output is {@code yValue} everywhere (score as committed). */
  private static GoldenSet goldenWithY(Path tmp, float yValue) throws IOException {
    Fixtures.RepositoryBuilder repo = Fixtures.repository(tmp.resolve("repo")).version(1, 1);
    ByteBuffer y = ByteBuffer.allocate(8 * 2 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 16; i++) {
      y.putFloat(yValue);
    }
    Files.write(repo.dir(1).resolve("golden-y.bin"), y.array());
    return GoldenSet.read(ModelManifest.read(repo.dir(1).resolve("model.json")));
  }

  private static Outputs expectedPlus(GoldenSet golden, float delta) {
    float[] y = golden.expected("y");
    y[0] += delta;
    Map<String, float[]> values = new LinkedHashMap<>();
    values.put("y", y);
    values.put("score", golden.expected("score"));
    return Outputs.of(values, Map.of("y", new long[] {8, 2}, "score", new long[] {8}));
  }

  @Test
  void shouldMeasureRelativeErrorForOutputsAboveOne(@TempDir Path tmp) throws IOException {
    GoldenSet golden = goldenWithY(tmp, 80f); // e.g. µg/m³
    Outputs off = expectedPlus(golden, 8e-3f);

    assertThat(golden.maxAbsDiff(off)).isCloseTo(8e-3, within(1e-5));
    assertThat(golden.maxScaledError(off)).isCloseTo(1e-4, within(1e-6));
  }

  @Test
  void shouldMeasureAbsoluteErrorForOutputsWithinOne(@TempDir Path tmp) throws IOException {
    GoldenSet golden = goldenWithY(tmp, 0.25f);
    Outputs off = expectedPlus(golden, 2e-5f);

    assertThat(golden.maxScaledError(off)).isCloseTo(2e-5, within(1e-7));
    assertThat(golden.maxScaledError(expectedPlus(golden, 0f))).isZero();
  }

  @Test
  void shouldTreatNanAgainstANumberAsInfinitelyFar(@TempDir Path tmp) throws IOException {
    GoldenSet golden = goldenWithY(tmp, 1f);
    Outputs nan = expectedPlus(golden, Float.NaN);

    assertThat(golden.maxAbsDiff(nan)).isInfinite();
    assertThat(golden.maxScaledError(nan)).isInfinite();
  }
}
