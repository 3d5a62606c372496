package dev.airtrace.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TensorRT and CUDA against the golden files, on a GPU host only ({@code scripts/gpu-tests.sh});
 * skipped by assumption anywhere else. CUDA needs {@code -Pgpu} (the onnxruntime_gpu jar).
 */
@Tag("gpu")
class GpuParityTest {
  /** GPU kernels sum in a different order than the CPU's; TF32 is off, so this is generous. */
  private static final double TOLERANCE = RepositoryConfig.DEFAULT_GOLDEN_TOLERANCE;

  @TempDir Path planCache;

  @ParameterizedTest
  @EnumSource(
      value = Accelerator.class,
      names = {"TENSORRT", "CUDA"})
  void shouldMatchGoldenOutputsOnTheGpu(Accelerator accelerator) throws Exception {
    assumeTrue(Files.exists(HostProbe.NVIDIA_CONTROL_DEVICE), "no NVIDIA GPU on this host");
    assumeTrue(
        accelerator != Accelerator.CUDA || !Boolean.getBoolean("airtrace.gpu.skipCuda"),
        "CUDA skipped (SKIP_CUDA=1)");
    InferenceConfig config = new InferenceConfig(accelerator, 0, true, 1, planCache);
    try (InferenceEngine engine = InferenceEngines.create(config)) {
      assertThat(engine.backend().backend().gpu()).isTrue();
      for (ModelManifest manifest : manifests()) {
        try (Model model = engine.load(manifest)) {
          double diff = GoldenSet.read(manifest).check(model, TOLERANCE);
          System.out.printf("%s on %s: max |Δ| %.2e%n", manifest.id(), model.backend(), diff);
          // a batch above the TensorRT profile's maximum runs in chunks
          int rows = TensorRtModel.MAX_BATCH + 3;
          assertThat(
                  model.run(java.nio.FloatBuffer.allocate(rows * manifest.input().rowSize()), rows)
                      .shape(manifest.outputs().get(0).name())[0])
              .isEqualTo(rows);
        }
      }
      if (accelerator == Accelerator.TENSORRT) {
        try (Stream<Path> plans = Files.list(planCache)) {
          assertThat(plans.filter(p -> p.toString().endsWith(".plan"))).isNotEmpty();
        }
      }
    }
  }

  private static List<ModelManifest> manifests() throws Exception {
    List<ModelManifest> all = new java.util.ArrayList<>();
    all.add(Fixtures.manifest(2));
    all.addAll(RepositoryModels.latest());
    return all;
  }
}
