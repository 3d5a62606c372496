package dev.airtrace.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.inference.GoldenSet;
import dev.airtrace.inference.ModelManifest;
import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class OrtBaselineTest {
  /** The inference module's committed fixture model (models/fixtures/make_fixtures.py). */
  private static final Path FIXTURE =
      Path.of(System.getProperty("airtrace.inference.fixtures"))
          .resolve("fixture-mlp")
          .resolve("1")
          .resolve("model.json");

  @Test
  void shouldGiveTheBenchmarkBaselineTheSameAnswerAsTheDjlPath() {
    ModelManifest manifest = ModelManifest.read(FIXTURE);
    GoldenSet golden = GoldenSet.read(manifest);
    try (OrtBaseline baseline = OrtBaseline.open(manifest, 1)) {
      baseline.prepare(golden.input(), golden.batch());
      float expected = golden.expected("y")[0] + golden.expected("score")[0];
      assertThat((double) baseline.run()).isCloseTo(expected, Offset.offset(1e-5));
    }
  }
}
