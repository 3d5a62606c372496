package dev.airtrace.inference;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Cheap questions about the host, answered from the file system without loading any native library:
 * they decide whether a GPU backend is worth trying at all, so a CPU host never pays for extracting
 * or linking GPU natives.
 */
interface HostProbe {
  /** The NVIDIA driver's control device; absent on every host without an NVIDIA GPU driver. */
  Path NVIDIA_CONTROL_DEVICE = Path.of("/dev/nvidiactl");

  /** TensorRT 11's core library, which the JavaCPP JNI bridge links against. */
  String TENSORRT_LIBRARY = "libnvinfer.so.11";

  /** Whether an NVIDIA driver is present. */
  boolean nvidiaDriverPresent();

  /** Where a shared library of this exact file name is, if it is on the library search path. */
  Optional<Path> findLibrary(String fileName);

  /** The real host. */
  static HostProbe system() {
    return new HostProbe() {
      @Override
      public boolean nvidiaDriverPresent() {
        return Files.exists(NVIDIA_CONTROL_DEVICE);
      }

      @Override
      public Optional<Path> findLibrary(String fileName) {
        return librarySearchPath().stream()
            .map(dir -> dir.resolve(fileName))
            .filter(Files::isReadable)
            .findFirst();
      }
    };
  }

  /**
   * Directories the dynamic linker and the JVM search: {@code LD_LIBRARY_PATH}, {@code
   * java.library.path}, then the usual system and CUDA/TensorRT install locations (the linker's
   * cache is not parsed; hosts with TensorRT elsewhere put it on {@code LD_LIBRARY_PATH}).
   */
  static List<Path> librarySearchPath() {
    Set<String> dirs = new LinkedHashSet<>();
    String ld = System.getenv("LD_LIBRARY_PATH");
    if (ld != null) {
      dirs.addAll(List.of(ld.split(File.pathSeparator)));
    }
    dirs.addAll(List.of(System.getProperty("java.library.path", "").split(File.pathSeparator)));
    dirs.addAll(
        List.of(
            "/usr/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64",
            "/usr/lib",
            "/usr/local/lib",
            "/usr/local/cuda/lib64",
            "/usr/local/tensorrt/lib",
            "/opt/tensorrt/lib"));
    List<Path> paths = new ArrayList<>();
    for (String d : dirs) {
      if (!d.isBlank()) {
        paths.add(Path.of(d));
      }
    }
    return paths;
  }
}
