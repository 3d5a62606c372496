package dev.airtrace.inference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Serialized TensorRT plans on disk. A plan is only valid for the GPU model and compute capability,
 * the TensorRT version and the exact ONNX file it was built from, and for the optimisation profile;
 * all of them are in the key, so a driver-compatible but different GPU, an upgraded TensorRT or a
 * new model version builds a fresh plan instead of loading a wrong one.
 *
 * <p>Pure Java (no natives) so it is tested on any host. Thread-safe: writes go to a temporary file
 * renamed into place, so concurrent builders of the same plan never expose a torn file.
 */
final class PlanCache {
  private final Path dir;

  PlanCache(Path dir) {
    this.dir = dir;
  }

  /**
   * What a plan depends on.
   *
   * @param gpuName the device name, e.g. {@code NVIDIA H100 80GB HBM3}
   * @param computeCapability e.g. {@code 9.0}
   * @param tensorRtVersion e.g. {@code 11.2.1}
   * @param modelSha256 the ONNX file's hash
   * @param profile the optimisation profile, e.g. {@code batch 1/32/512}
   */
  record Key(
      String gpuName,
      String computeCapability,
      String tensorRtVersion,
      String modelSha256,
      String profile) {

    /** A file name safe on any file system, readable enough to find a model's plans by eye. */
    String fileName(String modelName) {
      String all =
          String.join("\n", gpuName, computeCapability, tensorRtVersion, modelSha256, profile);
      return modelName
          + "-"
          + modelSha256.substring(0, 12)
          + "-sm"
          + computeCapability.replace(".", "")
          + "-trt"
          + tensorRtVersion
          + "-"
          + ModelFiles.sha256(all.getBytes(StandardCharsets.UTF_8)).substring(0, 16)
          + ".plan";
    }
  }

  Path path(String modelName, Key key) {
    return dir.resolve(key.fileName(modelName));
  }

  /** The cached plan, if there is one. */
  Optional<byte[]> load(String modelName, Key key) {
    try {
      return Optional.of(Files.readAllBytes(path(modelName, key)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new InferenceException("cannot read TensorRT plan " + path(modelName, key), e);
    }
  }

  /** Stores a plan; a failure to write only costs a rebuild next time, so it is not fatal. */
  Optional<IOException> store(String modelName, Key key, byte[] plan) {
    Path target = path(modelName, key);
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
      Files.write(tmp, plan);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(e);
    }
  }
}
