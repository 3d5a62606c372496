#!/usr/bin/env bash
# Retrains every airtrace model with Debian's own interpreter (python3-torch, python3-onnx).
# Installs nothing. Datasets are read from ../shared/data (or $AIRTRACE_DATA); see docs/models.md.
# Each script overwrites models/repository/<name>/<version>/ (model.onnx, model.json, golden-*.bin)
# and prints its metrics table; compare with `git diff --stat models/repository` afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "need Debian's $PY with python3-torch and python3-onnx (apt-get install python3-torch python3-onnx)" >&2; exit 1; }

run() { echo "== $1"; "$PY" "$1"; }
run models/calibration/train_calibration.py   # -> models/repository/pm25-calibration/1
run models/forecast/train_forecast.py         # -> models/repository/pm25-forecast/1 (kept reproducible)
# F2_CACHE=1 keeps @2's weights in /tmp (reused if already there): they are one of @3's two members
F2_CACHE=1 run models/forecast/train_forecast_v2.py   # -> models/repository/pm25-forecast/2
F3_EXPORT=1 F3_ARCH=v3 F3_EPOCHS=8 F3_WITH_V2=1 \
  run models/forecast/train_forecast_v3.py    # -> models/repository/pm25-forecast/3 (served: highest version)
run models/anomaly/train.py                  # -> models/repository/anomaly-ae/1

echo "results: models/repository/*/*/model.json (metrics, training sections); git diff shows what changed"
