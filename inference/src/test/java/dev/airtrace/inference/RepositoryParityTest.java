package dev.airtrace.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model committed under models/repository (and the fixture) reproduces its golden outputs,
 * computed by PyTorch at export, within 1e-5 on the CPU backend; and the repository serves each
 * model's highest version.
 */
class RepositoryParityTest {
  private static final double PARITY = 1e-5;
  private static InferenceEngine engine;

  @BeforeAll
  static void openEngine() {
    engine = InferenceEngines.create(InferenceConfig.cpu());
  }

  @AfterAll
  static void closeEngine() {
    engine.close();
  }

  static Stream<Path> committedModels() throws IOException {
    return Stream.concat(
        Stream.of(1, 2)
            .map(
                v ->
                    Fixtures.committedRepository()
                        .resolve(Fixtures.NAME + "/" + v + "/model.json")),
        RepositoryModels.sidecars().stream());
  }

  @Test
  void shouldFindTheCommittedModels() throws IOException {
    assertThat(RepositoryModels.sidecars())
        .as("models under %s", RepositoryModels.root().toAbsolutePath())
        .isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("committedModels")
  void shouldReproduceGoldenOutputsWithin1e5OnTheCpu(Path sidecar) {
    ModelManifest manifest = ModelManifest.read(sidecar);
    try (Model model = engine.load(manifest)) {
      double diff = GoldenSet.read(manifest).check(model, PARITY);
      assertThat(diff).isLessThanOrEqualTo(PARITY);
    }
  }

  @Test
  void shouldServeTheHighestVersionOfEveryCommittedModel() throws IOException {
    List<ModelManifest> latest = RepositoryModels.latest();
    String[] names = latest.stream().map(ModelManifest::name).toArray(String[]::new);
    RepositoryConfig config =
        RepositoryConfig.builder(RepositoryModels.root(), names)
            .rescanInterval(java.time.Duration.ZERO)
            .build();
    try (ModelRepository repository = ModelRepository.open(engine, config)) {
      for (ModelManifest m : latest) {
        assertThat(repository.versions()).containsEntry(m.name(), m.version());
      }
    }
  }
}
