"""Shared helpers for airtrace's training scripts: seeding, ONNX export, sidecar and golden files.

Every model is written as a model-repository version directory
``models/repository/<name>/<version>/`` holding ``model.onnx`` (opset 17), ``model.json`` (the
``airtrace-model/1`` sidecar read by the Java inference module) and golden input/output files
(little-endian float32) that the Java parity tests compare against at 1e-5.

Run with Debian's own interpreter (``/usr/bin/python3``) and the Debian packages python3-torch and
python3-onnx; a pyenv python has neither.
"""

import hashlib
import json
import os
import random
import sys

import numpy as np
import torch

FORMAT = "airtrace-model/1"
OPSET = 17
REPOSITORY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "repository")
DEFAULT_DATA = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data"))


def require_debian_python():
    """Fail early, with the fix, when run by an interpreter without Debian's torch."""
    if not sys.executable.startswith("/usr/bin/"):
        sys.exit(f"run with Debian's /usr/bin/python3 (apt-get install python3-torch python3-onnx),"
                 f" not {sys.executable}")


def seed_everything(seed):
    """Seeds Python, NumPy and torch and asks torch for deterministic kernels, single-threaded."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)


def data_path(relative, env="AIRTRACE_DATA"):
    """A dataset path under ../shared/data (or $AIRTRACE_DATA); exits with how to get it if absent."""
    root = os.environ.get(env, DEFAULT_DATA)
    path = os.path.join(root, relative)
    if not os.path.exists(path):
        sys.exit(f"dataset not found: {path}\n"
                 f"put the public datasets under {root} (see shared/data/*/README.md) or set {env}")
    return path


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def version_dir(name, version):
    d = os.path.join(REPOSITORY, name, str(version))
    os.makedirs(d, exist_ok=True)
    return d


def export(model, example, name, version, task, input_name, output_names, extra, golden_batch=8):
    """Exports ``model`` to ONNX (opset 17, dynamic batch), writes golden files and the sidecar.

    ``example`` is a float32 tensor ``[B, ...]`` with B >= golden_batch; its first golden_batch rows
    become the golden input. ``extra`` holds the task sections (normalisation, training, metrics...).
    Returns the version directory.
    """
    d = version_dir(name, version)
    onnx_path = os.path.join(d, "model.onnx")
    model.eval()
    example = example[:golden_batch].contiguous().float()
    dynamic = {input_name: {0: "batch"}}
    for o in output_names:
        dynamic[o] = {0: "batch"}
    with torch.no_grad():
        torch.onnx.export(model, example, onnx_path, opset_version=OPSET,
                          input_names=[input_name], output_names=list(output_names),
                          dynamic_axes=dynamic, do_constant_folding=True)
        outs = model(example)
    if not isinstance(outs, (tuple, list)):
        outs = (outs,)
    import onnx  # imported late: only export needs it
    onnx.checker.check_model(onnx.load(onnx_path))
    example.numpy().astype("<f4").tofile(os.path.join(d, "golden-input.bin"))
    golden_outputs = {}
    out_specs = []
    for o, t in zip(output_names, outs):
        fname = f"golden-{o}.bin"
        t.detach().numpy().astype("<f4").tofile(os.path.join(d, fname))
        golden_outputs[o] = fname
        out_specs.append({"name": o, "shape": [-1] + list(t.shape[1:])})
    sidecar = {
        "format": FORMAT,
        "name": name,
        "version": int(version),
        "task": task,
        "file": "model.onnx",
        "sha256": sha256(onnx_path),
        "opset": OPSET,
        "inputs": [{"name": input_name, "shape": [-1] + list(example.shape[1:])}],
        "outputs": out_specs,
        "golden": {"batch": golden_batch, "input": "golden-input.bin", "outputs": golden_outputs},
        "framework": {"torch": torch.__version__, "numpy": np.__version__},
    }
    sidecar.update(extra)
    with open(os.path.join(d, "model.json"), "w") as f:
        json.dump(sidecar, f, indent=2, sort_keys=False)
        f.write("\n")
    return d
