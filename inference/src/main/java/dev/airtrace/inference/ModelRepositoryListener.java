package dev.airtrace.inference;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Hears what a {@link ModelRepository} does with versions, for metrics and status output (the
 * gateway and the serving tier count swaps and refusals and export the serving version).
 *
 * <p>Called on the thread that loaded or refused the version (the rescan thread or the caller of
 * {@link ModelRepository#reload()}); implementations must be quick and thread-safe. An exception
 * thrown here is logged and otherwise ignored.
 */
public interface ModelRepositoryListener {

  /** A version became current (at startup {@code previous} is empty). */
  default void onVersionChange(VersionChange change) {}

  /** A version was refused; the previous one (if any) keeps serving. */
  default void onRefused(Refusal refusal) {}

  /**
   * @param name the model name
   * @param previous the version that was serving, empty at startup
   * @param current the manifest of the version now serving
   */
  record VersionChange(String name, OptionalLong previous, ModelManifest current) {
    public VersionChange {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(previous, "previous");
      Objects.requireNonNull(current, "current");
    }
  }

  /**
   * @param name the model name
   * @param version the refused version
   * @param file the file at fault (the ONNX file or the sidecar)
   * @param reason why, as logged
   */
  record Refusal(String name, long version, Path file, String reason) {
    public Refusal {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
