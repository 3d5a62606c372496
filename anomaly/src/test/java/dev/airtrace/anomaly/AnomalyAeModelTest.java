package dev.airtrace.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.inference.InferenceEngine;
import dev.airtrace.inference.InferenceEngines;
import dev.airtrace.inference.Model;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.inference.ModelRepository;
import dev.airtrace.inference.RepositoryConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detector with the committed anomaly-ae model on the CPU (ONNX Runtime through DJL). */
class AnomalyAeModelTest {
  private static InferenceEngine engine;

  @BeforeAll
  static void openEngine() {
    engine = InferenceEngines.create(InferenceConfig.cpu());
  }

  @AfterAll
  static void closeEngine() {
    engine.close();
  }

  private static Path sidecar() {
    return RepositoryLocation.models().resolve("anomaly-ae/1/model.json");
  }

  @Test
  void shouldReproduceGoldenScoresOnCpu() throws IOException {
    ModelManifest manifest = ModelManifest.read(sidecar());
    WindowSpec spec = WindowSpec.fromManifest(manifest);
    Path dir = sidecar().getParent();
    float[] input = floats(dir.resolve("golden-input.bin"));
    float[] expected = floats(dir.resolve("golden-score.bin"));
    try (Model model = engine.load(manifest)) {
      float[] actual = model.run(FloatBuffer.wrap(input), expected.length).get("score");
      assertThat(input).hasSize(expected.length * spec.length());
      for (int i = 0; i < expected.length; i++) {
        assertThat((double) actual[i])
            .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5));
      }
    }
  }

  @Test
  void shouldFlagSpikeWithRealModelAndNameModelAndBackend() {
    List<Observation> s = Series.of("pa-1").length(3000).spike(2500, 40).build();
    try (ModelRepository repo =
            ModelRepository.open(
                engine,
                RepositoryConfig.builder(RepositoryLocation.models(), "anomaly-ae")
                    .rescanInterval(Duration.ZERO)
                    .build());
        StreamingAnomalyDetector d =
            AnomalyDetectors.create(AnomalyConfig.defaults(), repo.model("anomaly-ae"))) {
      List<AnomalyVerdict> v = new ArrayList<>();
      for (Observation o : s) {
        v.addAll(d.observe(List.of(o)));
      }
      assertThat(v.get(2500).anomalous()).isTrue();
      assertThat(v.get(2500).modelId()).isEqualTo("anomaly-ae@1");
      assertThat(v.get(2500).accelerator()).isEqualTo("ort-cpu");
      // once the baselines have settled, ordinary noise raises at most one false alert in 1000
      assertThat(v.subList(1500, 2500).stream().filter(AnomalyVerdict::anomalous).count())
          .isLessThanOrEqualTo(1);
    }
  }

  @Test
  void shouldUseVersionDroppedIntoRepositoryWithoutRestart(@TempDir Path root) throws IOException {
    copyVersion(sidecar().getParent(), root.resolve("anomaly-ae/1"), 1);
    List<Observation> s = Series.of("pa-2").length(200).build();
    try (ModelRepository repo =
            ModelRepository.open(
                engine,
                RepositoryConfig.builder(root, "anomaly-ae")
                    .rescanInterval(Duration.ZERO)
                    .build());
        StreamingAnomalyDetector d =
            AnomalyDetectors.create(AnomalyConfig.defaults(), repo.model("anomaly-ae"))) {
      List<AnomalyVerdict> before = d.observe(s.subList(0, 100));
      copyVersion(sidecar().getParent(), root.resolve("anomaly-ae/2"), 2);
      repo.reload();
      List<AnomalyVerdict> after = d.observe(s.subList(100, 200));
      assertThat(before.get(99).modelId()).isEqualTo("anomaly-ae@1");
      assertThat(after).allMatch(v -> v.modelId().equals("anomaly-ae@2"));
    }
  }

  private static void copyVersion(Path from, Path to, int version) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    Path json = to.resolve("model.json");
    String text =
        Files.readString(json).replaceFirst("\"version\": 1,", "\"version\": " + version + ",");
    Files.writeString(json, text);
  }

  private static float[] floats(Path file) throws IOException {
    FloatBuffer b =
        ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] out = new float[b.remaining()];
    b.get(out);
    return out;
  }
}
