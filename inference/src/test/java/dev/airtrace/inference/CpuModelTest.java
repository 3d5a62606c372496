package dev.airtrace.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuModelTest {
  private static InferenceEngine engine;

  @BeforeAll
  static void openEngine() {
    engine = InferenceEngines.create(InferenceConfig.cpu());
  }

  @AfterAll
  static void closeEngine() {
    engine.close();
  }

  @Test
  void shouldReportTheCpuBackendWithOneIntraOpThread() {
    assertThat(engine.backend().backend()).isEqualTo(Backend.ORT_CPU);
    assertThat(engine.backend().token()).isEqualTo("ort-cpu");
    assertThat(engine.backend().description()).contains("1.29.0").contains("1 intra-op thread");
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
  }

  @Test
  void shouldMatchGoldenOutputsOfTheFixtureWithin1e5() {
    for (int version : new int[] {1, 2}) {
      ModelManifest manifest = Fixtures.manifest(version);
      try (Model model = engine.load(manifest)) {
        GoldenSet golden = GoldenSet.read(manifest);
        Outputs out = model.run(golden.input(), golden.batch());
        assertThat(golden.maxAbsDiff(out)).isLessThanOrEqualTo(1e-5);
        assertThat(out.shape("y")).containsExactly(golden.batch(), 2);
        assertThat(out.shape("score")).containsExactly(golden.batch());
      }
    }
  }

  @Test
  void shouldReadFromThePositionOfDirectAndHeapBuffers() {
    ModelManifest manifest = Fixtures.manifest(1);
    GoldenSet golden = GoldenSet.read(manifest);
    try (Model model = engine.load(manifest)) {
      float[] values = new float[golden.batch() * 4];
      golden.input().get(values);
      FloatBuffer direct =
          ByteBuffer.allocateDirect((values.length + 3) * Float.BYTES)
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
      direct.put(new float[3]).put(values).flip().position(3);
      FloatBuffer heap = FloatBuffer.allocate(values.length + 3);
      heap.put(new float[3]).put(values).flip().position(3);

      assertThat(golden.maxAbsDiff(model.run(direct, golden.batch()))).isLessThanOrEqualTo(1e-5);
      assertThat(golden.maxAbsDiff(model.run(heap, golden.batch()))).isLessThanOrEqualTo(1e-5);
      assertThat(direct.position()).isEqualTo(3);
    }
  }

  @Test
  void shouldRejectInputWhoseSizeDoesNotMatchTheBatch() {
    try (Model model = engine.load(Fixtures.manifest(1))) {
      assertThatThrownBy(() -> model.run(FloatBuffer.allocate(7), 2))
          .isInstanceOf(InferenceException.class)
          .hasMessageContaining("fixture-mlp@1")
          .hasMessageContaining("needs 8");
    }
  }

  @Test
  void shouldRefuseAFileWhoseHashDiffersFromTheSidecar(@TempDir Path tmp) {
    Fixtures.repository(tmp.resolve("repo")).shaMismatch(3);
    ModelManifest manifest = ModelManifest.read(tmp.resolve("repo/fixture-mlp/3/model.json"));
    assertThatThrownBy(() -> engine.load(manifest))
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("sha256 mismatch")
        .hasMessageContaining(manifest.onnx().toString());
  }

  @Test
  void shouldRefuseGarbageOnnxWithAMessageNamingTheFile(@TempDir Path tmp) {
    Fixtures.repository(tmp.resolve("repo")).garbageOnnx(3);
    ModelManifest manifest = ModelManifest.read(tmp.resolve("repo/fixture-mlp/3/model.json"));
    assertThatThrownBy(() -> engine.load(manifest))
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("cannot load")
        .hasMessageContaining(manifest.onnx().toString());
  }

  @Test
  void shouldRefuseAModelWhoseInputNameDisagreesWithTheSidecar(@TempDir Path tmp) {
    Path dir = tmp.resolve("repo/fixture-mlp/1");
    Fixtures.repository(tmp.resolve("repo")).version(1, 1);
    Fixtures.editSidecar(
        dir,
        json ->
            ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("inputs").get(0))
                .put("name", "window"));
    ModelManifest manifest = ModelManifest.read(dir.resolve("model.json"));
    assertThatThrownBy(() -> engine.load(manifest))
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("has inputs [x]")
        .hasMessageContaining("[window]");
  }

  @Test
  void shouldRefuseAModelWhoseOutputNamesDisagreeWithTheSidecar(@TempDir Path tmp) {
    Path dir = tmp.resolve("repo/fixture-mlp/1");
    Fixtures.repository(tmp.resolve("repo")).version(1, 1);
    Fixtures.editSidecar(
        dir,
        json ->
            ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("outputs").get(1))
                .put("name", "likelihood"));
    ModelManifest manifest = ModelManifest.read(dir.resolve("model.json"));
    assertThatThrownBy(() -> engine.load(manifest))
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("likelihood");
  }

  @Test
  void shouldGiveIdenticalResultsWhenManyThreadsRunOneModel() throws Exception {
    ModelManifest manifest = Fixtures.manifest(2);
    GoldenSet golden = GoldenSet.read(manifest);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (Model model = engine.load(manifest)) {
      List<Future<Double>> diffs = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        diffs.add(pool.submit(() -> golden.maxAbsDiff(model.run(golden.input(), golden.batch()))));
      }
      for (Future<Double> d : diffs) {
        assertThat(d.get()).isLessThanOrEqualTo(1e-5);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(Files.exists(manifest.onnx())).isTrue();
  }
}
