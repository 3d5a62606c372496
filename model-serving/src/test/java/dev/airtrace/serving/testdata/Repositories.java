package dev.airtrace.serving.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** Copies of the test model repository that tests may change (drop, break versions). */
public final class Repositories {
  private Repositories() {}

  /** A repository under {@code dir} holding the given versions of the stand-in forecaster. */
  public static Path withVersions(Path dir, long... versions) {
    for (long v : versions) {
      copyVersion(TestModels.REPOSITORY, dir, v, v);
    }
    return dir;
  }

  /**
   * Copies version {@code from} of the source repository to version {@code to} of {@code target},
   * building it beside the repository and renaming it into place (as operators are told to), with
   * the sidecar's version rewritten.
   */
  public static void copyVersion(Path source, Path target, long from, long to) {
    try {
      Path model = target.resolve(TestModels.FORECASTER);
      Files.createDirectories(model);
      Path staging = Files.createTempDirectory(target, ".staging-");
      Path src = source.resolve(TestModels.FORECASTER).resolve(Long.toString(from));
      try (Stream<Path> files = Files.list(src)) {
        for (Path f : files.toList()) {
          Files.copy(f, staging.resolve(f.getFileName().toString()));
        }
      }
      Path sidecar = staging.resolve("model.json");
      String json = Files.readString(sidecar);
      Files.writeString(sidecar, json.replace("\"version\": " + from, "\"version\": " + to));
      Files.move(staging, model.resolve(Long.toString(to)), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Drops version {@code to}: a copy of version {@code from} whose ONNX file is corrupt. */
  public static void dropBrokenVersion(Path target, long from, long to) {
    try {
      Path staging = Files.createTempDirectory(target, ".broken-");
      Path src = TestModels.REPOSITORY.resolve(TestModels.FORECASTER).resolve(Long.toString(from));
      for (String name : List.of("model.json", "golden-input.bin", "golden-pm2_5.bin")) {
        Files.copy(src.resolve(name), staging.resolve(name));
      }
      Path sidecar = staging.resolve("model.json");
      Files.writeString(
          sidecar, Files.readString(sidecar).replace("\"version\": " + from, "\"version\": " + to));
      Files.write(staging.resolve("model.onnx"), new byte[] {1, 2, 3, 4});
      Files.move(
          staging,
          target.resolve(TestModels.FORECASTER).resolve(Long.toString(to)),
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
