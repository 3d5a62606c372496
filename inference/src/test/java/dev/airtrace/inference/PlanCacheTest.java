package dev.airtrace.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCacheTest {
  private static final String SHA = "ab".repeat(32);
  private static final PlanCache.Key H100 =
      new PlanCache.Key("NVIDIA H100 80GB HBM3", "9.0", "11.2.1", SHA, TensorRtModel.PROFILE);

  @Test
  void shouldGiveEveryDependencyOfAPlanItsOwnFile() {
    Set<String> names =
        Stream.of(
                H100,
                new PlanCache.Key("NVIDIA H200", "9.0", "11.2.1", SHA, TensorRtModel.PROFILE),
                new PlanCache.Key("NVIDIA H100 80GB HBM3", "8.9", "11.2.1", SHA, "p"),
                new PlanCache.Key("NVIDIA H100 80GB HBM3", "9.0", "11.3.0", SHA, "p"),
                new PlanCache.Key("NVIDIA H100 80GB HBM3", "9.0", "11.2.1", "cd".repeat(32), "p"),
                new PlanCache.Key("NVIDIA H100 80GB HBM3", "9.0", "11.2.1", SHA, "other"))
            .map(k -> k.fileName("anomaly-ae"))
            .collect(Collectors.toSet());
    assertThat(names).hasSize(6);
    assertThat(H100.fileName("anomaly-ae"))
        .startsWith("anomaly-ae-abababababab-sm90-trt11.2.1-")
        .endsWith(".plan");
  }

  @Test
  void shouldReturnAStoredPlanAndNothingForAnUnknownKey(@TempDir Path dir) {
    PlanCache cache = new PlanCache(dir.resolve("nested/plans"));
    byte[] plan = {1, 2, 3, 4};

    assertThat(cache.load("m", H100)).isEmpty();
    assertThat(cache.store("m", H100, plan)).isEmpty();
    assertThat(cache.load("m", H100)).hasValueSatisfying(p -> assertThat(p).containsExactly(plan));
    assertThat(cache.load("other-model", H100)).isEmpty();
  }
}
