package dev.airtrace.serving.testdata;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.inference.TensorSpec;
import dev.airtrace.localstack.TestWaits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Test data: manifests for fakes, the stand-in forecaster's repository, scaled waits. */
public final class TestModels {
  /** The stand-in forecaster written by src/test/python/make_test_forecaster.py (versions 1, 2). */
  public static final Path REPOSITORY = Path.of("src", "test", "resources", "repository");

  public static final String FORECASTER = "pm25-forecast";

  private TestModels() {}

  /** A manifest with input {@code x [-1, rowSize]} and output {@code y [-1, 1]}, no file. */
  public static ModelManifest fakeManifest(long version, int rowSize) {
    return new ModelManifest(
        "fake",
        version,
        "test",
        Path.of("fake.onnx"),
        "0".repeat(64),
        17,
        List.of(new TensorSpec("x", List.of(-1L, (long) rowSize))),
        List.of(new TensorSpec("y", List.of(-1L, 1L))),
        Path.of("model.json"),
        JsonNodeFactory.instance.objectNode());
  }

  /** {@code base} scaled by the {@code it.timeout.factor} property. */
  public static Duration atMost(Duration base) {
    return TestWaits.atMost(base);
  }
}
