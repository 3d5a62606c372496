package dev.airtrace.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendSelectionTest {
  @TempDir Path planCache;
  private final List<Backend> opened = new ArrayList<>();

  private InferenceConfig config(Accelerator accelerator, boolean strict) {
    return new InferenceConfig(accelerator, 0, strict, 1, planCache);
  }

  /** A host answering the cheap probes as told. */
  private static HostProbe host(boolean driver, boolean tensorRtLibrary) {
    return new HostProbe() {
      @Override
      public boolean nvidiaDriverPresent() {
        return driver;
      }

      @Override
      public Optional<Path> findLibrary(String fileName) {
        return tensorRtLibrary ? Optional.of(Path.of("/opt/trt", fileName)) : Optional.empty();
      }
    };
  }

  private BackendSelector.Opener fake(Backend backend) {
    return config -> {
      opened.add(backend);
      return new FakeEngine(backend, backend.gpu() ? config.deviceId() : -1);
    };
  }

  private BackendSelector.Opener failing(Backend backend, Throwable error) {
    return config -> {
      opened.add(backend);
      if (error instanceof Error e) {
        throw e;
      }
      throw (Exception) error;
    };
  }

  private BackendSelector.Openers fakes() {
    return new BackendSelector.Openers(
        fake(Backend.TENSORRT), fake(Backend.ORT_CUDA), fake(Backend.ORT_CPU));
  }

  @Test
  void shouldChooseTheCpuWithoutWarningOrGpuAttemptsWhenAutoFindsNoNvidiaDriver() {
    BackendSelector.Selection s =
        new BackendSelector(host(false, false), fakes()).select(config(Accelerator.AUTO, false));

    assertThat(s.engine().backend().backend()).isEqualTo(Backend.ORT_CPU);
    assertThat(s.fallbackWarning()).isEmpty();
    assertThat(opened).containsExactly(Backend.ORT_CPU);
  }

  @Test
  void shouldPreferTensorRtThenCudaWhenAutoFindsAGpu() {
    assertThat(
            new BackendSelector(host(true, true), fakes())
                .select(config(Accelerator.AUTO, false))
                .engine()
                .backend()
                .token())
        .isEqualTo("tensorrt:0");
    opened.clear();
    // without libnvinfer the TensorRT backend is not even tried
    BackendSelector.Selection cuda =
        new BackendSelector(host(true, false), fakes()).select(config(Accelerator.AUTO, false));
    assertThat(cuda.engine().backend().token()).isEqualTo("ort-cuda:0");
    assertThat(opened).containsExactly(Backend.ORT_CUDA);
  }

  @Test
  void shouldFallBackToTheCpuWithOneWarningWhenGpuBackendsFailToLink() {
    BackendSelector.Openers broken =
        new BackendSelector.Openers(
            failing(Backend.TENSORRT, new UnsatisfiedLinkError("no jninvinfer")),
            failing(Backend.ORT_CUDA, new NoClassDefFoundError("ai/onnxruntime/Whatever")),
            fake(Backend.ORT_CPU));
    BackendSelector.Selection s =
        new BackendSelector(host(true, true), broken).select(config(Accelerator.AUTO, false));

    assertThat(s.engine().backend().backend()).isEqualTo(Backend.ORT_CPU);
    assertThat(opened).containsExactly(Backend.TENSORRT, Backend.ORT_CUDA, Backend.ORT_CPU);
    assertThat(s.fallbackWarning())
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .contains("no jninvinfer")
                    .contains("NoClassDefFoundError")
                    .contains("falling back to ort-cpu"));
  }

  @Test
  void shouldFailAtStartupWhenAStrictlyRequestedAcceleratorIsMissing() {
    for (Accelerator gpu : List.of(Accelerator.CUDA, Accelerator.TENSORRT)) {
      assertThatThrownBy(
              () -> new BackendSelector(host(false, false), fakes()).select(config(gpu, true)))
          .isInstanceOf(InferenceException.class)
          .hasMessageContaining("accelerator " + gpu + " was requested with strict=true")
          .hasMessageContaining("/dev/nvidiactl is absent");
    }
    assertThat(opened).isEmpty();
  }

  @Test
  void shouldNameTheMissingTensorRtLibraryWhenStrict() {
    assertThatThrownBy(
            () ->
                new BackendSelector(host(true, false), fakes())
                    .select(config(Accelerator.TENSORRT, true)))
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("libnvinfer.so.11 is not on the library path");
  }

  @Test
  void shouldWarnAndUseTheCpuWhenALenientRequestCannotBeMet() {
    for (Accelerator gpu : List.of(Accelerator.CUDA, Accelerator.TENSORRT)) {
      BackendSelector.Selection s =
          new BackendSelector(host(false, false), fakes()).select(config(gpu, false));
      assertThat(s.engine().backend().backend()).isEqualTo(Backend.ORT_CPU);
      assertThat(s.fallbackWarning())
          .hasValueSatisfying(w -> assertThat(w).startsWith("accelerator " + gpu + " unavailable"));
    }
  }

  @Test
  void shouldCatchTheRealTensorRtNativesFailingToLoadOnThisCpuHost() {
    assumeFalse(Files.exists(HostProbe.NVIDIA_CONTROL_DEVICE), "a GPU host has the natives");
    // Lie about the host so the real JavaCPP TensorRT backend is actually touched.
    BackendSelector.Openers real = BackendSelector.Openers.real();
    BackendSelector.Selection s =
        new BackendSelector(
                host(true, true),
                new BackendSelector.Openers(real.tensorRt(), real.cuda(), fake(Backend.ORT_CPU)))
            .select(config(Accelerator.AUTO, false));

    assertThat(s.engine().backend().backend()).isEqualTo(Backend.ORT_CPU);
    assertThat(s.fallbackWarning())
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .containsPattern(
                        "tensorrt failed to start: java.lang.(UnsatisfiedLink|NoClassDefFound)Error")
                    .contains("ort-cuda failed to start")
                    .contains("no CUDA execution provider"));
  }

  @Test
  void shouldRefuseStrictCudaThroughTheFactoryOnThisCpuHost() {
    assumeFalse(Files.exists(HostProbe.NVIDIA_CONTROL_DEVICE), "only meaningful without a GPU");
    assertThatThrownBy(() -> InferenceEngines.create(config(Accelerator.CUDA, true)))
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("CUDA was requested with strict=true");
  }

  @Test
  void shouldSelectOrtCpuForAutoThroughTheFactoryOnThisCpuHost() {
    assumeFalse(Files.exists(HostProbe.NVIDIA_CONTROL_DEVICE), "only meaningful without a GPU");
    try (InferenceEngine engine = InferenceEngines.create(config(Accelerator.AUTO, true))) {
      assertThat(engine.backend().backend()).isEqualTo(Backend.ORT_CPU);
      assertThat(engine.backend().deviceId()).isEqualTo(-1);
    }
  }

  @Test
  void shouldFindALibraryOnTheJavaLibraryPath(@TempDir Path libs) throws Exception {
    Files.createFile(libs.resolve(HostProbe.TENSORRT_LIBRARY));
    String saved = System.getProperty("java.library.path");
    System.setProperty("java.library.path", libs.toString());
    try {
      assertThat(HostProbe.system().findLibrary(HostProbe.TENSORRT_LIBRARY))
          .contains(libs.resolve(HostProbe.TENSORRT_LIBRARY));
      assertThat(HostProbe.system().findLibrary("libnot-there.so.1")).isEmpty();
    } finally {
      System.setProperty("java.library.path", saved);
    }
  }

  private record FakeEngine(Backend kind, int device) implements InferenceEngine {
    @Override
    public BackendInfo backend() {
      return new BackendInfo(kind, device, "fake " + kind);
    }

    @Override
    public Model load(ModelManifest manifest) {
      throw new UnsupportedOperationException("selection tests load no models");
    }

    @Override
    public void close() {}
  }
}
