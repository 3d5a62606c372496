#!/usr/bin/env bash
# GPU tests of the inference module (docs/inference.md "GPU hosts"): TensorRT and ONNX Runtime CUDA
# against the golden files of the fixture and of every model under models/repository.
#
# Run on a host with an NVIDIA driver (/dev/nvidiactl). Needs:
#   TensorRT: TensorRT 11 (libnvinfer.so.11, libnvonnxparser.so.11) and the CUDA 13 runtime on
#             LD_LIBRARY_PATH (the JavaCPP jars carry only the JNI bridges);
#   CUDA:     the CUDA 12 runtime + cuDNN 9 for onnxruntime_gpu 1.29.0 (the -Pgpu profile, a 612 MB
#             jar); on a CUDA-13-only host the CUDA test fails with the missing library named, and
#             SKIP_CUDA=1 runs TensorRT only.
# Without a GPU every test here is skipped by assumption (exit 0), so the script is safe anywhere.
#
#   scripts/gpu-tests.sh                 # TensorRT + CUDA (-Pgpu)
#   SKIP_CUDA=1 scripts/gpu-tests.sh     # TensorRT only, CPU ONNX Runtime jar
# Extra arguments go to Maven. Pre-extracted ORT natives: -DargLine=-Donnxruntime.native.path=DIR
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -e /dev/nvidiactl ]; then
  echo "gpu-tests: no NVIDIA driver on this host (/dev/nvidiactl); the GPU tests will be skipped" >&2
fi
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,compute_cap,driver_version --format=csv,noheader || true
fi

profile=(-Pgpu)
skip_cuda=false
if [ "${SKIP_CUDA:-0}" = 1 ]; then
  profile=()
  skip_cuda=true
fi

# -Dgroups selects the @Tag("gpu") tests; the module excludes that tag by default.
./mvnw -B "${profile[@]}" -pl inference -am install -DskipTests -q
./mvnw -B "${profile[@]}" -pl inference verify \
  -Dgroups=gpu -Dinference.excludedGroups=none -Dtest=GpuParityTest \
  -Dairtrace.gpu.skipCuda="$skip_cuda" -Djacoco.skip=true "$@"
