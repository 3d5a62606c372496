package dev.airtrace.inference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The committed fixture models (models/fixtures/make_fixtures.py) and a builder that lays out a
 * model repository in a temp directory, with good and deliberately broken versions.
 */
final class Fixtures {
  static final String NAME = "fixture-mlp";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /** The committed fixture repository on the test classpath. */
  static Path committedRepository() {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures/repository").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The manifest of committed fixture version 1 or 2. */
  static ModelManifest manifest(int version) {
    return ModelManifest.read(
        committedRepository().resolve(NAME).resolve(String.valueOf(version)).resolve("model.json"));
  }

  /** A model repository under {@code root} built version by version. */
  static RepositoryBuilder repository(Path root) {
    return new RepositoryBuilder(root);
  }

  static final class RepositoryBuilder {
    private final Path root;

    RepositoryBuilder(Path root) {
      this.root = root;
    }

    Path root() {
      return root;
    }

    /**
     * Version {@code version} of fixture-mlp with the weights of committed version {@code from}.
     */
    RepositoryBuilder version(int version, int from) {
      Path source = committedRepository().resolve(NAME).resolve(String.valueOf(from));
      // Built beside the repository and moved in whole, as docs/inference.md tells operators to.
      Path staging = root.resolveSibling(".staging-" + version);
      copyDir(source, staging);
      editSidecar(staging, json -> json.put("version", version));
      try {
        Files.createDirectories(dir(version).getParent());
        Files.move(staging, dir(version), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    /** A version whose ONNX file is garbage but whose sidecar hash matches it. */
    RepositoryBuilder garbageOnnx(int version) {
      return broken(
          version,
          dir -> {
            byte[] garbage = "this is not an ONNX protobuf".getBytes();
            Files.write(dir.resolve("model.onnx"), garbage);
            editSidecar(dir, json -> json.put("sha256", ModelFiles.sha256(garbage)));
          });
    }

    /** A version whose sidecar hash does not match its ONNX file. */
    RepositoryBuilder shaMismatch(int version) {
      return broken(version, dir -> editSidecar(dir, json -> json.put("sha256", "0".repeat(64))));
    }

    /** A version whose model runs but whose golden outputs disagree with it. */
    RepositoryBuilder failingGolden(int version) {
      return broken(
          version,
          dir -> {
            Path golden = dir.resolve("golden-y.bin");
            ByteBuffer b =
                ByteBuffer.wrap(Files.readAllBytes(golden)).order(ByteOrder.LITTLE_ENDIAN);
            b.putFloat(0, b.getFloat(0) + 0.5f);
            Files.write(golden, b.array());
          });
    }

    Path dir(int version) {
      return root.resolve(NAME).resolve(String.valueOf(version));
    }

    private RepositoryBuilder broken(int version, IoAction breakIt) {
      Path staging = root.resolveSibling(".staging-" + version);
      copyDir(committedRepository().resolve(NAME).resolve("2"), staging);
      try {
        editSidecar(staging, json -> json.put("version", version));
        breakIt.run(staging);
        Files.createDirectories(dir(version).getParent());
        Files.move(staging, dir(version), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }
  }

  interface IoAction {
    void run(Path dir) throws IOException;
  }

  interface JsonEdit {
    void apply(ObjectNode sidecar);
  }

  static void editSidecar(Path dir, JsonEdit edit) {
    Path file = dir.resolve("model.json");
    try {
      ObjectNode json = (ObjectNode) JSON.readTree(file.toFile());
      edit.apply(json);
      JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void copyDir(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
